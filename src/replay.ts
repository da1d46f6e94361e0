import { exitWith, startToolProcess } from './cli/process';
import { runReplayCommand } from './replay/cli';

// A first Ctrl-C: no new object starts, those in flight finish and are recorded, then the summary.
// A second one quits at once; the state file has every completed object.
const tool = startToolProcess();
exitWith(
  'replay',
  runReplayCommand(process.argv.slice(2), process.env, {
    print: tool.print,
    // A pipe takes lines as fast as its reader does: a long listing waits for it rather than piling up here.
    drained: tool.drained,
    progressStream: process.stderr,
    stdin: process.stdin,
    signal: tool.signal,
  }),
);
