import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Finding } from '../../src/doctor/findings';
import type { Tenancy } from '../emulator';
import { BUCKET, COMPARTMENT, LOG, LOG_GROUP, OTHER_FUNCTION, OTHER_STREAM, RULE } from './support/doctor-tenancy';
import { doctorInProcess, findingsOf, startDoctorWorld, type DoctorWorld } from './support/doctor-world';

let doctor: DoctorWorld;
before(async () => {
  doctor = await startDoctorWorld();
});
after(async () => {
  await doctor?.stop();
});

async function check(change?: (tenancy: Tenancy) => void): Promise<{ code: number; findings: Finding[] }> {
  doctor.describe(change);
  const run = await doctorInProcess(['--function', doctor.ids.functionId, '--json'], doctor.env);
  return { code: run.code, findings: findingsOf(run) };
}

const failures = (findings: readonly Finding[]) => findings.filter((f) => f.status === 'fail');

/** The world fails exactly one finding, of the check it breaks, and its fix says what to do. */
async function failsOnly(change: (tenancy: Tenancy) => void, expected: { check: Finding['check']; title: string; detail: RegExp; fix: string }): Promise<Finding[]> {
  const { code, findings } = await check(change);
  const failed = failures(findings);
  assert.deepEqual(failed.map((f) => `${f.check}: ${f.title}`), [`${expected.check}: ${expected.title}`], JSON.stringify(findings, null, 2));
  assert.match(failed[0]!.detail, expected.detail);
  assert.ok(failed[0]!.fix?.includes(expected.fix), `fix: ${failed[0]!.fix}\nexpected to include: ${expected.fix}`);
  assert.equal(code, 1);
  return findings;
}

test('a correct deployment: every check of 1-8 passes, nothing is left unchecked, exit 0', { timeout: 30_000 }, async () => {
  const { code, findings } = await check();
  assert.deepEqual(findings.filter((f) => f.status !== 'pass'), []);
  assert.deepEqual([...new Set(findings.map((f) => f.check))], ['credentials', 'function', 'stream', 'network', 'bucket', 'events', 'identity', 'logs']);
  assert.equal(code, 0);
  const operations = new Set(doctor.emulator.requests().map((r) => r.operation));
  for (const operation of ['getNamespace', 'getFunction', 'getApplication', 'getStream', 'getStreamPool', 'getSubnet', 'getVcn', 'getSecurityList', 'getRouteTable', 'getBucket', 'listRules', 'getRule', 'getCompartment', 'listDynamicGroups', 'listPolicies', 'listLogGroups', 'listLogs']) {
    assert.ok(operations.has(operation), `the doctor read ${operation}`);
  }
  assert.ok(doctor.emulator.requests().every((r) => r.signatureValid), 'every request was signed with the operator\'s key');
  assert.ok(!operations.has('putObject') && !operations.has('deleteObject'), 'read-only without --probe');
});

test('no "use stream-push" policy: identity fails with the statement to add', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.policies[0]!.statements = t.policies[0]!.statements.filter((s) => !s.includes('stream-push'))), {
    check: 'identity',
    title: 'use stream-push on stream uploads-stream',
    detail: /no policy/,
    fix: `Allow dynamic-group fn-streaming-dg to use stream-push in compartment apps where target.stream.id = '${doctor.ids.streamId}'`,
  });
});

test('a stream-push policy for another stream: identity fails the same way', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.policies[0]!.statements = t.policies[0]!.statements.map((s) => s.replace(doctor.ids.streamId, OTHER_STREAM))), {
    check: 'identity',
    title: 'use stream-push on stream uploads-stream',
    detail: /no policy/,
    fix: `where target.stream.id = '${doctor.ids.streamId}'`,
  });
});

test('a dynamic group that does not match the function: identity fails; the policies wait for a group', { timeout: 30_000 }, async () => {
  const findings = await failsOnly((t) => (t.dynamicGroups[0]!.matchingRule = "ALL {resource.type = 'fnfunc', resource.compartment.id = 'ocid1.compartment.oc1..aaaaaaaaother'}"), {
    check: 'identity',
    title: 'a dynamic group matches the function',
    detail: /no dynamic group's matching rule matches function/,
    fix: `oci iam dynamic-group create --name fn-streaming-dg --description "fn-streaming" --matching-rule "ALL {resource.type = 'fnfunc', resource.id = '${doctor.ids.functionId}'}"`,
  });
  assert.deepEqual(
    findings.filter((f) => f.status === 'not-checked').map((f) => f.title),
    ['read objects on bucket uploads', 'use stream-push on stream uploads-stream'],
  );
});

