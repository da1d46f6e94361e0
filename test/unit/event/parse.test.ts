import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidEventError } from '../../../src/errors';
import { MAX_EVENT_BYTES, parseEvent } from '../../../src/event/parse';
import { loadEvent, type EventFixture } from '../../support/events';

const BROKEN_DIR = join(__dirname, '..', '..', 'fixtures', 'events', 'broken');

function brokenFixture(file: string): Buffer {
  return readFileSync(join(BROKEN_DIR, file));
}

/** The error parseEvent throws for `input`; fails the test when it does not throw one. */
function refusal(input: unknown): InvalidEventError {
  try {
    parseEvent(input);
  } catch (error) {
    assert.ok(error instanceof InvalidEventError, `expected InvalidEventError, got ${String(error)}`);
    return error;
  }
  assert.fail('the event was accepted');
}

function withName(name: string): string {
  const event = loadEvent('createobject-unversioned');
  event['data']['resourceName'] = name;
  return JSON.stringify(event);
}

/**
 * The field each refused fixture gets wrong, as the error must name it. Every file in
 * fixtures/events/broken/ that is not a `variant-` must be listed here.
 */
const REFUSED: Record<string, string> = {
  'missing-eventType.json': 'eventType: is required',
  'missing-eventID.json': 'eventID: is required',
  'missing-eventTime.json': 'eventTime: is required',
  'missing-data.json': 'data: is required',
  'missing-resourceName.json': 'data.resourceName: is required',
  'missing-additionalDetails.json': 'data.additionalDetails: is required',
  'missing-namespace.json': 'data.additionalDetails.namespace: is required',
  'missing-bucketName.json': 'data.additionalDetails.bucketName: is required',
  'empty-eventID.json': 'eventID: must not be empty',
  'empty-resourceName.json': 'data.resourceName: must not be empty',
  'wrong-type-eventID-number.json': 'eventID: must be text',
  'wrong-type-eventTime-not-a-timestamp.json': 'eventTime: must be an RFC 3339 timestamp',
  'wrong-type-data-string.json': 'data: must be an object',
  'wrong-type-resourceName-number.json': 'data.resourceName: must be text',
  'wrong-type-additionalDetails-array.json': 'data.additionalDetails: must be an object',
  'wrong-type-namespace-number.json': 'data.additionalDetails.namespace: must be text',
  'wrong-type-bucketName-invalid-characters.json': 'data.additionalDetails.bucketName: must be letters',
  'wrong-type-eTag-number.json': 'data.additionalDetails.eTag: must be text',
  'wrong-type-versionId-object.json': 'data.additionalDetails.versionId: must be text',
  'wrong-type-archivalState-unknown.json': 'data.additionalDetails.archivalState: must be one of',
  'objectstorage-bucket-event.json': 'eventType: must be an Object Storage object event type',
  'compute-instance-event.json': 'got eventType "com.oraclecloud.computeapi.launchinstance.end"',
  'cloudevents-1.0-structured.json': 'eventType: is required',
};

