import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDoctorArgs } from '../../../src/doctor/args';

const FN = 'ocid1.fnfunc.oc1.iad.aaaaaaaaexample';

test('the options, with their defaults', () => {
  assert.deepEqual(parseDoctorArgs(['--function', FN]), { kind: 'options', options: { functionId: FN, bucket: undefined, probe: false, probeTimeoutMs: 60_000, json: false } });
  assert.deepEqual(parseDoctorArgs(['--function', FN, '--bucket', 'uploads', '--probe', '--probe-timeout', '5', '--json']), {
    kind: 'options',
    options: { functionId: FN, bucket: 'uploads', probe: true, probeTimeoutMs: 5000, json: true },
  });
  assert.deepEqual(parseDoctorArgs(['--json', '--help']), { kind: 'help' });
  assert.deepEqual(parseDoctorArgs([]), { kind: 'invalid', problems: [] });
});

test('every problem is named together', () => {
  assert.deepEqual(parseDoctorArgs(['--function', 'ocid1.stream.oc1.iad.x', '--probe-timeout', '0', '--probe', '--json=yes']), {
    kind: 'invalid',
    problems: ['--json takes no value', '--function must be a function OCID (ocid1.fnfunc.oc1...)', '--probe-timeout must be at least 1'],
  });
  assert.deepEqual(parseDoctorArgs(['--function']), { kind: 'invalid', problems: ['--function needs a value', '--function is required: the OCID of the deployed function'] });
  assert.deepEqual(parseDoctorArgs(['--function', FN, '--probe-timeout', '601', '--probe']), { kind: 'invalid', problems: ['--probe-timeout must be at most 600'] });
});
