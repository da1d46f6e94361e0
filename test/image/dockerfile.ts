import { posix } from 'node:path';

/**
 * What the Dockerfile's last (runtime) stage puts in the image and how it starts the function,
 * read from the Dockerfile's text alone. Anything this reading cannot reproduce faithfully is an
 * error naming the line, never a silent guess: the figures and checks built on it are only worth
 * something if the reproduction is the image.
 */
export class DockerfileError extends Error {
  override name = 'DockerfileError';
}

/** A file or folder the runtime stage copies from an earlier stage, named as the repo holds it. */
export interface CopyStep {
  kind: 'copy';
  /** Path in the repository (relative to its root): the build stage's WORKDIR is the repo root. */
  sourceInRepo: string;
  /** Absolute path in the image. */
  destination: string;
  /** The destination names a folder that receives the source (it ends in `/` or several sources share it). */
  intoFolder: boolean;
  line: number;
}

/** A RUN of the runtime stage, replayed in the reproduction (see layout.ts for what it allows). */
export interface RunStep {
  kind: 'run';
  /** Shell form: one command line; exec form: the argv. */
  command: string | string[];
  workdir: string;
  env: Record<string, string>;
  line: number;
}

export type Step = CopyStep | RunStep;

export interface RuntimeStage {
  /** The build stage's WORKDIR: image paths under it come from the repo's own files. */
  buildWorkdir: string;
  /** The WORKDIR the ENTRYPOINT runs in. */
  workdir: string;
  /** Every WORKDIR the stage sets: folders that exist in the image even if nothing is copied there. */
  workdirs: string[];
  steps: Step[];
  /** ENV of the stage, in the process environment of the function. */
  env: Record<string, string>;
  /** The node flags of the ENTRYPOINT (and CMD), in order. */
  nodeArgs: string[];
  /** Absolute image path of the script node runs. */
  script: string;
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  name: string | undefined;
  index: number;
  instructions: Instruction[];
}

/** Node flags that take their value as the next argument (the `--flag=value` form needs no entry). */
const NODE_FLAGS_WITH_VALUE = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '--snapshot-blob',
  '--env-file',
  '-C',
  '--conditions',
  '--title',
]);

/** Instructions of the runtime stage that change nothing this reproduction can observe. */
const IGNORED = new Set(['LABEL', 'EXPOSE', 'USER', 'STOPSIGNAL', 'HEALTHCHECK', 'MAINTAINER']);

function splitInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    // Comments (and parser directives) only count at the start of a line, even inside a continuation.
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) return;
    const continued = trimmed.endsWith('\\');
    const body = continued ? trimmed.slice(0, -1) : trimmed;
    pending = pending ? { text: `${pending.text} ${body}`, line: pending.line } : { text: body, line };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/s.exec(pending.text.trim());
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  if (pending) throw new DockerfileError(`line ${pending.line}: the last instruction ends with a line continuation`);
  return instructions;
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const name = words.length === 3 && words[1]!.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
      stages.push({ name, index: stages.length, instructions: [] });
    } else if (instruction.keyword === 'ARG' && stages.length === 0) {
      continue; // an ARG before the first FROM only parameterises FROM lines
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new DockerfileError('the Dockerfile has no FROM: there is no stage to reproduce');
  return stages;
}

