import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { OBJECT_EVENT_TYPES } from '../../../src/event/schema';

/**
 * Generated and mutated OCI events for the property tests: real events from the fixtures, then
 * fields dropped, retyped, blown up, nested deep, renamed to prototype keys, pushed over limits,
 * and finally the bytes themselves damaged.
 */

const FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures', 'events');

/** The valid sample events: the fixtures and the accepted variants beside the broken ones. */
export const SEED_EVENTS: ReadonlyArray<Record<string, unknown>> = [
  ...readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(FIXTURES_DIR, name)),
  ...readdirSync(join(FIXTURES_DIR, 'broken'))
    .filter((name) => name.startsWith('variant-') && name.endsWith('.json'))
    .map((name) => join(FIXTURES_DIR, 'broken', name)),
].map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);

type Path = Array<string | number>;
type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Paths of every value below the root, parents before children; capped so huge values stay cheap. */
function pathsIn(value: unknown, limit = 200): Path[] {
  const paths: Path[] = [];
  const queue: Array<{ at: Path; value: unknown }> = [{ at: [], value }];
  while (queue.length > 0 && paths.length < limit) {
    const next = queue.shift()!;
    if (!isContainer(next.value)) continue;
    for (const key of Object.keys(next.value)) {
      const at = [...next.at, Array.isArray(next.value) ? Number(key) : key];
      paths.push(at);
      queue.push({ at, value: (next.value as Record<string, unknown>)[key] });
    }
  }
  return paths;
}

function parentOf(root: Container, path: Path): Container | undefined {
  let current: unknown = root;
  for (const part of path.slice(0, -1)) {
    if (!isContainer(current)) return undefined;
    current = (current as Record<string, unknown>)[part as string];
  }
  return isContainer(current) ? current : undefined;
}

/** Sets an own, enumerable property even for `__proto__`, as JSON.parse would create it. */
function defineOwn(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Fields the function reads, by path: where mutations hurt most. */
export const USED_FIELDS: readonly Path[] = [
  ['eventType'],
  ['eventID'],
  ['eventTime'],
  ['data'],
  ['data', 'resourceName'],
  ['data', 'additionalDetails'],
  ['data', 'additionalDetails', 'namespace'],
  ['data', 'additionalDetails', 'bucketName'],
  ['data', 'additionalDetails', 'eTag'],
  ['data', 'additionalDetails', 'versionId'],
  ['data', 'additionalDetails', 'archivalState'],
];

export const REQUIRED_FIELDS: readonly Path[] = USED_FIELDS.filter((path) => !['eTag', 'versionId', 'archivalState'].includes(String(path.at(-1))));

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** A string of `count` copies of one character: 1- to 4-byte UTF-8, and characters JSON escapes. */
const repeated = (count: fc.Arbitrary<number>) =>
  fc.record({ char: fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '\u0000', '\n', '/', '\uD800'), count }).map(({ char, count }) => char.repeat(count));

/** Strings near the schema's limits (object names 1024 bytes, bucket 256, namespace 128, ids 256/1024). */
const nearLimits = fc.oneof(
  repeated(fc.integer({ min: 250, max: 260 })),
  repeated(fc.integer({ min: 120, max: 130 })),
  repeated(fc.integer({ min: 253, max: 258 })),
  repeated(fc.integer({ min: 340, max: 345 })),
  repeated(fc.integer({ min: 1020, max: 1030 })),
  fc.constantFrom('', ' ', '.', '..', 'a/b', 'a b', 'a%2Fb', 'ok-name_1.2', '\uDC00lone', 'x\r\ny', 'emoji😀name'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const timestamps = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '2026-11-20T09:15:41Z',
    '2026-11-20T09:15:41.118+05:30',
    '2026-11-20T09:15Z',
    '2026-11-20 09:15:41Z',
    '2026-02-30T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T09:15:41.123456789Z',
    '2026-11-20T09:15:60Z',
    '2026-11-20',
    'yesterday',
    '',
  ),
);

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'dropUsed'; field: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'setUsed'; field: number; value: unknown }
  | { kind: 'huge'; at: number; length: number; char: string }
  | { kind: 'nest'; at: number; depth: number; asArray: boolean }
  | { kind: 'prototypeKey'; at: number; key: string; value: unknown };

const anyJson = fc.jsonValue({ maxDepth: 3 });
const pollution = fc.constantFrom<unknown>(
  { polluted: true },
  { eTag: 42, versionId: { x: 1 }, archivalState: 'Bogus', namespace: 'evil ns', bucketName: '../etc' },
  { resourceName: 'from-prototype', additionalDetails: { namespace: 'n', bucketName: 'b' } },
  null,
  'text',
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('dropUsed' as const), field: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: anyJson }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('setUsed' as const),
      field: fc.nat(),
      value: fc.oneof(anyJson, nearLimits, timestamps, fc.constantFrom<unknown>(...OBJECT_EVENT_TYPES, 'Archived', 'Restoring', 'Restored', 'Available', 'com.oraclecloud.objectstorage.createbucket', 'com.oraclecloud.computeapi.launchinstance.end')),
    }),
  },
  {
    weight: 2,
    // Mostly large; now and then just around the 6 MB invoke limit (1-byte characters keep that cheap).
    arbitrary: fc.oneof(
      { weight: 14, arbitrary: fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), length: fc.integer({ min: 1_000, max: 300_000 }), char: fc.constantFrom('a', 'é', '😀', '\u0000', '"') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), length: fc.integer({ min: 6_200_000, max: 6_400_000 }), char: fc.constant('a') }) },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1_000, max: 20_000 })), asArray: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('prototypeKey' as const), at: fc.nat(), key: fc.constantFrom(...PROTOTYPE_KEYS), value: fc.oneof(pollution, anyJson) }) },
);

