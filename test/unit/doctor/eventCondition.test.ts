import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { conditionTests, eventMatches, parseEventCondition } from '../../../src/doctor/eventCondition';
import { loadEvent } from '../../support/events';

interface Case {
  condition: string;
  create: boolean;
  update: boolean;
  otherBucket: boolean;
  why: string;
}

const cases = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'doctor', 'event-conditions.json'), 'utf8')) as Case[];

/** The sample events OCI Events sends (test/fixtures/events), aimed at a bucket. */
function event(fixture: 'createobject-unversioned' | 'updateobject', bucket: string) {
  const sample = loadEvent(fixture);
  sample['data']['additionalDetails']['bucketName'] = bucket;
  sample['data']['compartmentId'] = 'ocid1.compartment.oc1..apps';
  return sample;
}

for (const c of cases) {
  test(`${c.why}: ${c.condition || '(none)'}`, () => {
    const parsed = parseEventCondition(c.condition);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.equal(eventMatches(parsed.condition, event('createobject-unversioned', 'uploads')), c.create, 'create event of uploads');
    assert.equal(eventMatches(parsed.condition, event('updateobject', 'uploads')), c.update, 'update event of uploads');
    assert.equal(eventMatches(parsed.condition, event('createobject-unversioned', 'archive')), c.otherBucket, 'create event of another bucket');
  });
}

test('conditions that are not what OCI Events takes are named', () => {
  assert.deepEqual(parseEventCondition('{"eventType": '), { ok: false, problem: 'the condition is not JSON: {"eventType": ' });
  assert.deepEqual(parseEventCondition('["a"]'), { ok: false, problem: 'the condition must be a JSON object' });
  assert.deepEqual(parseEventCondition('{"data": {"additionalDetails": 3}}'), { ok: false, problem: 'data.additionalDetails must be a JSON object' });
});

test('a condition on object names matches only some objects', () => {
  const parsed = parseEventCondition('{"data":{"resourceName":"incoming/*"}}');
  assert.ok(parsed.ok);
  assert.equal(conditionTests(parsed.condition, ['data', 'resourceName']), true);
  assert.equal(conditionTests(parsed.condition, ['data', 'additionalDetails', 'bucketName']), false);
});
