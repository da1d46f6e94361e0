/**
 * The floor function's entry: bundled on its own (test/bench/floorBuild.ts) and started from a
 * layout like the image's, as the function is.
 */
import * as fdk from '@fnproject/fdk';
import { createFloor } from './deliver';
import { resourcePrincipalSession } from './oci';

const handle = createFloor(process.env, resourcePrincipalSession(process.env));
fdk.handle((input) => handle(input as Buffer), { inputMode: 'buffer' });