/** Deeper than this, nesting is spliced into the text: JSON.stringify itself would overflow the stack. */
const SHALLOW_NESTING = 200;
const DEEP_NESTING = /"\\u0001deep:(\d+):(array|object)\\u0001"/g;

function nested(depth: number, asArray: boolean, leaf: unknown): unknown {
  if (depth > SHALLOW_NESTING) return `\u0001deep:${depth}:${asArray ? 'array' : 'object'}\u0001`;
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { n: value };
  return value;
}

function spliceDeepNesting(text: string): string {
  return text.replace(DEEP_NESTING, (_, depth: string, shape: string) => {
    const d = Number(depth);
    return shape === 'array' ? `${'['.repeat(d)}"leaf"${']'.repeat(d)}` : `${'{"n":'.repeat(d)}"leaf"${'}'.repeat(d)}`;
  });
}

/** Applies mutations in order to a deep copy of `seed`; the result may be any JSON value. */
export function mutate(seed: unknown, mutations: readonly Mutation[]): unknown {
  const root: unknown = structuredClone(seed);
  for (const m of mutations) {
    if (!isContainer(root)) return root;
    const paths = pathsIn(root);
    const pick = (index: number): Path | undefined => paths[index % Math.max(paths.length, 1)];
    const pickUsed = (index: number): Path => USED_FIELDS[index % USED_FIELDS.length]!;
    let path: Path | undefined;
    let value: unknown;
    switch (m.kind) {
      case 'drop':
      case 'dropUsed': {
        path = m.kind === 'drop' ? pick(m.at) : pickUsed(m.field);
        const parent = path && parentOf(root, path);
        if (parent && path) {
          if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
          else delete parent[path.at(-1) as string];
        }
        continue;
      }
      case 'set':
        path = pick(m.at);
        value = structuredClone(m.value);
        break;
      case 'setUsed':
        path = pickUsed(m.field);
        value = structuredClone(m.value);
        break;
      case 'huge':
        path = pick(m.at);
        value = m.char.repeat(m.length);
        break;
      case 'nest':
        path = pick(m.at);
        value = nested(m.depth, m.asArray, 'leaf');
        break;
      case 'prototypeKey': {
        const containers = [[] as Path, ...paths.filter((p) => isContainer(valueAt(root as Container, p)))];
        const target = valueAt(root as Container, containers[m.at % containers.length]!);
        if (isContainer(target) && !Array.isArray(target)) defineOwn(target, m.key, structuredClone(m.value));
        continue;
      }
    }
    const parent = path && parentOf(root, path);
    if (path && parent) defineOwn(parent, path.at(-1)!, value);
  }
  return root;
}

function valueAt(root: Container, path: Path): unknown {
  let current: unknown = root;
  for (const part of path) current = isContainer(current) ? (current as Record<string, unknown>)[part as string] : undefined;
  return current;
}

/** How the event's text reaches the function: as the fdk hands it over (bytes), or damaged. */
export type Encoding =
  | { kind: 'bytes' }
  | { kind: 'string' }
  | { kind: 'flipBytes'; positions: number[]; values: number[] }
  | { kind: 'invalidUtf8'; position: number; sequence: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'bom' }
  | { kind: 'random'; bytes: Uint8Array };

export const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'bytes' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'string' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flipBytes' as const), positions: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('invalidUtf8' as const),
      position: fc.nat(),
      sequence: fc.constantFrom<number[]>([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
);

export function encode(value: unknown, how: Encoding): string | Buffer {
  const text = spliceDeepNesting(JSON.stringify(value) ?? 'undefined');
  const bytes = Buffer.from(text, 'utf8');
  switch (how.kind) {
    case 'bytes':
      return bytes;
    case 'string':
      return text;
    case 'flipBytes': {
      const copy = Buffer.from(bytes);
      how.positions.forEach((position, i) => {
        if (copy.length > 0) copy[position % copy.length] = how.values[i % how.values.length]!;
      });
      return copy;
    }
    case 'invalidUtf8': {
      const at = bytes.length === 0 ? 0 : how.position % bytes.length;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(how.sequence), bytes.subarray(at)]);
    }
    case 'truncate':
      return bytes.subarray(0, bytes.length === 0 ? 0 : how.at % bytes.length);
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'random':
      return Buffer.from(how.bytes);
  }
}

export interface GeneratedBody {
  seed: number;
  mutations: Mutation[];
  encoding: Encoding;
}

/** A fixture, mutated, encoded: what a caller (or a broken Events rule) might send. */
export const generatedBody: fc.Arbitrary<GeneratedBody> = fc.record({
  seed: fc.nat(),
  mutations: fc.array(mutation, { maxLength: 4 }),
  encoding,
});

export function bodyOf(generated: GeneratedBody): { value: unknown; input: string | Buffer } {
  const value = mutate(SEED_EVENTS[generated.seed % SEED_EVENTS.length], generated.mutations);
  return { value, input: encode(value, generated.encoding) };
}
