import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findGrant, locationCovers, unreadableStatements, type Need } from '../../../src/doctor/grants';
import type { CompartmentInfo, PolicyInfo } from '../../../src/doctor/model';

const root: CompartmentInfo = { id: 'ocid1.tenancy.oc1..root', name: 'acme', parentId: undefined };
const prod: CompartmentInfo = { id: 'ocid1.compartment.oc1..prod', name: 'prod', parentId: root.id };
const apps: CompartmentInfo = { id: 'ocid1.compartment.oc1..apps', name: 'Apps', parentId: prod.id };
const path = [root, prod, apps];

const readObjects: Need = {
  subject: { kind: 'dynamic-group', names: ['fn-dg'], ids: ['ocid1.dynamicgroup.oc1..fn'] },
  verb: 'read',
  resourceTypes: ['objects', 'object-family', 'all-resources'],
  variables: { 'target.bucket.name': 'uploads' },
  compartmentPath: path,
};

const policy = (compartmentId: string, ...statements: string[]): PolicyInfo => ({ id: `ocid1.policy.oc1..${statements.length}`, name: 'p', compartmentId, statements });

test('a statement reaches the compartment it names and those below it, named from where the policy is attached', () => {
  assert.equal(locationCovers({ kind: 'tenancy' }, root.id, path), true);
  assert.equal(locationCovers({ kind: 'tenancy' }, prod.id, path), false, '"in tenancy" only in a policy of the root');
  assert.equal(locationCovers({ kind: 'compartment', path: ['prod'] }, root.id, path), true);
  assert.equal(locationCovers({ kind: 'compartment', path: ['prod', 'apps'] }, root.id, path), true, 'names compare without case');
  assert.equal(locationCovers({ kind: 'compartment', path: ['apps'] }, root.id, path), false, 'apps is not a child of the root');
  assert.equal(locationCovers({ kind: 'compartment', path: ['apps'] }, prod.id, path), true);
  assert.equal(locationCovers({ kind: 'compartment-id', id: prod.id }, root.id, path), true);
  assert.equal(locationCovers({ kind: 'compartment', path: ['prod'] }, 'ocid1.compartment.oc1..elsewhere', path), false);
});

test('read objects: granted by the verb or a stronger one, on the type or its family, for the group by name or id', () => {
  for (const statement of [
    "Allow dynamic-group fn-dg to read objects in compartment prod:Apps where target.bucket.name = 'uploads'",
    'Allow dynamic-group FN-DG to manage object-family in tenancy',
    'Allow dynamic-group id ocid1.dynamicgroup.oc1..fn to use all-resources in compartment prod',
  ]) {
    assert.equal(findGrant([policy(root.id, statement)], readObjects).granted, true, statement);
  }
  for (const statement of [
    'Allow dynamic-group fn-dg to inspect objects in tenancy',
    'Allow dynamic-group other-dg to read objects in tenancy',
    'Allow group fn-dg to read objects in tenancy',
    'Allow dynamic-group fn-dg to read buckets in tenancy',
    "Allow dynamic-group fn-dg to read objects in tenancy where target.bucket.name = 'archive'",
    "Allow dynamic-group fn-dg to read objects in tenancy where target.bucket.name != 'uploads'",
  ]) {
    assert.equal(findGrant([policy(root.id, statement)], readObjects).granted, false, statement);
  }
});

test('a condition the doctor cannot evaluate is a "maybe", and a sure grant wins over it', () => {
  const maybe = "Allow dynamic-group fn-dg to read objects in tenancy where request.principal.compartment.tag.ops.team.value = 'x'";
  assert.equal(findGrant([policy(root.id, maybe)], readObjects).granted, 'maybe');
  const sure = 'Allow dynamic-group fn-dg to read objects in tenancy';
  assert.deepEqual(findGrant([policy(root.id, maybe, sure)], readObjects), { granted: true, statement: sure, policy: 'p' });
});

test('PAR_MANAGE: manage buckets with request.permission, or the permission itself', () => {
  const par: Need = { ...readObjects, verb: 'manage', resourceTypes: ['buckets', 'object-family', 'all-resources'], permission: 'PAR_MANAGE', variables: { 'target.bucket.name': 'uploads', 'request.permission': 'PAR_MANAGE' } };
  assert.equal(findGrant([policy(root.id, "Allow dynamic-group fn-dg to manage buckets in tenancy where all {target.bucket.name = 'uploads', request.permission = 'PAR_MANAGE'}")], par).granted, true);
  assert.equal(findGrant([policy(root.id, 'Allow dynamic-group fn-dg to {PAR_MANAGE} in tenancy')], par).granted, true);
  assert.equal(findGrant([policy(root.id, 'Allow dynamic-group fn-dg to read buckets in tenancy')], par).granted, false);
});

test('when the groups cannot be listed, a grant to any dynamic group counts, and to a group of users does not', () => {
  const anyGroup: Need = { ...readObjects, subject: { kind: 'dynamic-group', names: [], ids: [], anyGroup: true } };
  assert.equal(findGrant([policy(root.id, 'Allow dynamic-group someone-dg to read objects in tenancy')], anyGroup).granted, true);
  assert.equal(findGrant([policy(root.id, 'Allow group readers to read objects in tenancy')], anyGroup).granted, false);
});

test('services are subjects too: the Events service', () => {
  const events: Need = { subject: { kind: 'service', name: 'cloudEvents' }, verb: 'use', resourceTypes: ['functions-family', 'all-resources'], variables: {}, compartmentPath: path };
  assert.equal(findGrant([policy(root.id, 'Allow service cloudEvents to use functions-family in compartment prod')], events).granted, true);
  assert.equal(findGrant([policy(root.id, 'Allow service faas to use functions-family in compartment prod')], events).granted, false);
});

test('unreadable statements are listed with their policy, not silently skipped', () => {
  assert.deepEqual(unreadableStatements([policy(root.id, 'Allow dynamic-group fn-dg to read objects in tenancy', 'Allow fn-dg read objects')]), [
    'p: not an "Allow <subject> to <verb> <resource-type> in <location>" statement: Allow fn-dg read objects',
  ]);
});
