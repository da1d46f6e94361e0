import { setTimeout as sleep } from 'node:timers/promises';
import type { TestCredentials } from '../support/credentials';
import { createMemoryCgroup, type MemoryCgroup } from './cgroup';
import { measureDelivery, type DeliveryFigures } from './delivery';
import { fixed, kbToMiB } from './report';

export interface CgroupSection {
  text: string;
  json: Record<string, unknown>;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

/** One delivery by a function process confined to `limitBytes`, as in a 128 MB OCI Function. */
export async function createCgroupSection(
  credentials: TestCredentials,
  nodeArgs: string[],
  limitBytes: number,
  [label, bytes]: [string, number],
): Promise<CgroupSection> {
  let cgroup: MemoryCgroup;
  try {
    cgroup = createMemoryCgroup(limitBytes);
  } catch (error) {
    const reason = describe(error);
    return { text: `not available: ${reason}`, json: { available: false, reason } };
  }
  let figures: DeliveryFigures | null = null;
  let failure: string | null = null;
  try {
    figures = (await measureDelivery(credentials, nodeArgs, [label, bytes], { repeats: 1, nodeBinary: cgroup.nodeBinary })).median;
  } catch (error) {
    failure = describe(error);
  }
  const json = {
    available: true,
    cgroupVersion: cgroup.version,
    limitBytes,
    figures,
    failure,
    cgroupPeakBytes: cgroup.peakBytes(),
    oomKills: cgroup.oomKills(),
  };
  await removeWhenEmpty(cgroup);
  const peak = json.cgroupPeakBytes === null ? '-' : `${fixed(json.cgroupPeakBytes / 1024 / 1024)} MiB`;
  const text = figures
    ? `cgroup v${cgroup.version}, limit ${limitBytes / 1024 / 1024} MiB: ${figures.delivery}, ${figures.chunks} chunks, ${fixed(figures.wallMs, 0)} ms, ` +
      `${fixed(figures.mbPerSecond)} MB/s, VmHWM ${kbToMiB(figures.peakKb)} MiB, cgroup peak ${peak} (what the limit counts; file pages already cached outside the cgroup, such as node's binary, are not charged, hence below VmHWM), ` +
      `OOM kills ${json.oomKills}, sha256 ok ${figures.verified}`
    : `cgroup v${cgroup.version}, limit ${limitBytes / 1024 / 1024} MiB: FAILED (${failure}); cgroup peak ${peak}, OOM kills ${json.oomKills}`;
  return { text, json };
}

/** A cgroup can only be removed once its last process is gone, which the kernel notes a moment after exit. */
async function removeWhenEmpty(cgroup: MemoryCgroup): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      cgroup.remove();
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await sleep(20);
    }
  }
}
