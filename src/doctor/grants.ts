import { evaluateCondition, type Truth } from './conditions';
import type { CompartmentInfo, PolicyInfo } from './model';
import { parsePolicyStatement, VERBS, type PolicyLocation, type PolicyStatement, type PolicySubject, type Verb } from './policy';

/** A permission the chain needs: who, what, on which resource, where. */
export interface Need {
  /** `anyGroup`: the caller may not list dynamic groups, so a grant to any of them counts. */
  subject: { kind: 'dynamic-group'; names: string[]; ids: string[]; anyGroup?: boolean } | { kind: 'service'; name: string };
  verb: Verb;
  /** The resource type and the families that include it, e.g. objects, object-family, all-resources. */
  resourceTypes: readonly string[];
  /** A single permission that also grants it when listed (`to {PAR_MANAGE}`). */
  permission?: string;
  /** What the `where` clause can test: target.bucket.name, target.stream.id, request.permission... */
  variables: Readonly<Record<string, string>>;
  /** From the tenancy (first) to the resource's compartment (last). */
  compartmentPath: readonly CompartmentInfo[];
}

export type Grant = { granted: true; statement: string; policy: string } | { granted: 'maybe'; statement: string; policy: string } | { granted: false };

function subjectMatches(subject: PolicySubject, need: Need['subject']): boolean {
  if (subject.kind === 'any-user') return true;
  if (need.kind === 'service') return subject.kind === 'service' && subject.name === need.name.toLowerCase();
  if (subject.kind !== 'dynamic-group') return false;
  if (need.anyGroup) return true;
  if (subject.id !== undefined) return need.ids.some((id) => id.toLowerCase() === subject.id!.toLowerCase());
  return need.names.some((name) => name.toLowerCase() === subject.name?.toLowerCase());
}

/** Whether a statement attached to `policyCompartmentId` reaches the resource's compartment (or one above it). */
export function locationCovers(location: PolicyLocation, policyCompartmentId: string, path: readonly CompartmentInfo[]): boolean {
  const attachedAt = path.findIndex((compartment) => compartment.id === policyCompartmentId);
  if (attachedAt === -1) return false;
  if (location.kind === 'tenancy') return attachedAt === 0;
  if (location.kind === 'compartment-id') return path.slice(attachedAt).some((compartment) => compartment.id === location.id);
  return location.path.every((name, index) => path[attachedAt + 1 + index]?.name.toLowerCase() === name.toLowerCase());
}

function grantCovers(grant: PolicyStatement['grant'], need: Need): boolean {
  if (grant.kind === 'permissions') return need.permission !== undefined && grant.permissions.includes(need.permission);
  return VERBS.indexOf(grant.verb) >= VERBS.indexOf(need.verb) && need.resourceTypes.includes(grant.resourceType);
}

function statementGrants(statement: PolicyStatement, policyCompartmentId: string, need: Need): Truth {
  if (!statement.subjects.some((subject) => subjectMatches(subject, need.subject))) return false;
  if (!grantCovers(statement.grant, need)) return false;
  if (!locationCovers(statement.location, policyCompartmentId, need.compartmentPath)) return false;
  return statement.condition === undefined ? true : evaluateCondition(statement.condition, need.variables);
}

/** The first statement that grants the need; one whose condition the doctor cannot evaluate is a "maybe". */
export function findGrant(policies: readonly PolicyInfo[], need: Need): Grant {
  let maybe: Grant = { granted: false };
  for (const policy of policies) {
    for (const text of policy.statements) {
      const parsed = parsePolicyStatement(text);
      if (!parsed.ok) continue;
      const truth = statementGrants(parsed.statement, policy.compartmentId, need);
      if (truth === true) return { granted: true, statement: text, policy: policy.name };
      if (truth === 'unknown' && maybe.granted === false) maybe = { granted: 'maybe', statement: text, policy: policy.name };
    }
  }
  return maybe;
}

/** Statements no reading could make sense of, to be reported rather than silently ignored. */
export function unreadableStatements(policies: readonly PolicyInfo[]): string[] {
  return policies.flatMap((policy) =>
    policy.statements.flatMap((text) => {
      const parsed = parsePolicyStatement(text);
      return parsed.ok ? [] : [`${policy.name}: ${parsed.problem}`];
    }),
  );
}
