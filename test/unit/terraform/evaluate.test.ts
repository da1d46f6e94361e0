import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../terraform/evaluate';
import { loadStack } from '../../terraform/hcl';

const stackOf = (text: string) => loadStack({ 'main.tf': text });

test('evaluates templates, lists, objects, conditionals and the functions the stack uses, with variable defaults and overrides', async () => {
  const stack = await stackOf(`
variable "on" {
  default = false
}
variable "n" {
  default = 3
}
locals {
  list = concat(["a", "b-\${var.n}"], var.on ? ["c"] : [], var.n > 2 ? ["big"] : [])
  json = jsonencode({ k = local.list, nested = { x = [tostring(var.n)] } })
  trimmed = "https://\${trimprefix(oci_thing.one.endpoint, "https://")}"
  multi_line = concat(
    ["x"],
    var.on ? ["y"] : [],
  )
}
resource "oci_thing" "one" {
  endpoint = "https://host.example"
}
`);
  assert.deepEqual(await evaluate(stack.locals['list'], { stack }), ['a', 'b-3', 'big']);
  assert.deepEqual(await evaluate(stack.locals['list'], { stack, variables: { on: true, n: 1 } }), ['a', 'b-1', 'c']);
  assert.deepEqual(JSON.parse((await evaluate(stack.locals['json'], { stack })) as string), { k: ['a', 'b-3', 'big'], nested: { x: ['3'] } });
  assert.equal(await evaluate(stack.locals['trimmed'], { stack }), 'https://host.example');
  assert.deepEqual(await evaluate(stack.locals['multi_line'], { stack, variables: { on: true } }), ['x', 'y'], 'an expression over several lines keeps its type');
  assert.equal(await evaluate(stack.locals['trimmed'], { stack, placeholders: { 'oci_thing.one.endpoint': 'h.example' } }), 'https://h.example');
});

test('refuses what it cannot evaluate, naming it, instead of guessing', async () => {
  const stack = await stackOf(`
variable "required" {
  type = string
}
locals {
  unknown_function = upper("a")
  no_default = var.required
  provider_only = oci_thing.one.id
}
resource "oci_thing" "one" {
  name = "x"
}
`);
  await assert.rejects(evaluate(stack.locals['unknown_function'], { stack }), /cannot evaluate the function upper\(\)/);
  await assert.rejects(evaluate(stack.locals['no_default'], { stack }), /var\.required has no default/);
  await assert.rejects(evaluate(stack.locals['provider_only'], { stack }), /no value for oci_thing\.one\.id: give a placeholder/);
});