test('reference URLs on (REFERENCE_URL_TTL_SECONDS) without PAR_MANAGE: identity fails; with the README\'s statement it passes', { timeout: 30_000 }, async () => {
  const withUrls = (t: Tenancy) => (t.functions[0]!.config['REFERENCE_URL_TTL_SECONDS'] = '3600');
  const statement = `Allow dynamic-group fn-streaming-dg to manage buckets in compartment apps where all {target.bucket.name = '${BUCKET}', request.permission = 'PAR_MANAGE'}`;
  await failsOnly(withUrls, { check: 'identity', title: 'PAR_MANAGE on bucket uploads (REFERENCE_URL_TTL_SECONDS is set)', detail: /no policy/, fix: statement });
  const { findings } = await check((t) => {
    withUrls(t);
    t.policies[0]!.statements.push(statement);
  });
  assert.deepEqual(failures(findings), []);
});

test('--bucket names a bucket ALLOWED_BUCKETS leaves out: the bucket check fails with the setting that allows it', { timeout: 30_000 }, async () => {
  doctor.describe((t) => {
    t.buckets.push({ namespace: 'examplens', name: 'archive', compartmentId: COMPARTMENT, objectEventsEnabled: true });
    t.rules[0]!.condition = t.rules[0]!.condition.replace(`["${BUCKET}"]`, `["${BUCKET}","archive"]`);
    t.policies[0]!.statements.push('Allow dynamic-group fn-streaming-dg to read objects in compartment apps');
  });
  const run = await doctorInProcess(['--function', doctor.ids.functionId, '--bucket', 'archive', '--json'], doctor.env);
  const failed = failures(findingsOf(run));
  assert.deepEqual(failed.map((f) => f.title), ['archive: allowed by ALLOWED_BUCKETS'], run.output);
  assert.match(failed[0]!.detail, /^Bucket "examplens\/archive" is not in ALLOWED_BUCKETS \(uploads\); the event was refused and nothing was read\./);
  assert.equal(failed[0]!.fix, "fn config function fn-streaming-app fn-streaming ALLOWED_BUCKETS 'uploads,archive'");
  assert.equal(run.code, 1);
});

test('a bucket that does not emit object events: the bucket check fails with the CLI command', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.buckets[0]!.objectEventsEnabled = false), {
    check: 'bucket',
    title: 'uploads: emits object events',
    detail: /does not emit object events/,
    fix: 'oci os bucket update --namespace-name examplens --name uploads --object-events-enabled true',
  });
});

test('a rule for another bucket: events fails with the condition to set', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.rules[0]!.condition = t.rules[0]!.condition.replace(`"${BUCKET}"`, '"other-bucket"')), {
    check: 'events',
    title: 'uploads: an enabled rule sends its object events to the function',
    detail: /does not match create and update events of bucket uploads/,
    fix: `oci events rule update --rule-id ${RULE} --condition '{"eventType":["com.oraclecloud.objectstorage.createobject","com.oraclecloud.objectstorage.updateobject"],"data":{"additionalDetails":{"bucketName":["uploads"]}}}'`,
  });
});

test('a rule whose wildcard covers the bucket and both event types passes, as OCI Events reads it', { timeout: 30_000 }, async () => {
  const { findings } = await check((t) => (t.rules[0]!.condition = JSON.stringify({ eventType: 'com.oraclecloud.objectstorage.*object', data: { additionalDetails: { bucketName: 'up*' } } })));
  assert.deepEqual(failures(findings), []);
});

test('a disabled rule: events fails with the command that enables it', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.rules[0]!.isEnabled = false), {
    check: 'events',
    title: 'uploads: an enabled rule sends its object events to the function',
    detail: /is disabled/,
    fix: `oci events rule update --rule-id ${RULE} --is-enabled true`,
  });
});

test('a rule acting on another function: events fails and names that function', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.rules[0]!.actions.actions[0]!.functionId = OTHER_FUNCTION), {
    check: 'events',
    title: 'uploads: an enabled rule sends its object events to the function',
    detail: new RegExp(`acts on ${OTHER_FUNCTION}, not this function`),
    fix: `"functionId":"${doctor.ids.functionId}"`,
  });
});

