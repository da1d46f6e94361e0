import type { Config } from '../../config/schema';
import { groupMatches } from '../dynamicGroups';
import { fail, notChecked, pass, warn, type Finding } from '../findings';
import { findGrant, unreadableStatements, type Need } from '../grants';
import type { BucketInfo, CompartmentInfo, DynamicGroupInfo, FunctionInfo, PolicyInfo, StreamInfo } from '../model';
import type { DoctorReader, Read } from '../ports';
import { unreadFinding } from './reads';

/** A resource's compartments, from the tenancy down to its own. */
export async function compartmentPath(reader: DoctorReader, compartmentId: string): Promise<Read<CompartmentInfo[]>> {
  const path: CompartmentInfo[] = [];
  for (let id: string | undefined = compartmentId; id !== undefined && path.length < 10; ) {
    const read = await reader.getCompartment(id);
    if (!read.ok) return read;
    path.unshift(read.value);
    id = read.value.parentId;
  }
  return { ok: true, value: path };
}

/** How a statement attached to the tenancy names the compartment: "tenancy" or "compartment a:b". */
function location(path: readonly CompartmentInfo[]): string {
  return path.length <= 1 ? 'tenancy' : `compartment ${path.slice(1).map((c) => c.name).join(':')}`;
}

export interface IdentityTargets {
  fn: FunctionInfo;
  fnPath: CompartmentInfo[];
  config: Config;
  buckets: Array<{ bucket: BucketInfo; path: CompartmentInfo[] }>;
  stream: { stream: StreamInfo; path: CompartmentInfo[] } | undefined;
}

interface NeedSpec {
  title: string;
  need: Need;
  fix: string;
}

/** `groups` undefined: the caller may not list them, so a grant to any dynamic group is taken. */
function needs(targets: IdentityTargets, groups: readonly DynamicGroupInfo[] | undefined): NeedSpec[] {
  const subject = { kind: 'dynamic-group' as const, names: (groups ?? []).map((g) => g.name), ids: (groups ?? []).map((g) => g.id), anyGroup: groups === undefined };
  const group = groups?.[0]?.name ?? 'fn-streaming-dg';
  const specs: NeedSpec[] = targets.buckets.flatMap(({ bucket, path }): NeedSpec[] => [
    {
      title: `read objects on bucket ${bucket.name}`,
      need: { subject, verb: 'read', resourceTypes: ['objects', 'object-family', 'all-resources'], variables: { 'target.bucket.name': bucket.name }, compartmentPath: path },
      fix: `Allow dynamic-group ${group} to read objects in ${location(path)} where target.bucket.name = '${bucket.name}'`,
    },
    ...(targets.config.referenceUrlTtlSeconds > 0
      ? [
          {
            title: `PAR_MANAGE on bucket ${bucket.name} (REFERENCE_URL_TTL_SECONDS is set)`,
            need: {
              subject,
              verb: 'manage' as const,
              resourceTypes: ['buckets', 'object-family', 'all-resources'],
              permission: 'PAR_MANAGE',
              variables: { 'target.bucket.name': bucket.name, 'request.permission': 'PAR_MANAGE' },
              compartmentPath: path,
            },
            fix: `Allow dynamic-group ${group} to manage buckets in ${location(path)} where all {target.bucket.name = '${bucket.name}', request.permission = 'PAR_MANAGE'}`,
          },
        ]
      : []),
  ]);
  if (targets.stream) {
    const { stream, path } = targets.stream;
    specs.push({
      title: `use stream-push on stream ${stream.name}`,
      need: { subject, verb: 'use', resourceTypes: ['stream-push', 'stream-family', 'all-resources'], variables: { 'target.stream.id': stream.id }, compartmentPath: path },
      fix: `Allow dynamic-group ${group} to use stream-push in ${location(path)} where target.stream.id = '${stream.id}'`,
    });
  }
  return specs;
}

