import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type EventFixture = 'createobject-unversioned' | 'createobject-versioned' | 'updateobject' | 'deleteobject';

/** A sample OCI event from test/fixtures/events (copies of shared/reference/events). */
export function loadEvent(name: EventFixture): Record<string, any> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', `${name}.json`), 'utf8'));
}

export interface EventTarget {
  namespace: string;
  bucket: string;
  name: string;
  eTag?: string | undefined;
  versionId?: string | undefined;
  archivalState?: string | undefined;
  eventId?: string;
}

/** The sample event re-aimed at another object, as OCI Events would send it for that object. */
export function eventFor(fixture: EventFixture, target: EventTarget): Record<string, any> {
  const event = loadEvent(fixture);
  const details = event['data']['additionalDetails'];
  event['data']['resourceName'] = target.name;
  event['data']['resourceId'] = `/n/${target.namespace}/b/${target.bucket}/o/${target.name}`;
  details['namespace'] = target.namespace;
  details['bucketName'] = target.bucket;
  for (const field of ['eTag', 'versionId', 'archivalState'] as const) {
    if (target[field] === undefined) delete details[field];
    else details[field] = target[field];
  }
  if (target.eventId) event['eventID'] = target.eventId;
  return event;
}
