import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Finding } from '../../src/doctor/findings';
import { PROBE_PREFIX } from '../../src/doctor/probe';
import { doctorInProcess, findingsOf, startDoctorWorld, type DoctorWorld } from './support/doctor-world';

let doctor: DoctorWorld;
before(async () => {
  doctor = await startDoctorWorld({ withFunction: true });
});
after(async () => {
  await doctor?.stop();
});

function probeObjects(): string[] {
  return doctor.emulator
    .requests()
    .filter((r) => r.operation === 'putObject' || r.operation === 'deleteObject')
    .map((r) => `${r.operation} ${r.status} ${decodeURIComponent(r.path).replace(/probe-.*$/, 'probe-*')}`);
}

const probeFindings = (findings: readonly Finding[]) => findings.filter((f) => f.check === 'probe');

test('--probe in a correct world: the upload\'s event reaches the function, its message the stream; the time is reported and the probe deleted', { timeout: 60_000 }, async () => {
  doctor.describe();
  const before = doctor.emulator.requests().length;
  const run = await doctorInProcess(['--function', doctor.ids.functionId, '--probe', '--json'], doctor.env);
  const findings = findingsOf(run);
  assert.deepEqual(findings.filter((f) => f.status !== 'pass'), [], run.output);
  const [probe] = probeFindings(findings);
  assert.match(probe!.detail, new RegExp(`^${PROBE_PREFIX}probe-[^:]+: uploaded, published as inline at partition 0 offset \\d+, \\d+ ms from upload to message$`));
  assert.equal(run.code, 0);
  const requests = doctor.emulator.requests().slice(before);
  assert.deepEqual(
    requests.filter((r) => ['putObject', 'deleteObject', 'invokeFunction'].includes(r.operation)).map((r) => `${r.operation} ${r.status}`),
    ['putObject 200', 'deleteObject 204'],
    'uploaded once, deleted, never invoked directly',
  );
  assert.ok(requests.some((r) => r.operation === 'getObject' && r.keyId?.startsWith('ST$')), 'the function read the probe as a resource principal');
});

test('--probe when the function fails: the finding points at the function\'s error, from its invocation log', { timeout: 60_000 }, async () => {
  doctor.describe();
  doctor.emulator.injectFault({ operation: 'putMessages', status: 404, code: 'NotAuthorizedOrNotFound', times: 50 });
  try {
    const run = await doctorInProcess(['--function', doctor.ids.functionId, '--probe', '--probe-timeout', '4', '--json'], doctor.env);
    const findings = findingsOf(run);
    assert.deepEqual(findings.filter((f) => f.status === 'fail').map((f) => f.check), ['probe'], run.output);
    const [probe] = probeFindings(findings);
    assert.match(probe!.detail, /no message for fn-streaming-doctor\/probe-\S+ within 4 s; invoked directly with the probe's event, the function failed \(The function failed \(invoke answered 502 FunctionInvokeExecutionFailed/);
    assert.match(probe!.detail, /the invocation log says: .*event failed.*Streaming putMessages answered 404 NotAuthorizedOrNotFound.*use stream-push/);
    assert.match(probe!.fix!, /invocation log, search "event failed"/);
    assert.equal(run.code, 1);
    assert.deepEqual(probeObjects().slice(-2).map((line) => line.split(' ').slice(0, 2).join(' ')), ['putObject 200', 'deleteObject 204'], 'the probe object is deleted after a failure too');
  } finally {
    doctor.emulator.clearFaults();
  }
});

test('--probe when the rule is disabled: the events check fails, and the probe says the function works but the event never reached it', { timeout: 60_000 }, async () => {
  doctor.describe((t) => (t.rules[0]!.isEnabled = false));
  const run = await doctorInProcess(['--function', doctor.ids.functionId, '--probe', '--probe-timeout', '2', '--json'], doctor.env);
  const findings = findingsOf(run);
  assert.deepEqual(findings.filter((f) => f.status === 'fail').map((f) => f.check), ['events', 'probe'], run.output);
  assert.match(probeFindings(findings)[0]!.detail, /the function answered \{"status":"published".*the function works, so the upload's event did not reach it/);
});

test('--probe from outside the stream\'s network: "not checked", said at once, nothing uploaded', { timeout: 60_000 }, async () => {
  doctor.describe((t) => (t.applications[0]!.config['OCI_STREAM_ENDPOINT'] = 'http://127.0.0.1:9'));
  const puts = probeObjects().length;
  const started = Date.now();
  const run = await doctorInProcess(['--function', doctor.ids.functionId, '--probe', '--json'], doctor.env);
  const [probe] = probeFindings(findingsOf(run));
  assert.equal(probe!.status, 'not-checked');
  assert.match(probe!.needs!, /to run inside the stream pool's subnet/);
  assert.match(probe!.detail, /^http:\/\/127\.0\.0\.1:9 could not be reached from here \(.+\): a private stream answers only inside its subnet\. Nothing was uploaded\.$/);
  assert.equal(probeObjects().length, puts);
  assert.ok(Date.now() - started < 20_000);
});
