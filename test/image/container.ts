import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { StartFunctionOptions } from '../harness';
import { createTestCredentials, type TestCredentials } from '../support/credentials';

/** What `npm run image:build` names the image it builds. */
export const DEFAULT_IMAGE = 'localhost/fn-streaming:test';
/** OCI Functions runs a function's container as the user `fn`, UID and GID 1000. */
export const FN_USER = { uid: 1000, gid: 1000 };
const BUILDAH_TIMEOUT_MS = 120_000;

export class ImageError extends Error {}

const ImageInspect = z.object({
  OCIv1: z.object({
    config: z.object({
      Entrypoint: z.array(z.string()).min(1),
      Env: z.array(z.string()).default([]),
      WorkingDir: z.string().default('/'),
      User: z.string().optional(),
    }),
  }),
});

/** The parts of an image's config that say how its process starts. */
export interface ImageConfig {
  entrypoint: string[];
  env: Record<string, string>;
  workdir: string;
}

/**
 * A built image opened for tests: a buildah container's root filesystem mounted on this machine,
 * and a fresh folder of this machine bind-mounted into it at the same path, for what the function
 * and this machine share (the Fn socket's folder, the resource principal's files, a CA file).
 */
export interface OpenedImage {
  name: string;
  root: string;
  config: ImageConfig;
  shared: string;
  /** How the harness starts the ENTRYPOINT (or `entrypoint`) in the image's root, as `fn` in its WORKDIR with its ENV only. */
  launch(entrypoint?: string[]): Pick<StartFunctionOptions, 'nodeBinary' | 'nodeArgs' | 'entry' | 'cwd' | 'baseEnv' | 'socketParent' | 'socketOwner'>;
  /** Unmounts and removes everything opening made; safe to call more than once. */
  close(): void;
}

/** A fresh folder of this machine that `fn` may write in, to bind into opened images. */
export function sharedFolder(): string {
  const shared = mkdtempSync(join(tmpdir(), 'fn-image-'));
  chownSync(shared, FN_USER.uid, FN_USER.gid);
  return shared;
}

/** Test credentials in `shared`, owned by `fn` as OCI Functions' resource principal files are. */
export function credentialsIn(shared: string): TestCredentials {
  const credentials = createTestCredentials({ parent: shared });
  for (const path of [credentials.dir, credentials.resourcePrincipal.privateKeyPath, credentials.resourcePrincipal.sessionTokenPath]) {
    chownSync(path, FN_USER.uid, FN_USER.gid);
  }
  return credentials;
}

/** `node --version` of the image's node, run in its root. */
export function imageNodeVersion(image: Pick<OpenedImage, 'root' | 'config'>): string {
  const run = spawnSync('unshare', [`--root=${image.root}`, '--', image.config.entrypoint[0]!, '--version'], {
    encoding: 'utf8',
    env: image.config.env,
    timeout: BUILDAH_TIMEOUT_MS,
  });
  if (run.status !== 0) throw new ImageError(`the image's ${image.config.entrypoint[0]} --version failed: ${(run.stderr || run.error?.message || '').trim()}`);
  return run.stdout.trim();
}

function buildah(args: string[]): string {
  const run = spawnSync('buildah', ['--storage-driver', 'vfs', ...args], { encoding: 'utf8', timeout: BUILDAH_TIMEOUT_MS });
  if (run.error) throw new ImageError(`buildah ${args[0]}: ${run.error.message}`, { cause: run.error });
  if (run.status !== 0) throw new ImageError(`buildah ${args.join(' ')} failed (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`);
  return run.stdout.trim();
}

function run(command: 'mount' | 'umount', args: string[]): void {
  const done = spawnSync(command, args, { encoding: 'utf8', timeout: BUILDAH_TIMEOUT_MS });
  if (done.status !== 0) throw new ImageError(`${command} ${args.join(' ')} failed: ${(done.stderr || done.error?.message || '').trim()}`);
}

export function imageConfig(name: string): ImageConfig {
  const parsed = ImageInspect.safeParse(JSON.parse(buildah(['inspect', '--type', 'image', name])));
  if (!parsed.success) throw new ImageError(`buildah inspect ${name}: no ENTRYPOINT, ENV and WORKDIR as expected: ${z.prettifyError(parsed.error)}`);
  const { Entrypoint, Env, WorkingDir, User } = parsed.data.OCIv1.config;
  if (User) throw new ImageError(`${name} sets USER ${User}; OCI Functions runs it as UID 1000 whatever it says, and so do these tests`);
  const env = Object.fromEntries(Env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { entrypoint: Entrypoint, env, workdir: WorkingDir || '/' };
}

/**
 * HOME as a container runtime sets it when the image's ENV does not: the user's home in the
 * image's /etc/passwd, else `/` (Docker's behaviour for a UID with no entry). The bundled OCI SDK
 * reads the home folder when it loads, and node throws there with neither HOME nor an entry.
 */
function runtimeHome(root: string, uid: number): string {
  const passwd = join(root, 'etc', 'passwd');
  const entry = existsSync(passwd) ? readFileSync(passwd, 'utf8').split('\n').map((line) => line.split(':')).find((fields) => fields[2] === String(uid)) : undefined;
  return entry?.[5] || '/';
}

/**
 * Opens `name` (default FN_IMAGE, else the image npm run image:build makes). Run as root. With
 * `shared`, that folder is bound into the image instead of a fresh one (and left in place).
 */
export function openImage(name = process.env['FN_IMAGE'] ?? DEFAULT_IMAGE, given?: { shared: string }): OpenedImage {
  const config = imageConfig(name);
  const undo: Array<() => void> = [];
  const close = () => {
    for (const step of undo.splice(0).reverse()) {
      try {
        step();
      } catch (error) {
        console.error(`closing the image: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    const container = buildah(['from', '--pull=never', '--quiet', name]);
    undo.push(() => buildah(['rm', container]));
    const root = buildah(['mount', container]);
    undo.push(() => buildah(['umount', container]));
    const shared = given?.shared ?? sharedFolder();
    if (!given) undo.push(() => rmSync(shared, { recursive: true, force: true }));
    const inImage = join(root, shared);
    mkdirSync(inImage, { recursive: true });
    run('mount', ['--bind', shared, inImage]);
    undo.push(() => run('umount', [inImage]));
    return {
      name,
      root,
      config,
      shared,
      close,
      launch: (entrypoint = config.entrypoint) => ({
        // unshare with no namespace options only changes root, working folder and user, then
        // execs: the process is the ENTRYPOINT's node, found on the image's PATH.
        nodeBinary: 'unshare',
        nodeArgs: [`--root=${root}`, `--wd=${config.workdir}`, `--setuid=${FN_USER.uid}`, `--setgid=${FN_USER.gid}`, '--', ...entrypoint.slice(0, -1)],
        entry: entrypoint.at(-1)!,
        cwd: join(root, config.workdir),
        baseEnv: { HOME: runtimeHome(root, FN_USER.uid), ...config.env },
        socketParent: shared,
        socketOwner: FN_USER,
      }),
    };
  } catch (error) {
    close();
    throw error;
  }
}
