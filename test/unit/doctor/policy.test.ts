import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePolicyStatement } from '../../../src/doctor/policy';

interface Fixtures {
  readable: Array<{ statement: string; parsed: Record<string, unknown> }>;
  unreadable: Array<{ statement: string; problem: string }>;
}

const fixtures = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'doctor', 'policy-statements.json'), 'utf8')) as Fixtures;

for (const { statement, parsed } of fixtures.readable) {
  test(`reads: ${statement}`, () => {
    const result = parsePolicyStatement(statement);
    assert.ok(result.ok, result.ok ? '' : result.problem);
    assert.deepEqual({ ...result.statement, condition: result.statement.condition ?? null }, parsed);
  });
}

for (const { statement, problem } of fixtures.unreadable) {
  test(`names what it cannot read: ${statement}`, () => {
    const result = parsePolicyStatement(statement);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problem.includes(problem), !result.ok ? result.problem : '');
  });
}
