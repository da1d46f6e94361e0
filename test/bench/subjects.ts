import { buildSync } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StartFunctionOptions } from '../harness';
import type { OpenedImage } from '../image/container';
import { readRuntimeStage } from '../image/dockerfile';
import { freshImageRoot, ImagePaths, layOutImage, portableNodeArgs } from '../image/layout';
import { REPO_ROOT } from './world';

/**
 * One program the benchmark starts, and how the image would start it: its script, folder and node
 * flags (from a built image also its node, root and user, in `launch`), and the image's ENV.
 */
export interface Subject {
  name: 'fn-streaming' | 'floor';
  launch: Omit<StartFunctionOptions, 'env'>;
  env: Record<string, string>;
  remove(): void;
}

/**
 * The floor, bundled as the function is (esbuild, one CommonJS file for Node 20, fdk inside) so
 * both pay the same kind of start: parsing one file, no module resolution on disk.
 */
export function buildFloor(): { bundle: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fn-floor-build-'));
  const bundle = join(dir, 'func.js');
  buildSync({
    entryPoints: [join(__dirname, 'floor', 'func.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return { bundle, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The shipped bundle as the Dockerfile's runtime stage lays it out and starts it. */
export function functionSubject(nodeBinary: string): Subject {
  const layout = layOutImage({ nodeBinary });
  return { name: 'fn-streaming', launch: { entry: layout.script, cwd: layout.workdir, nodeArgs: layout.nodeArgs }, env: layout.env, remove: layout.remove };
}

/** The function as its built image starts it (the image's node, in its root, as UID 1000); closing the image is the caller's. */
export function imageFunctionSubject(image: OpenedImage): Subject {
  return { name: 'fn-streaming', launch: image.launch(), env: {}, remove: () => {} };
}

/**
 * The floor started as the built image starts the function: its bundle in place of the
 * ENTRYPOINT's script, in an image opened for it alone (the caller's to close).
 */
export function imageFloorSubject(image: OpenedImage, bundle: string): Subject {
  const script = join(image.root, image.config.entrypoint.at(-1)!);
  copyFileSync(bundle, script);
  chmodSync(script, 0o644);
  return { name: 'floor', launch: image.launch(), env: {}, remove: () => {} };
}

/**
 * The floor in an image of its own made like the function's: its bundle alone at the path of the
 * ENTRYPOINT's script, in the same WORKDIR, with the ENTRYPOINT's node flags that name no file of
 * the function's image (a snapshot or cache made for the function would not fit the floor).
 */
export function floorSubject(bundle: string): Subject {
  const stage = readRuntimeStage(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  const root = freshImageRoot('fn-floor-');
  const paths = ImagePaths.ofRuntime(root, stage);
  const script = paths.inLayout(stage.script);
  mkdirSync(dirname(script), { recursive: true });
  mkdirSync(paths.inLayout(stage.workdir), { recursive: true });
  copyFileSync(bundle, script);
  return {
    name: 'floor',
    launch: { entry: script, cwd: paths.inLayout(stage.workdir), nodeArgs: portableNodeArgs(stage, paths) },
    env: Object.fromEntries(Object.entries(stage.env).filter(([, value]) => !paths.namesImageFile(value))),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
