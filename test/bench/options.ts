import { parseArgs } from 'node:util';
import type { NodeMajor } from './nodes';

export interface BenchOptions {
  help: boolean;
  nodes: NodeMajor[];
  runs: number;
  warmEvents: number;
  /** 0 leaves the chunked figures out. */
  chunkedMiB: number;
  soak: boolean;
  soakEvents: number;
  node20: string | undefined;
  node22: string | undefined;
  /** A built image (npm run image:build): both subjects run in it, on its node. */
  image: string | undefined;
}

export const USAGE = `Usage: npm run bench -- [options]

Measures the shipped function against the floor (test/bench/floor), both laid out and started
as the Dockerfile's runtime stage starts the function, interleaved, and prints medians with min
and max and the ratio function/floor. Pacing is raised and the emulator's rate limit is off.
With --image, both run inside the image built from the Dockerfile, on its node, as UID 1000.

Options:
  --nodes <list>        Node majors to measure, in order (default 22,20)
  --runs <n>            runs per subject and Node version (default 7)
  --warm-events <n>     warm events of each size per run (default 5)
  --chunked-mib <n>     size of the chunked object in MiB, 0 to leave it out (default 64)
  --soak                instead: the soak, one function process per Node version
  --soak-events <n>     events in the soak (default 2000; faults in every tenth)
  --node22 <path>       Node 22 binary (else BENCH_NODE22, else .ci/.node22)
  --node20 <path>       Node 20 binary (else BENCH_NODE20, else the node running this)
  --image <name>        measure inside this built image (npm run image:build makes
                        localhost/fn-streaming:test; run as root); Node 22 only, the image's
  -h, --help            this text

Quick subset: npm run bench -- --nodes 22 --runs 3 --chunked-mib 0`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function positiveInteger(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || (!allowZero && value === 0)) throw new UsageError(`--${name} must be a ${allowZero ? 'whole number' : 'positive whole number'}, not ${JSON.stringify(text)}`);
  return value;
}

function majors(text: string | undefined): NodeMajor[] {
  if (text === undefined) return [22, 20];
  const list = text.split(',').map((item) => item.trim());
  const bad = list.filter((item) => item !== '20' && item !== '22');
  if (bad.length > 0 || list.length === 0) throw new UsageError(`--nodes takes 20 and/or 22, comma-separated, not ${JSON.stringify(text)}`);
  return [...new Set(list.map((item) => Number(item) as NodeMajor))];
}

export function parseOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        nodes: { type: 'string' },
        runs: { type: 'string' },
        'warm-events': { type: 'string' },
        'chunked-mib': { type: 'string' },
        soak: { type: 'boolean' },
        'soak-events': { type: 'string' },
        node20: { type: 'string' },
        node22: { type: 'string' },
        image: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const chunkedMiB = positiveInteger('chunked-mib', values['chunked-mib'], 64, true);
  if (chunkedMiB * 1024 * 1024 > 64 * 1024 * 1024) throw new UsageError('--chunked-mib is at most 64 (MAX_OBJECT_BYTES; larger objects are sent as references)');
  const nodes = values.image !== undefined && values.nodes === undefined ? ([22] as NodeMajor[]) : majors(values.nodes);
  if (values.image !== undefined) {
    if (values.image === '') throw new UsageError('--image needs an image name, such as localhost/fn-streaming:test');
    if (nodes.join() !== '22') throw new UsageError(`--image runs the image's own node (Node 22): leave out --nodes or give --nodes 22, not ${JSON.stringify(values.nodes)}`);
    const given = [values.node20 && '--node20', values.node22 && '--node22'].filter(Boolean);
    if (given.length > 0) throw new UsageError(`--image runs the image's own node: leave out ${given.join(' and ')}`);
  }
  return {
    help: values.help ?? false,
    nodes,
    runs: positiveInteger('runs', values.runs, 7),
    warmEvents: positiveInteger('warm-events', values['warm-events'], 5),
    chunkedMiB,
    soak: values.soak ?? false,
    soakEvents: positiveInteger('soak-events', values['soak-events'], 2000),
    node20: values.node20,
    node22: values.node22,
    image: values.image,
  };
}
