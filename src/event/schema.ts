import { z } from 'zod';

/**
 * OCI Events' CloudEvents 0.1 envelope around Object Storage object events. Strict about the
 * fields the function uses, loose about everything else: real events vary (see oci-facts.md).
 */
export const OBJECT_EVENT_TYPES = [
  'com.oraclecloud.objectstorage.createobject',
  'com.oraclecloud.objectstorage.updateobject',
  'com.oraclecloud.objectstorage.deleteobject',
] as const;

export const ARCHIVAL_STATES = ['Available', 'Archived', 'Restoring', 'Restored'] as const;

const MAX_OBJECT_NAME_BYTES = 1024;

const requiredAs = (expected: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`),
});

const nonEmptyText = z.string(requiredAs('text')).min(1, 'must not be empty');

/** Bucket and namespace names are ASCII letters, digits, `.`, `_` and `-`. */
const resourceName = (max: number) =>
  nonEmptyText.max(max, `must be at most ${max} characters`).regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, ".", "_" or "-"');

const objectName = nonEmptyText
  .refine((name) => Buffer.byteLength(name, 'utf8') <= MAX_OBJECT_NAME_BYTES, {
    message: `must be at most ${MAX_OBJECT_NAME_BYTES} UTF-8 bytes`,
  })
  .refine((name) => !/[\u0000\r\n]/.test(name), { message: 'must not contain NUL, CR or LF' })
  .refine((name) => !/[\uD800-\uDFFF]/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')), {
    message: 'must be valid Unicode',
  });

export const NamespaceNameSchema = resourceName(128);
export const BucketNameSchema = resourceName(256);

const optionalIdentifier = nonEmptyText.max(1024, 'must be at most 1024 characters').nullish();

export const AdditionalDetailsSchema = z.looseObject({
  namespace: NamespaceNameSchema,
  bucketName: BucketNameSchema,
  eTag: optionalIdentifier,
  versionId: optionalIdentifier,
  archivalState: z.enum(ARCHIVAL_STATES, { error: `must be one of ${ARCHIVAL_STATES.join(', ')}` }).nullish(),
}, requiredAs('an object'));

export const ObjectEventDataSchema = z.looseObject({
  resourceName: objectName,
  additionalDetails: AdditionalDetailsSchema,
}, requiredAs('an object'));

export const ObjectEventSchema = z.looseObject({
  eventType: z.enum(OBJECT_EVENT_TYPES, requiredAs(`an Object Storage object event type (${OBJECT_EVENT_TYPES.join(', ')})`)),
  eventID: nonEmptyText.max(256, 'must be at most 256 characters'),
  eventTime: z.iso.datetime({ offset: true, ...requiredAs('an RFC 3339 timestamp') }),
  data: ObjectEventDataSchema,
});

export type ObjectEvent = z.infer<typeof ObjectEventSchema>;
export type ObjectEventType = ObjectEvent['eventType'];
export type ArchivalState = (typeof ARCHIVAL_STATES)[number];
