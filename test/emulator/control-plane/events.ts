import { eventFor } from '../../support/events';
import type { ControlPlaneContext } from './routes';

/** OCI Events' matching, as its documentation states it: every field of the condition, any of its values, `*` for any text. */
function fieldMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') return typeof actual === 'string' && new RegExp(`^${expected.split('*').map((part) => part.replace(/\W/g, '\\$&')).join('.*')}$`).test(actual);
  if (Array.isArray(expected)) return expected.some((value) => fieldMatches(value, actual));
  if (typeof expected !== 'object' || expected === null) return false;
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([field, value]) => fieldMatches(value, (actual as Record<string, unknown>)[field]));
}

export interface UploadedObject {
  namespace: string;
  bucket: string;
  name: string;
  eTag: string;
  updated: boolean;
}

/**
 * What OCI Events does after an upload: when the bucket emits object events, each enabled rule
 * whose condition matches invokes its enabled function actions, asynchronously; what the
 * function answers is not the uploader's business.
 */
export function deliverObjectEvent(context: ControlPlaneContext, object: UploadedObject): void {
  const bucket = context.tenancy.buckets.find((b) => b.namespace === object.namespace && b.name === object.bucket);
  if (!bucket?.objectEventsEnabled) return;
  const event = eventFor(object.updated ? 'updateobject' : 'createobject-unversioned', { ...object, eventId: crypto.randomUUID() });
  event['data']['compartmentId'] = bucket.compartmentId;
  for (const rule of context.tenancy.rules) {
    if (!rule.isEnabled || rule.lifecycleState !== 'ACTIVE' || !fieldMatches(JSON.parse(rule.condition || '{}'), event)) continue;
    for (const action of rule.actions.actions) {
      const target = action.isEnabled ? context.functionTarget(action.functionId) : undefined;
      if (target) void target(Buffer.from(JSON.stringify(event))).catch(() => undefined);
    }
  }
}
