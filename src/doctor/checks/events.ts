import { conditionTests, eventMatches, parseEventCondition } from '../eventCondition';
import { fail, pass, warn, type Finding } from '../findings';
import type { BucketInfo, EventsRuleInfo } from '../model';
import type { DoctorReader } from '../ports';
import { unreadFinding } from './reads';

const OBJECT_EVENTS = ['com.oraclecloud.objectstorage.createobject', 'com.oraclecloud.objectstorage.updateobject'] as const;

/** The condition the README's rule uses: create and update events of this bucket. */
export function suggestedCondition(bucket: string): string {
  return JSON.stringify({ eventType: OBJECT_EVENTS, data: { additionalDetails: { bucketName: [bucket] } } });
}

/** What OCI Events would match a rule against for an object of this bucket. */
function sampleEvent(eventType: string, bucket: BucketInfo, objectName: string): Record<string, unknown> {
  return {
    eventType,
    cloudEventsVersion: '0.1',
    eventTypeVersion: '2.0',
    source: 'ObjectStorage',
    contentType: 'application/json',
    data: {
      compartmentId: bucket.compartmentId,
      resourceName: objectName,
      resourceId: `/n/${bucket.namespace}/b/${bucket.name}/o/${objectName}`,
      additionalDetails: { namespace: bucket.namespace, bucketName: bucket.name },
    },
  };
}

interface RuleReading {
  rule: EventsRuleInfo;
  matchesBucket: boolean;
  onlySomeNames: boolean;
  actsOnFunction: boolean;
  active: boolean;
}

function readRule(rule: EventsRuleInfo, bucket: BucketInfo, functionId: string, objectName: string): RuleReading {
  const parsed = parseEventCondition(rule.condition);
  const matchesBucket = parsed.ok && OBJECT_EVENTS.every((type) => eventMatches(parsed.condition, sampleEvent(type, bucket, objectName)));
  return {
    rule,
    matchesBucket,
    onlySomeNames: parsed.ok && conditionTests(parsed.condition, ['data', 'resourceName']),
    actsOnFunction: rule.functionActions.some((action) => action.functionId === functionId && action.isEnabled),
    active: rule.isEnabled && rule.lifecycleState === 'ACTIVE',
  };
}

function createRuleFix(bucket: BucketInfo, functionId: string): string {
  const actions = JSON.stringify({ actions: [{ actionType: 'FAAS', isEnabled: true, functionId }] });
  return `oci events rule create --compartment-id ${bucket.compartmentId} --display-name fn-streaming-${bucket.name} --is-enabled true --condition '${suggestedCondition(bucket.name)}' --actions '${actions}'`;
}

function missingRuleFinding(readings: readonly RuleReading[], bucket: BucketInfo, functionId: string): Finding {
  const title = `${bucket.name}: an enabled rule sends its object events to the function`;
  const disabled = readings.find((r) => r.matchesBucket && r.actsOnFunction && !r.active);
  if (disabled) {
    const state = disabled.rule.isEnabled ? disabled.rule.lifecycleState : 'disabled';
    return fail('events', title, `rule ${disabled.rule.displayName} matches and acts on the function but is ${state}`, `oci events rule update --rule-id ${disabled.rule.id} --is-enabled true`);
  }
  const otherBucket = readings.find((r) => r.actsOnFunction && r.active && !r.matchesBucket);
  if (otherBucket) {
    return fail(
      'events',
      title,
      `rule ${otherBucket.rule.displayName} acts on the function, but its condition ${otherBucket.rule.condition} does not match create and update events of bucket ${bucket.name}`,
      `oci events rule update --rule-id ${otherBucket.rule.id} --condition '${suggestedCondition(bucket.name)}'`,
    );
  }
  const otherFunction = readings.find((r) => r.matchesBucket && r.active && !r.actsOnFunction);
  if (otherFunction) {
    const others = otherFunction.rule.functionActions.map((action) => action.functionId).join(', ') || 'no function';
    return fail(
      'events',
      title,
      `rule ${otherFunction.rule.displayName} matches bucket ${bucket.name} but acts on ${others}, not this function`,
      `oci events rule update --rule-id ${otherFunction.rule.id} --actions '${JSON.stringify({ actions: [{ actionType: 'FAAS', isEnabled: true, functionId }] })}'`,
    );
  }
  return fail('events', title, `no rule in the bucket's compartment or above matches create and update events of bucket ${bucket.name} and acts on the function`, createRuleFix(bucket, functionId));
}

/** Check 6: an enabled rule matching this bucket's create and update events whose action is this function. */
export async function checkEvents(reader: DoctorReader, bucket: BucketInfo, compartmentIds: readonly string[], functionId: string, probeName: string): Promise<Finding[]> {
  const rules: EventsRuleInfo[] = [];
  for (const compartmentId of compartmentIds) {
    const read = await reader.listEventsRules(compartmentId);
    if (!read.ok) return [unreadFinding('events', `${bucket.name}: rules`, read, `read cloudevents-rules in compartment ${compartmentId}`)];
    rules.push(...read.value);
  }
  const readings = rules.map((rule) => readRule(rule, bucket, functionId, probeName));
  const good = readings.find((r) => r.matchesBucket && r.actsOnFunction && r.active);
  if (!good) return [missingRuleFinding(readings, bucket, functionId)];
  const title = `${bucket.name}: an enabled rule sends its object events to the function`;
  if (good.onlySomeNames) {
    return [warn('events', title, `rule ${good.rule.displayName} matches only some object names: ${good.rule.condition}`, `oci events rule update --rule-id ${good.rule.id} --condition '${suggestedCondition(bucket.name)}' (if every object should be published)`)];
  }
  return [pass('events', title, `rule ${good.rule.displayName} matches create and update events of ${bucket.name} and invokes the function`)];
}
