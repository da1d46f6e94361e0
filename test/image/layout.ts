import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { DockerfileError, readRuntimeStage, type CopyStep, type RunStep, type RuntimeStage, type StageSteps } from './dockerfile';

export { DockerfileError, type RuntimeStage } from './dockerfile';

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * The runtime image reproduced without Docker: the files its last stage copies, alone in a fresh
 * folder that stands for the image's `/`, with no node_modules anywhere node could find one.
 */
export interface ImageLayout {
  /** The folder standing for the image's `/`. */
  root: string;
  /** The ENTRYPOINT's WORKDIR, in the layout. */
  workdir: string;
  /** The script node runs, in the layout. */
  script: string;
  /** The ENTRYPOINT's node flags, image paths mapped into the layout. */
  nodeArgs: string[];
  /** The stage's ENV, image paths mapped into the layout. */
  env: Record<string, string>;
  stage: RuntimeStage;
  remove(): void;
}

export interface LayoutOptions {
  /** Default: the repo's Dockerfile. */
  dockerfile?: string;
  /** The build context, with its dependencies installed (node_modules). Default: this repo. */
  repoRoot?: string;
  /** The node both stages' RUN steps use, as the image's own node would: the node the function will run on. */
  nodeBinary?: string;
}

/** Commands a RUN may use: node itself and plain file handling; the build stage also npm scripts. */
const RUN_COMMANDS = new Set(['node', 'mkdir', 'cp', 'mv', 'rm', 'ln', 'chmod', 'touch', 'test', 'true', 'echo', 'ls', 'cat']);
const BUILD_RUN_COMMANDS = new Set([...RUN_COMMANDS, 'npm', 'npx']);
/** The build stage's dependency install: the context's node_modules (installed from the same lockfile) stand in for it. */
const INSTALL = /^npm\s+(ci|install)(\s+--?[\w-]+(=\S+)?)*$/;

/** Rewrites absolute image paths under the image's own folders to their place in the layout. */
export class ImagePaths {
  private readonly prefixes: string[];

  constructor(
    readonly root: string,
    stage: StageSteps,
    /** More folders of the image, such as the ENTRYPOINT script's. */
    folders: string[] = [],
  ) {
    const owned = [...stage.workdirs, ...folders, ...stage.steps.flatMap((step) => (step.kind === 'copy' ? [step.destination] : []))];
    this.prefixes = [...new Set(owned.filter((folder) => folder !== '/'))].sort((a, b) => b.length - a.length);
  }

  static ofRuntime(root: string, stage: RuntimeStage): ImagePaths {
    return new ImagePaths(root, stage, [dirname(stage.script)]);
  }

  inLayout(imagePath: string): string {
    return join(this.root, imagePath);
  }

  private owns(path: string): boolean {
    return this.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  }

  /** A path, `--flag=path` or `NAME=path` argument whose path is the image's. */
  argument(text: string): string {
    const equals = text.indexOf('=');
    const value = equals === -1 ? text : text.slice(equals + 1);
    if (!value.startsWith('/') || !this.owns(value)) return text;
    return `${equals === -1 ? '' : text.slice(0, equals + 1)}${this.inLayout(value)}`;
  }

  /** Every image path inside a shell command line. */
  commandLine(text: string): string {
    let mapped = text;
    for (const prefix of this.prefixes) {
      const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      mapped = mapped.replace(new RegExp(`(^|[\\s=:"'])${escaped}(?=/|$|[\\s"':;&|])`, 'g'), (_, before: string) => `${before}${this.inLayout(prefix)}`);
    }
    return mapped;
  }

  /** True when a node argument names a file of the image (so another program cannot share it). */
  namesImageFile(text: string): boolean {
    return this.argument(text) !== text;
  }
}

/**
 * The ENTRYPOINT's node flags that name no file of the image (a heap size, not a snapshot blob):
 * the ones another script, such as the benchmark's floor, can be started with too.
 */
export function portableNodeArgs(stage: RuntimeStage, paths: ImagePaths): string[] {
  const portable: string[] = [];
  for (const arg of stage.nodeArgs) {
    if (!paths.namesImageFile(arg)) portable.push(arg);
    // A bare path in the flags is always the value of the flag before it (`--snapshot-blob <file>`).
    else if (!arg.startsWith('-')) portable.pop();
  }
  return portable;
}

/** Node also looks in these folders for modules; any of them would hide a dependency missing from the bundle. */
function assertNoModulesReachable(root: string): void {
  const reachable: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    reachable.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  const home = process.env['HOME'] ?? homedir();
  reachable.push(join(home, '.node_modules'), join(home, '.node_libraries'));
  const found = reachable.filter((path) => existsSync(path));
  if (found.length > 0) {
    throw new DockerfileError(
      `node would find modules outside the reproduced image (${found.join(', ')}), so a dependency missing from the bundle could go unnoticed; set TMPDIR to a folder with no node_modules above it`,
    );
  }
}

/** A fresh folder under the system's temporary folder, standing for an image's `/`. */
export function freshImageRoot(prefix = 'fn-image-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  try {
    assertNoModulesReachable(root);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return root;
}

function checkRunCommand(step: RunStep, allowed: Set<string>): void {
  const words = typeof step.command === 'string' ? step.command.split(/&&|\|\||;|\|/).map((part) => part.trim().split(/\s+/)[0] ?? '') : [step.command[0] ?? ''];
  const refused = words.filter((word) => !allowed.has(basename(word)));
  if (refused.length > 0) {
    throw new DockerfileError(`line ${step.line}: RUN uses ${refused.join(', ')}, which the reproduction does not replay (it replays ${[...allowed].join(', ')})`);
  }
}

