import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidEventError } from '../../../src/errors';
import { MAX_EVENT_BYTES, parseEvent, type ParsedEvent } from '../../../src/event/parse';
import { ARCHIVAL_STATES, OBJECT_EVENT_TYPES } from '../../../src/event/schema';
import { bodyOf, generatedBody, mutate, REQUIRED_FIELDS, SEED_EVENTS } from './arbitraries';

/** A parse of even a 6 MB body takes tens of milliseconds; seconds would mean a pathological path. */
const MAX_PARSE_MS = 2_000;
/**
 * Properties stop generating past this, so the file stays under its 30 s budget on a busy
 * machine; the main property then still checks that it made at least MIN_RUNS runs.
 */
const TIME_LIMIT_MS = 12_000;
const plugins = [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)];
const MIN_RUNS = 1_000;

type Outcome = { accepted: ParsedEvent } | { refused: InvalidEventError };

function parseTimed(input: unknown): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { accepted: parseEvent(input) };
  } catch (error) {
    assert.ok(error instanceof InvalidEventError, `only InvalidEventError may escape, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    outcome = { refused: error };
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < MAX_PARSE_MS, `parseEvent took ${Math.round(elapsed)} ms`);
  return outcome;
}

function assertClearRefusal(error: InvalidEventError): void {
  assert.ok(error.message.length > 0);
  assert.match(error.message, /^Expected an OCI Object Storage object event/, 'the refusal says what was expected');
  assert.ok(!error.message.includes('    at '), 'no stack trace in the message');
  assert.ok(error.message.length < 5_000, `the message stays short (${error.message.length} characters), whatever the input's size`);
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** The schema's "characters" are code points, as zod counts them. */
const characters = (text: string) => [...text].length;
const optionalText = (value: unknown, max: number) =>
  value === undefined || value === null || (typeof value === 'string' && value.length >= 1 && characters(value) <= max);

/** What the schema promises the rest of the function about an accepted event. */
function assertSchemaGuarantees(parsed: ParsedEvent, receivedText: string): void {
  const { event, raw } = parsed;
  assert.ok((OBJECT_EVENT_TYPES as readonly string[]).includes(event.eventType));
  assert.ok(typeof event.eventID === 'string' && event.eventID.length >= 1 && characters(event.eventID) <= 256);
  assert.equal(typeof event.eventTime, 'string');
  assert.ok(Number.isFinite(Date.parse(event.eventTime)), `eventTime ${JSON.stringify(event.eventTime)} is a time`);

  const name = event.data.resourceName;
  assert.equal(typeof name, 'string');
  assert.ok(name.length >= 1 && utf8Bytes(name) <= 1024, 'object names are 1 to 1024 UTF-8 bytes');
  assert.ok(!/[\u0000\r\n]/.test(name), 'object names hold no NUL, CR or LF');
  assert.equal(Buffer.from(name, 'utf8').toString('utf8'), name, 'object names are valid Unicode (no lone surrogates)');

  const details = event.data.additionalDetails;
  assert.equal(Object.getPrototypeOf(details), Object.prototype, 'no prototype smuggled in');
  assert.equal(Object.getPrototypeOf(event.data), Object.prototype);
  assert.equal(Object.getPrototypeOf(event), Object.prototype);
  assert.match(details.namespace, /^[A-Za-z0-9._-]{1,128}$/);
  assert.match(details.bucketName, /^[A-Za-z0-9._-]{1,256}$/);
  assert.ok(optionalText(details.eTag, 1024), `eTag ${JSON.stringify(details.eTag)}`);
  assert.ok(optionalText(details.versionId, 1024), `versionId ${JSON.stringify(details.versionId)}`);
  assert.ok(details.archivalState === undefined || details.archivalState === null || (ARCHIVAL_STATES as readonly string[]).includes(details.archivalState));

  // The event is forwarded to consumers exactly as received, so it must serialize again.
  let forwarded: string;
  try {
    forwarded = JSON.stringify(raw);
  } catch (error) {
    assert.fail(`an accepted event cannot be forwarded: ${String(error)}`);
  }
  assert.equal(forwarded, JSON.stringify(JSON.parse(receivedText.replace(/^\uFEFF/, ''))));
}

function assertPrototypesClean(): void {
  assert.deepEqual(Object.keys(Object.prototype), [], 'Object.prototype gained no properties');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
}

describe('parseEvent, property-based', () => {
  it('accepts every valid sample event', () => {
    for (const seed of SEED_EVENTS) {
      const text = JSON.stringify(seed);
      const outcome = parseTimed(Buffer.from(text));
      assert.ok('accepted' in outcome, `sample ${String(seed['eventID'])} is accepted`);
      assertSchemaGuarantees(outcome.accepted, text);
    }
  });

  it('on thousands of mutated events: throws only InvalidEventError, quickly, and accepts only what the schema allows', (t) => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(generatedBody, (generated) => {
        const { input } = bodyOf(generated);
        const outcome = parseTimed(input);
        if ('refused' in outcome) {
          refused += 1;
          assertClearRefusal(outcome.refused);
        } else {
          accepted += 1;
          const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
          assert.ok(utf8Bytes(text) <= MAX_EVENT_BYTES, 'nothing over the invoke limit is accepted');
          assertSchemaGuarantees(outcome.accepted, text);
        }
        assertPrototypesClean();
      }),
      { numRuns: 2_000, plugins, includeErrorInReport: true },
    );
    t.diagnostic(`${accepted + refused} runs: ${accepted} accepted, ${refused} refused`);
    assert.ok(accepted + refused >= MIN_RUNS, `only ${accepted + refused} runs in ${TIME_LIMIT_MS} ms`);
    // Both sides of the schema were exercised, or the generators have gone blind.
    assert.ok(accepted >= (accepted + refused) / 10, `${accepted} accepted`);
    assert.ok(refused >= (accepted + refused) / 4, `${refused} refused`);
  });

  it('refuses an event missing any field the function uses, naming that field', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: REQUIRED_FIELDS.length - 1 }), (seed, field) => {
        const path = REQUIRED_FIELDS[field]!;
        const value = mutate(SEED_EVENTS[seed % SEED_EVENTS.length], []) as Record<string, any>;
        let parent: any = value;
        for (const part of path.slice(0, -1)) parent = parent[part];
        delete parent[path.at(-1)!];
        const outcome = parseTimed(Buffer.from(JSON.stringify(value)));
        assert.ok('refused' in outcome, `an event without ${path.join('.')} is refused`);
        assert.ok(outcome.refused.message.includes(`${path.join('.')}: is required`), outcome.refused.message);
      }),
      { numRuns: 200, plugins, includeErrorInReport: true },
    );
  });

  it('refuses bodies that are not object events: other types, random bytes, deep nesting', () => {
    const notAnObject = fc.oneof(
      fc.constantFrom<unknown>(undefined, null, 0, true, {}, [], new Map(), Symbol('x'), () => 1),
      fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => Buffer.from(JSON.stringify(value))),
      fc.uint8Array({ maxLength: 500 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.integer({ min: 1, max: 30_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
      fc.integer({ min: 1, max: 30_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    );
    fc.assert(
      fc.property(notAnObject, (input) => {
        const outcome = parseTimed(input);
        if ('refused' in outcome) assertClearRefusal(outcome.refused);
        else assert.fail(`accepted ${String(input).slice(0, 100)}`);
      }),
      { numRuns: 600, plugins, includeErrorInReport: true },
    );
  });
});