test('the configuration misses OCI_STREAM_OCID: named as the function names it; what depends on it is not checked', { timeout: 30_000 }, async () => {
  const findings = await failsOnly((t) => delete t.applications[0]!.config['OCI_STREAM_OCID'], {
    check: 'function',
    title: 'configuration',
    detail: /^Invalid function configuration: OCI_STREAM_OCID: is required\./,
    fix: 'fn config function fn-streaming-app fn-streaming OCI_STREAM_OCID <value>',
  });
  assert.deepEqual(findings.filter((f) => f.status === 'not-checked').map((f) => f.check), ['stream', 'network', 'bucket', 'events', 'identity', 'logs']);
});

test('an endpoint host that is not the pool\'s FQDN: the stream check fails with the setting to change', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.streamPools[0]!.endpointFqdn = 'cell-1.streaming.us-ashburn-1.oci.oraclecloud.com'), {
    check: 'stream',
    title: 'endpoint is the pool\'s',
    detail: /host is 127\.0\.0\.1, the pool's endpoint FQDN is cell-1\.streaming/,
    fix: "fn config function fn-streaming-app fn-streaming OCI_STREAM_ENDPOINT 'https://cell-1.streaming.us-ashburn-1.oci.oraclecloud.com'",
  });
});

test('a public stream pool: the stream check fails; the network to it is not checked', { timeout: 30_000 }, async () => {
  const findings = await failsOnly(
    (t) => {
      t.streamPools[0]!.isPrivate = false;
      delete t.streamPools[0]!.privateEndpointSettings;
    },
    { check: 'stream', title: 'stream pool is private', detail: /public endpoint/, fix: '"Private endpoint" in the function\'s subnet' },
  );
  assert.deepEqual(findings.filter((f) => f.status === 'not-checked').map((f) => f.check), ['network']);
});

test('no DNS label on the subnet: the network check fails', { timeout: 30_000 }, async () => {
  await failsOnly((t) => delete t.subnets[0]!.dnsLabel, { check: 'network', title: 'DNS labels', detail: /no DNS label on subnet functions/, fix: '--dns-label <label>' });
});

test('no rule for TCP 443 into the pool\'s subnet: the network check fails with the rule to add', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.securityLists[0]!.ingressSecurityRules = [{ source: '10.0.1.0/24', protocol: '6', isStateless: false, tcpOptions: { destinationPortRange: { min: 22, max: 22 } } }]), {
    check: 'network',
    title: 'TCP 443 to the pool\'s endpoint',
    detail: /no ingress rule of subnet functions .* allows TCP 443 from 10\.0\.1\.0\/24/,
    fix: 'Add Ingress Rules: source 10.0.1.0/24, IP protocol TCP, destination port 443',
  });
});

test('an NSG rule of the application can carry the 443 rule instead of the security list', { timeout: 30_000 }, async () => {
  const nsg = 'ocid1.networksecuritygroup.oc1.iad.aaaaaaaafunctions';
  const { findings } = await check((t) => {
    t.securityLists[0]!.ingressSecurityRules = [];
    t.applications[0]!.networkSecurityGroupIds = [nsg];
    t.streamPools[0]!.privateEndpointSettings!.nsgIds = [nsg];
    t.nsgRules[nsg] = [{ id: 'rule1', direction: 'INGRESS', protocol: '6', source: nsg, isStateless: false, tcpOptions: { destinationPortRange: { min: 443, max: 443 } } }];
  });
  assert.deepEqual(failures(findings), []);
});

test('no route to a service gateway: the network check fails', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.routeTables[0]!.routeRules = [{ destination: '0.0.0.0/0', destinationType: 'CIDR_BLOCK', networkEntityId: 'ocid1.natgateway.oc1.iad.aaaaaaaanat' }]), {
    check: 'network',
    title: 'route to a service gateway',
    detail: /no rule to a service gateway/,
    fix: 'target type Service Gateway',
  });
});

test('invocation logs off: the logs check fails with the command that enables the log', { timeout: 30_000 }, async () => {
  await failsOnly((t) => (t.logs[0]!.isEnabled = false), {
    check: 'logs',
    title: 'the application\'s invocation log is enabled',
    detail: /is disabled: the function's error texts go nowhere/,
    fix: `oci logging log update --log-group-id ${LOG_GROUP} --log-id ${LOG} --is-enabled true`,
  });
});