interface Replay {
  role: 'build' | 'runtime';
  paths: ImagePaths;
  repoRoot: string;
  /** Where the build stage was replayed: the runtime stage's COPY --from reads there. */
  built?: ImagePaths;
  /** A folder holding `node`, first on PATH for RUN steps. */
  nodeShim: string;
}

function replayRun(step: RunStep, replay: Replay): void {
  const { paths } = replay;
  const cwd = paths.inLayout(step.workdir);
  mkdirSync(cwd, { recursive: true });
  if (replay.role === 'build' && typeof step.command === 'string' && INSTALL.test(step.command.trim())) {
    symlinkSync(join(replay.repoRoot, 'node_modules'), join(cwd, 'node_modules'));
    return;
  }
  checkRunCommand(step, replay.role === 'build' ? BUILD_RUN_COMMANDS : RUN_COMMANDS);
  const env: Record<string, string> = { PATH: `${replay.nodeShim}:${process.env['PATH'] ?? ''}`, HOME: process.env['HOME'] ?? homedir() };
  for (const [name, value] of Object.entries(step.env)) env[name] = paths.argument(value);
  const run =
    typeof step.command === 'string'
      ? spawnSync('/bin/sh', ['-c', paths.commandLine(step.command)], { cwd, env, encoding: 'utf8' })
      : spawnSync(step.command[0]!, step.command.slice(1).map((arg) => paths.argument(arg)), { cwd, env, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new DockerfileError(
      `line ${step.line}: RUN failed in the reproduction of the ${replay.role} stage (exit ${run.status ?? run.signal}): ${(run.stderr || run.stdout || run.error?.message || '').trim().slice(-2000)}`,
    );
  }
}

/** Names listed in the context's .dockerignore (plain paths; this repo's has no patterns). */
function dockerignored(repoRoot: string): Set<string> {
  const file = join(repoRoot, '.dockerignore');
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').map((line) => line.trim().replace(/^\/+|\/+$/g, '')).filter((line) => line && !line.startsWith('#')));
}

function replayCopy(step: CopyStep, replay: Replay): void {
  let source: string;
  if (step.from === 'context') {
    source = join(replay.repoRoot, step.source);
  } else if (replay.built) {
    source = replay.built.inLayout(step.source);
  } else {
    throw new DockerfileError(`line ${step.line}: COPY --from in the build stage is not reproduced`);
  }
  if (!existsSync(source)) {
    throw new DockerfileError(
      step.from === 'context'
        ? `line ${step.line}: COPY ${step.source}: there is no such file in the build context ${replay.repoRoot}`
        : `line ${step.line}: the runtime stage copies ${step.source}, which the build stage did not make`,
    );
  }
  const isFolder = statSync(source).isDirectory();
  const target = replay.paths.inLayout(step.intoFolder && !isFolder ? join(step.destination, basename(source)) : step.destination);
  mkdirSync(isFolder ? target : dirname(target), { recursive: true });
  const ignored = step.from === 'context' ? dockerignored(replay.repoRoot) : new Set<string>();
  cpSync(source, target, { recursive: true, filter: (path) => !ignored.has(relative(replay.repoRoot, path)) });
}

function replayStage(stage: StageSteps, replay: Replay): void {
  for (const workdir of stage.workdirs) mkdirSync(replay.paths.inLayout(workdir), { recursive: true });
  for (const step of stage.steps) {
    if (step.kind === 'run') replayRun(step, replay);
    else replayCopy(step, replay);
  }
}

/**
 * Lays out the Dockerfile's runtime stage: the build stage it copies from is replayed first in a
 * folder of its own (its context copies from the repo, its dependency install by the repo's own
 * node_modules, its RUN steps with `nodeBinary` first on PATH), then the runtime stage's steps.
 */
export function layOutImage(options: LayoutOptions = {}): ImageLayout {
  const dockerfile = options.dockerfile ?? join(REPO_ROOT, 'Dockerfile');
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const stage = readRuntimeStage(readFileSync(dockerfile, 'utf8'));
  const root = freshImageRoot();
  const paths = ImagePaths.ofRuntime(root, stage);
  const temporary = mkdtempSync(join(tmpdir(), 'fn-image-build-'));
  try {
    const nodeShim = join(temporary, 'bin');
    mkdirSync(nodeShim);
    symlinkSync(options.nodeBinary ?? process.execPath, join(nodeShim, 'node'));
    const built = new ImagePaths(join(temporary, 'build'), stage.build);
    replayStage(stage.build, { role: 'build', paths: built, repoRoot, nodeShim });
    replayStage(stage, { role: 'runtime', paths, repoRoot, built, nodeShim });
    const script = paths.inLayout(stage.script);
    if (!existsSync(script)) {
      throw new DockerfileError(`the ENTRYPOINT runs ${stage.script}, which the runtime stage does not put in the image`);
    }
    return {
      root,
      workdir: paths.inLayout(stage.workdir),
      script,
      nodeArgs: stage.nodeArgs.map((arg) => paths.argument(arg)),
      env: Object.fromEntries(Object.entries(stage.env).map(([name, value]) => [name, paths.argument(value)])),
      stage,
      remove: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
