import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStack } from '../../terraform/hcl';
import { STACK_DIR, theStack } from '../../terraform/paths';
import { checkResourceManagerSchema } from '../../terraform/resourceManager';

test("schema.yaml describes every variable of variables.tf and no other, in groups, with the same defaults, and shows the stack's outputs", async () => {
  assert.deepEqual(checkResourceManagerSchema(readFileSync(join(STACK_DIR, 'schema.yaml'), 'utf8'), await theStack()), []);
});

test('a schema.yaml that disagrees with the variables is reported', async () => {
  const stack = await loadStack({
    'variables.tf': 'variable "kept" {\n  default = 1\n}\nvariable "undescribed" {\n  type = string\n}\n',
    'outputs.tf': 'output "id" {\n  value = "x"\n}\n',
  });
  const yamlText = `
variableGroups:
  - title: One
    variables: [kept, stale]
variables:
  kept:
    type: integer
    title: Kept
    default: 2
    visible: create_it
  stale:
    type: string
    title: Stale
outputGroups:
  - title: Out
    outputs: [id, gone]
`;
  assert.deepEqual(checkResourceManagerSchema(yamlText, stack).sort(), [
    'schema.yaml describes "stale", which variables.tf does not declare',
    'variables.tf declares "undescribed", which schema.yaml does not describe',
    'schema.yaml groups "stale", which variables.tf does not declare',
    '"undescribed" is in no variable group of schema.yaml',
    '"kept": schema.yaml\'s default 2 is not variables.tf\'s 1',
    '"kept" is visible by "create_it", which variables.tf does not declare',
    'schema.yaml shows output "gone", which outputs.tf does not declare',
  ].sort());
  assert.match(checkResourceManagerSchema('variables: 3', stack)[0]!, /^schema\.yaml: /);
});
