import { parseCondition, type Condition } from './conditions';

export type PolicySubject =
  | { kind: 'dynamic-group' | 'group'; name?: string; id?: string }
  | { kind: 'service'; name: string }
  | { kind: 'any-user' | 'any-group' };

export type PolicyLocation = { kind: 'tenancy' } | { kind: 'compartment'; path: string[] } | { kind: 'compartment-id'; id: string };

export const VERBS = ['inspect', 'read', 'use', 'manage'] as const;
export type Verb = (typeof VERBS)[number];

export interface PolicyStatement {
  subjects: PolicySubject[];
  /** A verb and a resource type, or a list of permissions (`to {PAR_MANAGE} in ...`). */
  grant: { kind: 'verb'; verb: Verb; resourceType: string } | { kind: 'permissions'; permissions: string[] };
  location: PolicyLocation;
  condition: Condition | undefined;
}

export type StatementResult = { ok: true; statement: PolicyStatement } | { ok: false; problem: string };

const STATEMENT = /^\s*allow\s+(.+?)\s+to\s+(\{[^}]*\}|\S+\s+\S+)\s+in\s+(tenancy|compartment\s+id\s+\S+|compartment\s+\S+)(?:\s+where\s+(.+?))?\s*$/is;

function unquote(text: string): string {
  return text.trim().replace(/^'(.*)'$|^"(.*)"$/s, (_, single?: string, double?: string) => single ?? double ?? '');
}

function parseSubject(text: string): PolicySubject | undefined {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'any-user' || lower === 'any-group') return { kind: lower };
  const match = /^(dynamic-group|group|service)\s+(id\s+)?(.+)$/is.exec(trimmed);
  if (!match) return undefined;
  const kind = match[1]!.toLowerCase() as 'dynamic-group' | 'group' | 'service';
  const value = match[3]!.trim();
  if (kind === 'service') return { kind, name: unquote(value).toLowerCase() };
  if (match[2]) return { kind, id: value };
  // 'Domain'/'name' names the group in an identity domain; the doctor compares the name.
  const parts = value.split('/');
  return { kind, name: unquote(parts[parts.length - 1]!) };
}

function parseSubjects(text: string): PolicySubject[] | undefined {
  // `service a, b` lists services; `group a, group b` lists subjects of their own kinds.
  const subjects: PolicySubject[] = [];
  let kind: 'dynamic-group' | 'group' | 'service' | undefined;
  for (const part of text.split(',')) {
    const subject = parseSubject(part) ?? (kind ? parseSubject(`${kind} ${part}`) : undefined);
    if (!subject) return undefined;
    if (subject.kind !== 'any-user' && subject.kind !== 'any-group') kind = subject.kind;
    subjects.push(subject);
  }
  return subjects;
}

function parseLocation(text: string): PolicyLocation {
  const lower = text.toLowerCase();
  if (lower === 'tenancy') return { kind: 'tenancy' };
  const byId = /^compartment\s+id\s+(\S+)$/i.exec(text);
  if (byId) return { kind: 'compartment-id', id: byId[1]! };
  return { kind: 'compartment', path: unquote(text.replace(/^compartment\s+/i, '')).split(':') };
}

/** One policy statement, read as IAM reads it (the parts the doctor needs). */
export function parsePolicyStatement(text: string): StatementResult {
  const match = STATEMENT.exec(text);
  if (!match) return { ok: false, problem: `not an "Allow <subject> to <verb> <resource-type> in <location>" statement: ${text}` };
  const [, subjectText, grantText, locationText, whereText] = match;
  const subjects = parseSubjects(subjectText!);
  if (!subjects) return { ok: false, problem: `cannot read the subject "${subjectText}" of: ${text}` };
  let grant: PolicyStatement['grant'];
  if (grantText!.startsWith('{')) {
    grant = { kind: 'permissions', permissions: grantText!.slice(1, -1).split(',').map((p) => p.trim().toUpperCase()).filter(Boolean) };
  } else {
    const [verb, resourceType] = grantText!.toLowerCase().split(/\s+/) as [string, string];
    if (!(VERBS as readonly string[]).includes(verb)) return { ok: false, problem: `unknown verb "${verb}" in: ${text}` };
    grant = { kind: 'verb', verb: verb as Verb, resourceType };
  }
  let condition: Condition | undefined;
  if (whereText !== undefined) {
    const parsed = parseCondition(whereText);
    if (!parsed.ok) return { ok: false, problem: `${parsed.problem}, in: ${text}` };
    condition = parsed.condition;
  }
  return { ok: true, statement: { subjects, grant, location: parseLocation(locationText!.trim()), condition } };
}
