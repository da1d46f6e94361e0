import { exitWith, startToolProcess } from './cli/process';
import { runDoctorCommand } from './doctor/cli';
import { createOciDoctorWorld } from './doctor/oci/world';

// Ctrl-C: the check under way finishes, the rest are skipped, a probe object is deleted; a second one quits at once.
const tool = startToolProcess();
exitWith('doctor', runDoctorCommand(process.argv.slice(2), () => createOciDoctorWorld(process.env), { print: tool.print, signal: tool.signal }));
