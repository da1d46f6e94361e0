import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluate } from '../../terraform/evaluate';
import { find } from '../../terraform/hcl';
import { README, theStack } from '../../terraform/paths';
import { readmeEnvironment } from '../../terraform/placeholders';

/** The README's "Deploy to OCI" section, and the fenced code blocks in it. */
function deploySection(): { text: string; blocks: string[] } {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('\n## Deploy to OCI\n');
  assert.ok(start >= 0, 'the README has a "Deploy to OCI" section');
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...text.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  return { text, blocks };
}

test("the README's policy statements are the stack's, PAR_MANAGE included only when reference URLs are on", async () => {
  const stack = await theStack();
  const readmeStatements = deploySection()
    .blocks.flatMap((block) => block.split('\n'))
    .filter((line) => /^Allow (dynamic-group|service) /.test(line));
  const withReferences = await evaluate(stack.locals['policy_statements'], readmeEnvironment(stack, { reference_url_ttl_seconds: 3600 }));
  assert.deepEqual(readmeStatements, withReferences);
  const withoutReferences = (await evaluate(stack.locals['policy_statements'], readmeEnvironment(stack, { reference_url_ttl_seconds: 0 }))) as string[];
  assert.deepEqual(
    withoutReferences,
    readmeStatements.filter((line) => !line.includes('PAR_MANAGE')),
  );
  assert.equal(readmeStatements.filter((line) => line.includes('PAR_MANAGE')).length, 1);
});

test("the README's dynamic group rule is the stack's", async () => {
  const stack = await theStack();
  const rule = await evaluate(find(stack, 'resource', 'oci_identity_dynamic_group', 'function').body['matching_rule'], readmeEnvironment(stack));
  assert.ok(deploySection().blocks.some((block) => block.trim() === rule), `the README shows ${String(rule)}`);
});

test("the README's Events condition is the stack's, and delete events join only when asked", async () => {
  const stack = await theStack();
  const condition = find(stack, 'resource', 'oci_events_rule', 'uploads').body['condition'];
  const readmeConditions = deploySection()
    .blocks.filter((block) => block.includes('"eventType"'))
    .map((block) => JSON.parse(block) as unknown);
  assert.equal(readmeConditions.length, 1);
  assert.deepEqual(JSON.parse((await evaluate(condition, readmeEnvironment(stack))) as string), readmeConditions[0]);
  const withDeletes = JSON.parse((await evaluate(condition, readmeEnvironment(stack, { deliver_delete_events: true }))) as string) as { eventType: string[] };
  assert.deepEqual(withDeletes.eventType, [
    'com.oraclecloud.objectstorage.createobject',
    'com.oraclecloud.objectstorage.updateobject',
    'com.oraclecloud.objectstorage.deleteobject',
  ]);
});

test('the README names the DNS labels, the rule creator permissions and the invocation log by CLI', () => {
  const text = deploySection().text.replace(/\s+/g, ' ');
  for (const needed of [
    'DNS label',
    'inspect compartments in tenancy',
    'manage cloudevents-rules',
    'read objectstorage-namespaces in tenancy',
    '"service": "functions", "category": "invoke"',
    "oracleidentitycloudservice/<user name>",
    'npm run stack',
    'terraform apply',
    '(#check-a-deployment)',
  ]) {
    assert.ok(text.includes(needed), `the Deploy section says ${JSON.stringify(needed)}`);
  }
});
