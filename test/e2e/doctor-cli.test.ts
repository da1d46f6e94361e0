import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { doctorChild, startDoctorWorld, type DoctorWorld } from './support/doctor-world';

let doctor: DoctorWorld;
before(async () => {
  doctor = await startDoctorWorld();
  doctor.describe();
});
after(async () => {
  await doctor?.stop();
});

async function cli(argv: string[], env = doctor.env) {
  const run = await doctorChild(argv, env).done;
  return { ...run, text: `exit ${run.code}\n${run.stdout}\n${run.stderr}` };
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/);

describe('bad arguments and credentials: a clear line, exit 2, nothing checked', () => {
  test('no arguments print the usage', async () => {
    const run = await cli([]);
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /^Usage: npm run doctor -- --function FUNCTION_OCID \[--bucket NAME\] \[--probe\] \[--json\]/);
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0, run.text);
    assert.match(run.stdout, /Read-only unless --probe is given/);
  });

  test('a misspelt option, a bad OCID and a stray word are all named, with a pointer to --help', async () => {
    const run = await cli(['--fucntion', 'ocid1.fnfunc.oc1.iad.x', 'extra', '--probe-timeout', '5']);
    assert.equal(run.code, 2, run.text);
    assert.equal(
      run.stdout,
      [
        'doctor: unknown option --fucntion',
        'doctor: unexpected argument "ocid1.fnfunc.oc1.iad.x"',
        'doctor: unexpected argument "extra"',
        'doctor: --function is required: the OCID of the deployed function',
        'doctor: --probe-timeout applies only with --probe',
        'Nothing was checked. See npm run doctor -- --help',
        '',
      ].join('\n'),
    );
    const wrong = await cli(['--function', 'ocid1.stream.oc1.iad.abc', '--bucket', 'no/slash']);
    assert.equal(wrong.code, 2, wrong.text);
    assert.match(wrong.stdout, /doctor: --function must be a function OCID \(ocid1\.fnfunc\.oc1\.\.\.\)\ndoctor: --bucket /);
    assert.equal(doctor.emulator.requests().length, 0, 'nothing was asked of any service');
  });

  test('no credentials at all: one line saying what to set, exit 2', async () => {
    const run = await cli(['--function', doctor.ids.functionId], { OCI_CONFIG_FILE: '/nonexistent/config' });
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /^doctor: No usable OCI credentials: .*OCI_TENANCY_OCID.*\/nonexistent\/config/);
    assert.equal(run.stdout.trim().split('\n').length, 1);
    assert.equal(run.stderr, '');
    noStackTrace(run.text);
  });

  test('credentials the service refuses: exit 2, saying what to check', async () => {
    const run = await cli(['--function', doctor.ids.functionId], { ...doctor.env, OCI_FINGERPRINT: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff' });
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /doctor: The credentials were not accepted \(Object Storage getNamespace answered 401 NotAuthenticated .*\)\. Check the API key, its fingerprint, the user and tenancy OCIDs and the region; nothing was checked\./);
    noStackTrace(run.text);
  });
});

test('the checklist as printed, and --json as one document with the same findings', { timeout: 30_000 }, async () => {
  const text = await cli(['--function', doctor.ids.functionId]);
  assert.equal(text.code, 0, text.text);
  assert.match(text.stdout, /^fn-streaming doctor: function ocid1\.fnfunc\.oc1\.iad\.aaaaaaaadoctorfunction \(read-only\)\n1\. Credentials and region\n {2}PASS {10}who is calling: user /);
  assert.match(text.stdout, /\nSummary: 19 passed, 0 failed, 0 warning\(s\), 0 not checked\.\n$/);
  const json = await cli(['--function', doctor.ids.functionId, '--json']);
  assert.equal(json.code, 0, json.text);
  const document = JSON.parse(json.stdout) as { exitCode: number; summary: { passed: number }; findings: Array<{ title: string }> };
  assert.equal(document.exitCode, 0);
  assert.equal(document.summary.passed, 19);
  assert.equal(document.findings.length, 19);
  for (const finding of document.findings) assert.ok(text.stdout.includes(finding.title));
});

test('Ctrl-C while the probe waits: the probe object is deleted, the summary printed, exit 130', { timeout: 60_000 }, async () => {
  // A disabled rule: the upload's event never reaches the function, so the probe waits.
  doctor.describe((t) => (t.rules[0]!.isEnabled = false));
  const child = doctorChild(['--function', doctor.ids.functionId, '--probe', '--probe-timeout', '120'], doctor.env);
  const deadline = Date.now() + 30_000;
  while (!doctor.emulator.requests().some((r) => r.operation === 'putObject') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const interrupted = Date.now();
  child.kill('SIGINT');
  const run = await child.done;
  assert.equal(run.code, 130, `${run.stdout}\n${run.stderr}`);
  assert.ok(Date.now() - interrupted < 10_000, 'it stops without waiting out the probe');
  assert.match(run.stdout, /Interrupted: the checks after this point were not run\.\nSummary: 18 passed, 1 failed, 0 warning\(s\), 0 not checked\.\n$/);
  assert.deepEqual(
    doctor.emulator.requests().filter((r) => r.operation === 'putObject' || r.operation === 'deleteObject').map((r) => `${r.operation} ${r.status}`),
    ['putObject 200', 'deleteObject 204'],
  );
});
