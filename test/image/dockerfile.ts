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

/** A file or folder a stage copies: from the build context (the repo) or from the build stage. */
export interface CopyStep {
  kind: 'copy';
  from: 'context' | 'build';
  /** From the context: a path relative to the repo root; from the build stage: an absolute path in it. */
  source: string;
  /** Absolute path in the image. */
  destination: string;
  /** The destination names a folder that receives the source (it ends in `/` or several sources share it). */
  intoFolder: boolean;
  line: number;
}

/** A RUN, replayed in the reproduction (see layout.ts for what it allows). */
export interface RunStep {
  kind: 'run';
  /** Shell form: one command line; exec form: the argv. */
  command: string | string[];
  workdir: string;
  env: Record<string, string>;
  line: number;
}

export type Step = CopyStep | RunStep;

/** What one stage does, in order. */
export interface StageSteps {
  /** The last WORKDIR: where the ENTRYPOINT runs, for the runtime stage. */
  workdir: string;
  /** Every WORKDIR the stage sets: folders that exist in the image even if nothing is copied there. */
  workdirs: string[];
  steps: Step[];
  /** ENV of the stage (the runtime stage's is in the function's environment). */
  env: Record<string, string>;
}

export interface RuntimeStage extends StageSteps {
  /** The stage the runtime stage copies from, replayed to make what it copies. */
  build: StageSteps;
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
  /** The image or earlier stage it starts FROM. */
  base: string;
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
      stages.push({ name, base: words[0] ?? '', index: stages.length, instructions: [] });
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

function stageNamed(stages: Stage[], from: string): Stage | undefined {
  return stages.find((stage) => stage.name === from || String(stage.index) === from);
}

/** One COPY: its sources (wildcards refused), where they go, and from which stage, if any. */
function parseCopy(instruction: Instruction, workdir: string): { from: string | undefined; copies: Array<Omit<CopyStep, 'from'>> } {
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
  const destinationText = paths.at(-1)!;
  const sources = paths.slice(0, -1);
  const intoFolder = destinationText.endsWith('/') || sources.length > 1;
  const destination = posix.resolve(workdir, destinationText);
  const copies = sources.map((path) => {
    if (/[*?[]/.test(path)) throw new DockerfileError(`line ${instruction.line}: COPY source ${path} has a wildcard, which is not reproduced`);
    // COPY --from reads paths from the other stage's root, whatever its WORKDIR; the context's are relative to it.
    const source = from === undefined ? posix.normalize(path).replace(/^\/+/, '') || '.' : posix.resolve('/', path);
    if (source.startsWith('..')) throw new DockerfileError(`line ${instruction.line}: COPY source ${path} is outside the build context`);
    return { kind: 'copy' as const, source, destination, intoFolder, line: instruction.line };
  });
  return { from, copies };
}

interface StageReading extends StageSteps {
  /** The stage the copies come from, when they come from another stage. */
  copiesFrom: Stage | undefined;
  start: { argv: string[]; line: number } | undefined;
}

function stepsOf({ workdir, workdirs, steps, env }: StageReading): StageSteps {
  return { workdir, workdirs, steps, env };
}

/** Reads one stage's instructions in order; `role` says which instructions it may have. */
function readStage(stage: Stage, stages: Stage[], role: 'build' | 'runtime'): StageReading {
  const reading: StageReading = { workdir: '/', workdirs: [], steps: [], env: {}, copiesFrom: undefined, start: undefined };
  let entrypoint: { argv: string[]; line: number } | undefined;
  let cmd: { argv: string[]; line: number } | undefined;
  for (const instruction of stage.instructions) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        noVariables(instruction, instruction.args);
        reading.workdir = posix.resolve(reading.workdir, instruction.args);
        reading.workdirs.push(reading.workdir);
        break;
      case 'ENV':
        Object.assign(reading.env, parseEnv(instruction));
        break;
      case 'ARG':
        break; // variables are refused wherever they would matter
      case 'COPY': {
        const { from, copies } = parseCopy(instruction, reading.workdir);
        if (from !== undefined) {
          const source = stageNamed(stages, from);
          if (role === 'build' || !source || source === stage) {
            throw new DockerfileError(`line ${instruction.line}: COPY --from=${from} ${role === 'build' ? 'in the build stage' : 'names no earlier stage of this Dockerfile (an image)'} is not reproduced`);
          }
          if (reading.copiesFrom !== undefined && reading.copiesFrom !== source) {
            throw new DockerfileError(`line ${instruction.line}: the runtime stage copies from more than one stage, which is not reproduced`);
          }
          reading.copiesFrom = source;
        }
        reading.steps.push(...copies.map((copy): CopyStep => ({ ...copy, from: from === undefined ? 'context' : 'build' })));
        break;
      }
      case 'RUN':
        reading.steps.push({ kind: 'run', command: jsonArray(instruction) ?? instruction.args, workdir: reading.workdir, env: { ...reading.env }, line: instruction.line });
        break;
      case 'ENTRYPOINT':
      case 'CMD': {
        const argv = jsonArray(instruction);
        if (!argv) throw new DockerfileError(`line ${instruction.line}: the ${instruction.keyword} must be in exec form (a JSON array); the shell form is not reproduced`);
        noVariables(instruction, argv.join(' '));
        if (instruction.keyword === 'ENTRYPOINT') entrypoint = { argv, line: instruction.line };
        else cmd = { argv, line: instruction.line };
        break;
      }
      default:
        if (!IGNORED.has(instruction.keyword)) {
          throw new DockerfileError(`line ${instruction.line}: ${instruction.keyword} in the ${role} stage is not reproduced`);
        }
    }
  }
  reading.start = entrypoint ? { argv: [...entrypoint.argv, ...(cmd?.argv ?? [])], line: entrypoint.line } : cmd;
  return reading;
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

/** Reads the last stage of `text`, the runtime image, and the build stage it copies from. */
export function readRuntimeStage(text: string): RuntimeStage {
  const stages = splitStages(splitInstructions(text));
  const runtime = readStage(stages.at(-1)!, stages, 'runtime');
  if (!runtime.start) throw new DockerfileError('the runtime stage has neither ENTRYPOINT nor CMD: nothing says how the function starts');
  if (!runtime.copiesFrom) throw new DockerfileError('the runtime stage copies nothing from a build stage: there is no function in it');
  const buildStage = runtime.copiesFrom;
  if (stageNamed(stages.slice(0, buildStage.index), buildStage.base.toLowerCase())) {
    throw new DockerfileError(`the build stage starts FROM the earlier stage ${buildStage.base}, which is not reproduced`);
  }
  const build = readStage(buildStage, stages, 'build');
  if (build.start) throw new DockerfileError('the build stage has an ENTRYPOINT or CMD, which is not reproduced');
  return { ...stepsOf(runtime), build: stepsOf(build), ...splitEntrypoint(runtime.start.argv, runtime.start.line, runtime.workdir) };
}
