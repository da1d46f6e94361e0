import * as fdk from '@fnproject/fdk';
import { buildHandler } from './app/buildHandler';

// Built once per container; the fdk then calls it for every event on the unix socket.
const handler = buildHandler(process.env, (line) => process.stdout.write(line));

fdk.handle((input, ctx) => handler(input, { callId: ctx.callID, deadline: ctx.deadline }), { inputMode: 'buffer' });
