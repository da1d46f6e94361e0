import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './world';

export type NodeMajor = 20 | 22;

export interface NodeBinary {
  major: NodeMajor;
  path: string;
  version: string;
}

function versionOf(path: string): string | null {
  const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/**
 * Node 22 (the image's major) from --node22, BENCH_NODE22 or CI's .ci/.node22; Node 20 from
 * --node20, BENCH_NODE20, or the node running the benchmark. Answers why when one is missing.
 */
export function findNode(major: NodeMajor, given: string | undefined): NodeBinary | { missing: string } {
  const env = process.env[`BENCH_NODE${major}`];
  const [path, source] = given
    ? [given, `--node${major}`]
    : env
      ? [env, `BENCH_NODE${major}`]
      : major === 22
        ? [join(REPO_ROOT, '.ci', '.node22', 'node_modules', '.bin', 'node'), '.ci/.node22']
        : [process.execPath, 'the node running the benchmark'];
  if (!existsSync(path)) {
    return {
      missing: `Node ${major}: ${path} (from ${source}) does not exist. Pass --node${major} <path> or set BENCH_NODE${major}${
        major === 22 ? ', or install it with `npm install --prefix .ci/.node22 --no-save node@22`' : ''
      }; or leave Node ${major} out with --nodes.`,
    };
  }
  const version = versionOf(path);
  if (version === null) return { missing: `Node ${major}: ${path} (from ${source}) does not run.` };
  if (!version.startsWith(`v${major}.`)) return { missing: `Node ${major}: ${path} (from ${source}) is ${version}, not Node ${major}.` };
  return { major, path, version };
}
