/**
 * The condition language shared by IAM policy `where` clauses and dynamic-group matching rules:
 * `variable = 'value'`, `variable != 'value'`, and `all {...}` / `any {...}` of them, nested.
 */
export type Condition =
  | { kind: 'all' | 'any'; conditions: Condition[] }
  | { kind: 'compare'; variable: string; operator: '=' | '!='; value: string };

export type ConditionResult = { ok: true; condition: Condition } | { ok: false; problem: string };

/** True, false, or unknown when the condition tests a variable the doctor cannot know (tags, request.*). */
export type Truth = boolean | 'unknown';

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? '';
  }

  done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }

  take(pattern: RegExp): string | undefined {
    this.skipSpace();
    const match = pattern.exec(this.text.slice(this.at));
    if (!match || match.index !== 0) return undefined;
    this.at += match[0].length;
    return match[0];
  }

  expect(literal: string): void {
    if (this.peek() !== literal) throw new Error(`expected "${literal}" at "${this.text.slice(this.at, this.at + 20)}"`);
    this.at++;
  }
}

function readValue(reader: Reader): string {
  const quoted = reader.take(/^'[^']*'|^"[^"]*"/);
  if (quoted !== undefined) return quoted.slice(1, -1);
  const bare = reader.take(/^[^\s,}]+/);
  if (bare === undefined) throw new Error('expected a value');
  return bare;
}

function readCondition(reader: Reader): Condition {
  const group = reader.take(/^(all|any)(?=\s*\{)/i);
  if (group !== undefined) {
    reader.expect('{');
    const conditions: Condition[] = [readCondition(reader)];
    while (reader.peek() === ',') {
      reader.expect(',');
      conditions.push(readCondition(reader));
    }
    reader.expect('}');
    return { kind: group.toLowerCase() as 'all' | 'any', conditions };
  }
  const variable = reader.take(/^[A-Za-z][\w.-]*/);
  if (variable === undefined) throw new Error('expected a variable such as target.bucket.name');
  const operator = reader.take(/^(!=|=)/);
  if (operator === undefined) throw new Error(`expected = or != after ${variable}`);
  return { kind: 'compare', variable: variable.toLowerCase(), operator: operator as '=' | '!=', value: readValue(reader) };
}

export function parseCondition(text: string): ConditionResult {
  const reader = new Reader(text);
  try {
    const condition = readCondition(reader);
    if (!reader.done()) throw new Error(`unexpected text after the condition`);
    return { ok: true, condition };
  } catch (error) {
    return { ok: false, problem: `cannot read condition "${text}": ${(error as Error).message}` };
  }
}

/** OCIDs and names compare without regard to case, as IAM compares them. */
export function evaluateCondition(condition: Condition, variables: Readonly<Record<string, string>>): Truth {
  if (condition.kind === 'compare') {
    const known = variables[condition.variable];
    if (known === undefined) return 'unknown';
    const equal = known.toLowerCase() === condition.value.toLowerCase();
    return condition.operator === '=' ? equal : !equal;
  }
  const results = condition.conditions.map((inner) => evaluateCondition(inner, variables));
  if (condition.kind === 'all') return results.includes(false) ? false : results.includes('unknown') ? 'unknown' : true;
  return results.includes(true) ? true : results.includes('unknown') ? 'unknown' : false;
}
