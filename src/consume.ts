import { exitWith, startToolProcess } from './cli/process';
import { runConsumer } from './consume/cli';

// Ctrl-C stops reading after the message in hand; a second one quits at once.
const tool = startToolProcess();
exitWith('consume', runConsumer(process.argv.slice(2), process.env, tool.print, tool.signal));