describe('parseEvent', () => {
  describe('sample events', () => {
    const samples: EventFixture[] = ['createobject-unversioned', 'createobject-versioned', 'updateobject', 'deleteobject'];
    for (const name of samples) {
      it(`parses ${name} from bytes and forwards it untouched`, () => {
        const original = loadEvent(name);
        const { event, raw } = parseEvent(Buffer.from(JSON.stringify(original)));
        assert.deepEqual(raw, original);
        assert.equal(event.eventType, original['eventType']);
        assert.equal(event.eventID, original['eventID']);
        assert.equal(event.data.resourceName, original['data']['resourceName']);
        assert.equal(event.data.additionalDetails.namespace, 'examplens');
        assert.equal(event.data.additionalDetails.bucketName, 'uploads');
        assert.equal(event.data.additionalDetails.eTag ?? undefined, original['data']['additionalDetails']['eTag']);
        assert.equal(event.data.additionalDetails.versionId ?? undefined, original['data']['additionalDetails']['versionId']);
      });
    }

    it('accepts the body as a string too', () => {
      const original = loadEvent('updateobject');
      assert.deepEqual(parseEvent(JSON.stringify(original)).raw, original);
    });
  });

  describe('fixtures/events/broken', () => {
    const files = readdirSync(BROKEN_DIR).filter((file) => file.endsWith('.json')).sort();
    const refused = files.filter((file) => !file.startsWith('variant-'));
    const variants = files.filter((file) => file.startsWith('variant-'));

    it('has an expectation for every refused fixture, and variants to accept', () => {
      assert.deepEqual(refused, Object.keys(REFUSED).sort());
      assert.ok(variants.length >= 8, `only ${variants.length} variant fixtures`);
    });

    for (const file of refused) {
      it(`refuses ${file}, naming the field`, () => {
        const error = refusal(brokenFixture(file));
        const expected = REFUSED[file] ?? assert.fail(`no expectation for ${file}`);
        assert.ok(error.message.includes(expected), `"${error.message}" does not say "${expected}"`);
        assert.match(error.message, /^Expected an OCI Object Storage object event/);
      });
    }

    for (const file of variants) {
      it(`accepts ${file}`, () => {
        const body = brokenFixture(file);
        const { event, raw } = parseEvent(body);
        assert.deepEqual(raw, JSON.parse(body.toString('utf8')));
        assert.ok(event.eventType.startsWith('com.oraclecloud.objectstorage.'));
      });
    }

    it('keeps what the variants carry', () => {
      const archived = parseEvent(brokenFixture('variant-archived.json')).event;
      assert.equal(archived.data.additionalDetails.archivalState, 'Archived');
      const versioned = parseEvent(brokenFixture('variant-versioned.json')).event;
      assert.equal(versioned.data.additionalDetails.versionId, '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
      const older = parseEvent(brokenFixture('variant-older-eventTypeVersion-1.0.json'));
      assert.equal(older.raw['eventTypeVersion'], '1.0');
      assert.equal(older.raw['schemaURL'], null);
      assert.equal(older.event.data.additionalDetails.eTag, '1e2d3c4b-5a69-4788-9766-554433221100');
    });

    it('lists several problems of one event together', () => {
      const event = loadEvent('updateobject');
      delete event['eventID'];
      event['data']['resourceName'] = 42;
      delete event['data']['additionalDetails']['namespace'];
      const error = refusal(JSON.stringify(event));
      assert.deepEqual(error.problems, [
        'eventID: is required',
        'data.resourceName: must be text',
        'data.additionalDetails.namespace: is required',
      ]);
      for (const problem of error.problems) assert.ok(error.message.includes(problem));
    });
  });

  describe('bodies that are not an event', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['text that is not JSON', 'hello, world', /not JSON/],
      ['truncated JSON', '{"eventType": "com.oraclecloud.objectstorage.createobject"', /not JSON/],
      ['an empty string', '', /empty/],
      ['an empty buffer', Buffer.alloc(0), /empty/],
      ['whitespace only', Buffer.from(' \n\t '), /empty/],
      ['invalid UTF-8 (a lone continuation byte)', Buffer.from([0x7b, 0x80, 0x7d]), /not valid UTF-8/],
      ['invalid UTF-8 (a truncated sequence)', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe6, 0x97]), Buffer.from('"}')]), /not valid UTF-8/],
      ['invalid UTF-8 (an encoded surrogate)', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), /not valid UTF-8/],
      ['a JSON array', '[{"eventType":"com.oraclecloud.objectstorage.createobject"}]', /JSON but not an object/],
      ['a JSON number', '42', /JSON but not an object/],
      ['JSON null', 'null', /JSON but not an object/],
      ['a JSON string', '"event"', /JSON but not an object/],
      ['a JSON boolean', 'true', /JSON but not an object/],
      ['an empty object', '{}', /eventType: is required/],
      ['no body at all', undefined, /missing/],
      ['an already-parsed object', { eventType: 'x' }, /missing/],
    ];
    for (const [what, input, expected] of cases) {
      it(`refuses ${what}`, () => {
        const error = refusal(input);
        assert.match(error.message, expected);
        assert.match(error.message, /Expected an OCI Object Storage object event/);
      });
    }

    it('refuses an event nested thousands of levels deep, which could not be forwarded', () => {
      const event = { ...loadEvent('updateobject'), extra: {} };
      const body = Buffer.from(JSON.stringify(event).replace(/"extra":\{\}/, `"extra":${'{"x":'.repeat(10_000)}{}${'}'.repeat(10_000)}`));
      assert.match(refusal(body).message, /levels deep/);
    });

    it(`accepts an event of exactly ${MAX_EVENT_BYTES} bytes and refuses one byte more`, () => {
      const event = JSON.stringify(loadEvent('updateobject'));
      const padded = Buffer.from(event + ' '.repeat(MAX_EVENT_BYTES - Buffer.byteLength(event)));
      assert.equal(padded.byteLength, MAX_EVENT_BYTES);
      assert.equal(parseEvent(padded).event.eventType, 'com.oraclecloud.objectstorage.updateobject');

      const over = Buffer.concat([padded, Buffer.from(' ')]);
      assert.match(refusal(over).message, new RegExp(`${MAX_EVENT_BYTES + 1} bytes, over the ${MAX_EVENT_BYTES}-byte invoke limit`));
    });

    it('counts a string body in UTF-8 bytes against the limit', () => {
      const event = JSON.stringify(loadEvent('updateobject'));
      // 3-byte characters: under the limit in UTF-16 code units, over it in bytes.
      const filler = '日'.repeat(Math.ceil((MAX_EVENT_BYTES - event.length) / 3) + 1);
      const body = event.slice(0, -1) + `,"pad":"${filler}"}`;
      assert.ok(body.length < MAX_EVENT_BYTES);
      assert.match(refusal(body).message, /over the 6291456-byte invoke limit/);
    });
  });

  describe('object names', () => {
    const accepted = [
      'with space.txt',
      'a+b=c.txt',
      '100%25 done%.csv',
      'issue #12.md',
      'dir/sub dir/file',
      '/leading/and/trailing/',
      'café/日本語/файл.txt',
      'emoji 😀 🚀.png',
      "it's \"quoted\" & <tagged>\\back",
      'tab\there',
      '?query=1&x',
    ];
    for (const name of accepted) {
      it(`accepts ${JSON.stringify(name)} verbatim`, () => {
        assert.equal(parseEvent(withName(name)).event.data.resourceName, name);
      });
    }

    it('accepts a name of exactly 1024 UTF-8 bytes and refuses 1025', () => {
      const exact = '日'.repeat(341) + 'a'; // 341 × 3 + 1 bytes
      assert.equal(Buffer.byteLength(exact), 1024);
      assert.equal(parseEvent(withName(exact)).event.data.resourceName, exact);

      const over = '日'.repeat(341) + 'ab';
      assert.equal(Buffer.byteLength(over), 1025);
      assert.ok(over.length < 1024, 'short in characters: the limit is in bytes');
      assert.match(refusal(withName(over)).message, /data\.resourceName: must be at most 1024 UTF-8 bytes/);
    });

    for (const [what, name] of [
      ['CR', 'a\rb'],
      ['LF', 'line\nbreak'],
      ['NUL', 'nul\u0000byte'],
    ] as const) {
      it(`refuses a name containing ${what}`, () => {
        assert.match(refusal(withName(name)).message, /data\.resourceName: must not contain NUL, CR or LF/);
      });
    }

    it('refuses a name with a lone surrogate', () => {
      assert.match(refusal(withName('bad\uD83Dname')).message, /data\.resourceName: must be valid Unicode/);
    });
  });
});
