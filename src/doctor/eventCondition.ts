/**
 * An Events rule's condition read as OCI Events reads it: a JSON object whose fields the event must
 * all have; a field's value is a string or a list of strings (any of them), `*` matching any run of
 * characters; nested objects match nested fields. `{}` matches every event.
 */
export type ConditionJson = { [field: string]: string | string[] | ConditionJson };

export type EventConditionResult = { ok: true; condition: ConditionJson } | { ok: false; problem: string };

function isPatternList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function validate(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path || 'the condition'} must be a JSON object`;
  for (const [field, inner] of Object.entries(value)) {
    const where = path ? `${path}.${field}` : field;
    if (typeof inner === 'string' || isPatternList(inner)) continue;
    const problem = validate(inner, where);
    if (problem) return problem;
  }
  return undefined;
}

export function parseEventCondition(text: string): EventConditionResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    return { ok: false, problem: `the condition is not JSON: ${text}` };
  }
  const problem = validate(parsed, '');
  return problem ? { ok: false, problem } : { ok: true, condition: parsed as ConditionJson };
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
}

function valueMatches(patterns: string | string[], value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return (typeof patterns === 'string' ? [patterns] : patterns).some((pattern) => wildcard(pattern).test(value));
}

/** Whether the event passes the condition. */
export function eventMatches(condition: ConditionJson, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(condition).every(([field, expected]) =>
    typeof expected === 'string' || Array.isArray(expected) ? valueMatches(expected, fields[field]) : eventMatches(expected, fields[field]),
  );
}

/** Whether the condition tests the field at `path` (e.g. data.resourceName): it then matches only some objects. */
export function conditionTests(condition: ConditionJson, path: readonly string[]): boolean {
  const [first, ...rest] = path;
  const inner = first === undefined ? undefined : condition[first];
  if (inner === undefined) return false;
  if (rest.length === 0) return true;
  return typeof inner === 'object' && !Array.isArray(inner) && conditionTests(inner, rest);
}