function noVariables(instruction: Instruction, text: string): void {
  if (text.includes('$')) {
    throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} uses a variable ($), which the reproduction does not substitute`);
  }
}

function jsonArray(instruction: Instruction): string[] | undefined {
  if (!instruction.args.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(instruction.args);
  } catch {
    throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} starts like a JSON array but is not valid JSON`);
  }
  if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== 'string')) {
    throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} must be a JSON array of strings`);
  }
  return parsed as string[];
}

function workdirOf(stage: Stage): string {
  let workdir = '/';
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') {
      noVariables(instruction, instruction.args);
      workdir = posix.resolve(workdir, instruction.args);
    }
  }
  return workdir;
}

/** `KEY=value KEY2="value 2"` or the legacy `KEY value`. */
function parseEnv(instruction: Instruction): Record<string, string> {
  noVariables(instruction, instruction.args);
  const env: Record<string, string> = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(instruction.args)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s.exec(instruction.args);
    if (!match) throw new DockerfileError(`line ${instruction.line}: ENV must be KEY=value or KEY value`);
    env[match[1]!] = match[2]!;
    return env;
  }
  const pairs = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)(\s+|$)/gy;
  let consumed = 0;
  for (const match of instruction.args.matchAll(pairs)) {
    const value = match[2]!;
    env[match[1]!] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value.startsWith("'") ? value.slice(1, -1) : value;
    consumed = (match.index ?? 0) + match[0].length;
  }
  if (consumed !== instruction.args.length) throw new DockerfileError(`line ${instruction.line}: ENV could not be read as KEY=value pairs`);
  return env;
}

function parseCopy(instruction: Instruction, stages: Stage[], current: Stage, workdir: string): { copies: CopyStep[]; sourceWorkdir: string } {
  const words = jsonArray(instruction) ?? instruction.args.split(/\s+/);
  let from: string | undefined;
  const paths: string[] = [];
  for (const word of words) {
    if (paths.length === 0 && word.startsWith('--')) {
      const [flag, value] = word.split('=', 2) as [string, string | undefined];
      if (flag === '--from' && value) from = value.toLowerCase();
      else if (!['--chown', '--chmod', '--link'].includes(flag)) {
        throw new DockerfileError(`line ${instruction.line}: COPY ${flag} is not reproduced`);
      }
    } else {
      paths.push(word);
    }
  }
  noVariables(instruction, paths.join(' '));
  if (paths.length < 2) throw new DockerfileError(`line ${instruction.line}: COPY needs a source and a destination`);
  if (from === undefined) {
    throw new DockerfileError(
      `line ${instruction.line}: COPY from the build context in the runtime stage is not reproduced; copy from the build stage (COPY --from=<stage>)`,
    );
  }
  const source = stages.find((stage) => stage.name === from || String(stage.index) === from);
  if (!source || source === current) {
    throw new DockerfileError(`line ${instruction.line}: COPY --from=${from} names no earlier stage of this Dockerfile (an image is not reproduced)`);
  }
  const buildWorkdir = workdirOf(source);
  const destinationText = paths.at(-1)!;
  const sources = paths.slice(0, -1);
  const intoFolder = destinationText.endsWith('/') || sources.length > 1;
  const destination = posix.resolve(workdir, destinationText);
  const copies = sources.map((path): CopyStep => {
    if (/[*?[]/.test(path)) throw new DockerfileError(`line ${instruction.line}: COPY source ${path} has a wildcard, which is not reproduced`);
    // COPY --from reads paths from the stage's root, whatever its WORKDIR.
    const absolute = posix.resolve('/', path);
    const inRepo = posix.relative(buildWorkdir, absolute);
    if (inRepo.startsWith('..') || posix.isAbsolute(inRepo)) {
      throw new DockerfileError(
        `line ${instruction.line}: COPY --from=${from} ${path} is outside that stage's WORKDIR ${buildWorkdir}, so it is not one of the repo's files`,
      );
    }
    return { kind: 'copy', sourceInRepo: inRepo === '' ? '.' : inRepo, destination, intoFolder, line: instruction.line };
  });
  return { copies, sourceWorkdir: buildWorkdir };
}

function splitEntrypoint(argv: string[], line: number, workdir: string): { nodeArgs: string[]; script: string } {
  const [executable, ...rest] = argv;
  if (executable === undefined || posix.basename(executable) !== 'node') {
    throw new DockerfileError(`line ${line}: the ENTRYPOINT must start node (found ${JSON.stringify(executable ?? '')})`);
  }
  const nodeArgs: string[] = [];
  let index = 0;
  while (index < rest.length && rest[index]!.startsWith('-')) {
    const flag = rest[index]!;
    nodeArgs.push(flag);
    index += 1;
    if (NODE_FLAGS_WITH_VALUE.has(flag)) {
      if (index >= rest.length) throw new DockerfileError(`line ${line}: node flag ${flag} has no value`);
      nodeArgs.push(rest[index]!);
      index += 1;
    }
  }
  const script = rest[index];
  if (script === undefined) throw new DockerfileError(`line ${line}: the ENTRYPOINT names no script for node to run`);
  if (index + 1 < rest.length) {
    throw new DockerfileError(`line ${line}: arguments after the script (${rest.slice(index + 1).join(' ')}) are not reproduced`);
  }
  return { nodeArgs, script: posix.resolve(workdir, script) };
}

/** Reads the last stage of `text`, the runtime image. */
export function readRuntimeStage(text: string): RuntimeStage {
  const stages = splitStages(splitInstructions(text));
  const stage = stages.at(-1)!;
  let workdir = '/';
  const workdirs: string[] = [];
  const env: Record<string, string> = {};
  const steps: Step[] = [];
  let entrypoint: { argv: string[]; line: number } | undefined;
  let cmd: { argv: string[]; line: number } | undefined;
  let buildWorkdir: string | undefined;

  for (const instruction of stage.instructions) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        noVariables(instruction, instruction.args);
        workdir = posix.resolve(workdir, instruction.args);
        workdirs.push(workdir);
        break;
      case 'ENV':
        Object.assign(env, parseEnv(instruction));
        break;
      case 'ARG':
        break; // without a value used anywhere (variables are refused where they would matter)
      case 'COPY': {
        const { copies, sourceWorkdir } = parseCopy(instruction, stages, stage, workdir);
        if (buildWorkdir !== undefined && buildWorkdir !== sourceWorkdir) {
          throw new DockerfileError(`line ${instruction.line}: copies come from stages with different WORKDIRs, which is not reproduced`);
        }
        buildWorkdir = sourceWorkdir;
        steps.push(...copies);
        break;
      }
      case 'RUN': {
        const argv = jsonArray(instruction);
        steps.push({ kind: 'run', command: argv ?? instruction.args, workdir, env: { ...env }, line: instruction.line });
        break;
      }
      case 'ENTRYPOINT': {
        const argv = jsonArray(instruction);
        if (!argv) throw new DockerfileError(`line ${instruction.line}: the ENTRYPOINT must be in exec form (a JSON array); the shell form is not reproduced`);
        noVariables(instruction, argv.join(' '));
        entrypoint = { argv, line: instruction.line };
        break;
      }
      case 'CMD': {
        const argv = jsonArray(instruction);
        if (!argv) throw new DockerfileError(`line ${instruction.line}: CMD must be in exec form (a JSON array); the shell form is not reproduced`);
        cmd = { argv, line: instruction.line };
        break;
      }
      default:
        if (!IGNORED.has(instruction.keyword)) {
          throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} in the runtime stage is not reproduced`);
        }
    }
  }
  const start = entrypoint ? { argv: [...entrypoint.argv, ...(cmd?.argv ?? [])], line: entrypoint.line } : cmd;
  if (!start) throw new DockerfileError('the runtime stage has neither ENTRYPOINT nor CMD: nothing says how the function starts');
  if (buildWorkdir === undefined) throw new DockerfileError('the runtime stage copies nothing from the build stage: there is no function in it');
  return { buildWorkdir, workdir, workdirs, steps, env, ...splitEntrypoint(start.argv, start.line, workdir) };
}
