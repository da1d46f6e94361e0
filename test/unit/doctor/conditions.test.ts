import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateCondition, parseCondition } from '../../../src/doctor/conditions';

const fn = { 'resource.type': 'fnfunc', 'resource.id': 'ocid1.fnfunc.oc1.iad.one', 'resource.compartment.id': 'ocid1.compartment.oc1..apps' };

function truth(text: string, variables: Record<string, string> = fn) {
  const parsed = parseCondition(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return evaluateCondition(parsed.condition, variables);
}

test('matching rules as dynamic groups write them: ALL, ANY, quotes, case of OCIDs and keywords', () => {
  assert.equal(truth("ALL {resource.type = 'fnfunc', resource.compartment.id = 'ocid1.compartment.oc1..apps'}"), true);
  assert.equal(truth("All {resource.type='fnfunc', resource.compartment.id='OCID1.COMPARTMENT.OC1..APPS'}"), true);
  assert.equal(truth("ANY {resource.id = 'ocid1.fnfunc.oc1.iad.other', resource.id = 'ocid1.fnfunc.oc1.iad.one'}"), true);
  assert.equal(truth("resource.id = 'ocid1.fnfunc.oc1.iad.other'"), false);
  assert.equal(truth("ALL {resource.type = 'fnfunc', resource.compartment.id != 'ocid1.compartment.oc1..apps'}"), false);
  assert.equal(truth('ALL {resource.type = fnfunc, any {resource.id = "x", resource.compartment.id = "ocid1.compartment.oc1..apps"}}'), true);
});

test('what the doctor cannot know is unknown, not false: tags, instance rules inside ANY', () => {
  assert.equal(truth("tag.ops.team.value = 'data'"), 'unknown');
  assert.equal(truth("ALL {resource.type = 'fnfunc', tag.ops.team.value = 'data'}"), 'unknown');
  assert.equal(truth("ALL {resource.type = 'instance', tag.ops.team.value = 'data'}"), false, 'false wins in ALL');
  assert.equal(truth("ANY {resource.type = 'fnfunc', tag.ops.team.value = 'data'}"), true, 'true wins in ANY');
});

test('a condition it cannot read is named', () => {
  for (const text of ['ALL {resource.type = }', "ALL {resource.type = 'fnfunc'", "resource.type 'fnfunc'", "resource.type = 'a' extra"]) {
    const parsed = parseCondition(text);
    assert.equal(parsed.ok, false, text);
    assert.ok(!parsed.ok && parsed.problem.startsWith(`cannot read condition "${text}"`));
  }
});
