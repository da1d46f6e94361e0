import * as fdk from '@fnproject/fdk';
import { buildHandler } from './app/buildHandler';
import { routeConsoleTo } from './logging/console';

// Built once per container; the fdk then calls the handler for every event on its unix socket.
const { handler, logger } = buildHandler(process.env, (line) => process.stdout.write(line));
routeConsoleTo(logger);

fdk.handle((input, ctx) => handler(input, { callId: ctx.callID, deadline: ctx.deadline }), { inputMode: 'buffer' });