test('no permission to read IAM: dynamic groups and policies are "not checked" with the permission, nothing fails', { timeout: 30_000 }, async () => {
  const { code, findings } = await check((t) => (t.denied = ['listDynamicGroups', 'listPolicies']));
  assert.deepEqual(failures(findings), []);
  const notChecked = findings.filter((f) => f.status === 'not-checked');
  assert.deepEqual(notChecked.map((f) => [f.title, f.needs]), [
    ['a dynamic group matches the function', 'inspect dynamic-groups in tenancy'],
    ['read objects on bucket uploads', 'inspect policies in tenancy'],
    ['use stream-push on stream uploads-stream', 'inspect policies in tenancy'],
    ['the Events service may invoke the function', 'inspect policies in tenancy'],
  ]);
  assert.ok(notChecked.every((f) => f.detail.includes('404 NotAuthorizedOrNotFound')));
  assert.equal(code, 0);
});

test('dynamic groups unreadable but policies readable: a missing stream-push grant still fails, for any dynamic group', { timeout: 30_000 }, async () => {
  const findings = await failsOnly(
    (t) => {
      t.denied = ['listDynamicGroups'];
      t.policies[0]!.statements = t.policies[0]!.statements.filter((s) => !s.includes('stream-push'));
    },
    { check: 'identity', title: 'use stream-push on stream uploads-stream', detail: /no policy/, fix: 'to use stream-push in compartment apps' },
  );
  assert.match(findings.find((f) => f.title === 'read objects on bucket uploads')!.detail, /\(granted to a dynamic group; whether it matches the function was not checked\)$/);
  assert.equal(findings.find((f) => f.title === 'a dynamic group matches the function')!.needs, 'inspect dynamic-groups in tenancy');
});

test('a function OCID that names nothing: the function check fails, the rest is not checked', { timeout: 30_000 }, async () => {
  doctor.describe();
  const run = await doctorInProcess(['--function', OTHER_FUNCTION], doctor.env);
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /FAIL +function exists: getFunction answered 404 NotAuthorizedOrNotFound/);
  assert.match(run.output, /NOT CHECKED +stream: needs the function \(see above\)/);
  assert.match(run.lines.at(-1)!, /^Summary: 1 passed, 1 failed, 0 warning\(s\), 6 not checked\.$/);
  assert.ok(!run.output.includes(COMPARTMENT));
});

describe('the Network Path Analyzer, where the caller may use it', () => {
  test('it finds the endpoint unreachable though the rules read fine: the network check fails with its finding', { timeout: 30_000 }, async () => {
    const findings = await failsOnly((t) => (t.pathAnalysis = { reachabilityStatus: 'UNREACHABLE', routeAnalysisDescription: 'Traffic is denied by the egress rules of VNIC ocid1.vnic.oc1.iad.x' }), {
      check: 'network',
      title: 'TCP 443 to the pool\'s endpoint',
      detail: /the Network Path Analyzer finds 10\.0\.1\.10:443 unreachable from the function's subnet: 1 path\(s\): UNREACHABLE; Traffic is denied by the egress rules/,
      fix: 'Network Path Analyzer',
    });
    assert.ok(findings.some((f) => f.title === 'DNS labels' && f.status === 'pass'));
  });

  test('it finds the endpoint reachable: its answer stands in for reading the rules', { timeout: 30_000 }, async () => {
    const { findings } = await check((t) => {
      t.pathAnalysis = { reachabilityStatus: 'REACHABLE', routeAnalysisDescription: 'Traffic is allowed' };
      t.securityLists[0]!.ingressSecurityRules = [];
    });
    assert.deepEqual(failures(findings), []);
    assert.match(findings.find((f) => f.title === 'TCP 443 to the pool\'s endpoint')!.detail, /^the Network Path Analyzer finds 10\.0\.1\.10:443 reachable from the function's subnet \(1 path\(s\): REACHABLE; Traffic is allowed\)$/);
    const analysis = doctor.emulator.requests().filter((r) => r.operation === 'getPathAnalysis' || r.operation === 'getWorkRequest' || r.operation === 'listWorkRequestResults');
    assert.deepEqual(analysis.slice(-3).map((r) => `${r.operation} ${r.status}`), ['getPathAnalysis 202', 'getWorkRequest 200', 'listWorkRequestResults 200']);
  });
});
