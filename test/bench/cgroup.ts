import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_BINARY } from './world';

/**
 * A memory cgroup nested under this process's own (so it stays inside whatever limits already
 * apply to us), plus a node "binary" for the harness: a shell wrapper that moves itself into the
 * cgroup and then execs node, so the harness's pid, and its VmHWM, are node's.
 */
export interface MemoryCgroup {
  version: 1 | 2;
  nodeBinary: string;
  /** The cgroup's peak charge (memory.max_usage_in_bytes / memory.peak), when the kernel reports one. */
  peakBytes(): number | null;
  oomKills(): number;
  remove(): void;
}

interface Layout {
  version: 1 | 2;
  dir: string;
  limitFile: string;
  peakFile: string;
  oomFile: string;
}

function ownCgroupParent(): { version: 1 | 2; path: string } {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  const v1 = lines.find((line) => line.split(':')[1]?.split(',').includes('memory'));
  if (v1 && existsSync('/sys/fs/cgroup/memory')) return { version: 1, path: join('/sys/fs/cgroup/memory', v1.split(':')[2]!) };
  const v2 = lines.find((line) => line.startsWith('0::'));
  if (v2 && existsSync('/sys/fs/cgroup/cgroup.controllers')) return { version: 2, path: join('/sys/fs/cgroup', v2.slice(3)) };
  throw new Error('no memory cgroup controller mounted at /sys/fs/cgroup');
}

function layout(limitBytes: number): Layout {
  const parent = ownCgroupParent();
  if (parent.version === 2 && !readFileSync(join(parent.path, 'cgroup.subtree_control'), 'utf8').includes('memory')) {
    // Enabling it would need this process moved out of its cgroup first (no internal processes).
    throw new Error(`cgroup v2: the memory controller is not enabled for children of ${parent.path}`);
  }
  const dir = join(parent.path, `fnbench-${process.pid}`);
  mkdirSync(dir);
  const files: Omit<Layout, 'dir'> =
    parent.version === 1
      ? { version: 1, limitFile: 'memory.limit_in_bytes', peakFile: 'memory.max_usage_in_bytes', oomFile: 'memory.oom_control' }
      : { version: 2, limitFile: 'memory.max', peakFile: 'memory.peak', oomFile: 'memory.events' };
  try {
    writeFileSync(join(dir, files.limitFile), String(limitBytes));
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return { ...files, dir };
}

/** Throws, saying why, when this machine does not let us make one. */
export function createMemoryCgroup(limitBytes: number): MemoryCgroup {
  const cg = layout(limitBytes);
  const wrapperDir = mkdtempSync(join(tmpdir(), 'fnbench-cg-'));
  const nodeBinary = join(wrapperDir, 'node-in-cgroup');
  writeFileSync(nodeBinary, `#!/bin/sh\necho $$ > '${join(cg.dir, 'cgroup.procs')}' || exit 97\nexec '${NODE_BINARY}' "$@"\n`);
  chmodSync(nodeBinary, 0o755);
  const read = (file: string): string | null => {
    try {
      return readFileSync(join(cg.dir, file), 'utf8');
    } catch {
      return null;
    }
  };
  return {
    version: cg.version,
    nodeBinary,
    peakBytes: () => {
      const text = read(cg.peakFile);
      return text === null ? null : Number(text.trim());
    },
    oomKills: () => Number(/^oom_kill (\d+)$/m.exec(read(cg.oomFile) ?? '')?.[1] ?? 0),
    remove: () => {
      rmSync(wrapperDir, { recursive: true, force: true });
      rmdirSync(cg.dir);
    },
  };
}