function grantFinding(spec: NeedSpec, policies: readonly PolicyInfo[], groups: readonly DynamicGroupInfo[] | undefined): Finding {
  if (groups?.length === 0) return notChecked('identity', spec.title, 'a dynamic group that matches the function (see above)');
  const grant = findGrant(policies, spec.need);
  const unsure = groups === undefined ? ' (granted to a dynamic group; whether it matches the function was not checked)' : '';
  if (grant.granted === true) return pass('identity', spec.title, `policy ${grant.policy}: ${grant.statement}${unsure}`);
  if (grant.granted === 'maybe') return warn('identity', spec.title, `policy ${grant.policy} grants it only under a condition the doctor cannot evaluate: ${grant.statement}`, spec.fix);
  return fail('identity', spec.title, 'no policy on the compartment path grants it to the function\'s dynamic groups', spec.fix);
}

function eventsServiceFinding(targets: IdentityTargets, policies: readonly PolicyInfo[]): Finding {
  const title = 'the Events service may invoke the function';
  const fix = `Allow service cloudEvents to use functions-family in ${location(targets.fnPath)}`;
  const grant = findGrant(policies, {
    subject: { kind: 'service', name: 'cloudEvents' },
    verb: 'use',
    resourceTypes: ['functions-family', 'all-resources'],
    variables: { 'target.function.id': targets.fn.id },
    compartmentPath: targets.fnPath,
  });
  if (grant.granted === true) return pass('identity', title, `policy ${grant.policy}: ${grant.statement}`);
  if (grant.granted === 'maybe') return warn('identity', title, `only under a condition the doctor cannot evaluate: ${grant.statement}`, fix);
  return fail('identity', title, 'no policy lets service cloudEvents use functions-family where the function is', fix);
}

function groupsFinding(matching: readonly DynamicGroupInfo[], maybe: readonly DynamicGroupInfo[], fn: FunctionInfo): Finding {
  const title = 'a dynamic group matches the function';
  if (matching.length > 0) return pass('identity', title, matching.map((g) => `${g.name} (${g.matchingRule})`).join('; '));
  const fix = `oci iam dynamic-group create --name fn-streaming-dg --description "fn-streaming" --matching-rule "ALL {resource.type = 'fnfunc', resource.id = '${fn.id}'}"`;
  if (maybe.length > 0) return warn('identity', title, `only rules the doctor cannot evaluate (tags?): ${maybe.map((g) => `${g.name} (${g.matchingRule})`).join('; ')}`, fix);
  return fail('identity', title, `no dynamic group's matching rule matches function ${fn.id} in compartment ${fn.compartmentId}`, fix);
}

/** Check 7: the function's dynamic groups, and the policies that let them read the bucket and push to the stream. */
export async function checkIdentity(reader: DoctorReader, tenancyId: string, targets: IdentityTargets): Promise<Finding[]> {
  const findings: Finding[] = [];
  const groups = await reader.listDynamicGroups(tenancyId);
  let matching: DynamicGroupInfo[] | undefined;
  if (!groups.ok) {
    findings.push(unreadFinding('identity', 'a dynamic group matches the function', groups, 'inspect dynamic-groups in tenancy'));
  } else {
    matching = groups.value.filter((g) => groupMatches(g, targets.fn) === true);
    findings.push(groupsFinding(matching, groups.value.filter((g) => groupMatches(g, targets.fn) === 'unknown'), targets.fn));
  }
  const compartments = new Set([targets.fnPath, targets.stream?.path ?? [], ...targets.buckets.map((b) => b.path)].flatMap((path) => path.map((c) => c.id)));
  const policies: PolicyInfo[] = [];
  for (const compartmentId of compartments) {
    const read = await reader.listPolicies(compartmentId);
    if (!read.ok) {
      const specs = needs(targets, matching);
      return [...findings, ...[...specs.map((s) => s.title), 'the Events service may invoke the function'].map((title) => unreadFinding('identity', title, read, 'inspect policies in tenancy'))];
    }
    policies.push(...read.value);
  }
  findings.push(...needs(targets, matching).map((spec) => grantFinding(spec, policies, matching)));
  findings.push(eventsServiceFinding(targets, policies));
  const unreadable = unreadableStatements(policies);
  if (unreadable.length > 0) findings.push(warn('identity', 'policy statements the doctor could not read', unreadable.join('; '), 'Check these statements in Identity → Policies; the findings above ignore them'));
  return findings;
}
