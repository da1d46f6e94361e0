import { z } from 'zod';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** https everywhere; plain http only where the traffic never leaves the machine. */
export const EndpointSchema = z
  .string({ error: 'is required' })
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  .refine((value) => {
    // zod runs this check even when z.url refused the value; that problem is reported already.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK_HOSTS.test(url.hostname);
  }, 'must use https (http is accepted only for localhost, 127.0.0.0/8 and [::1])')
  .transform((value) => value.replace(/\/+$/, ''));

const integer = (defaultValue: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of bytes or seconds')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(defaultValue);

/** `bucket` or `namespace/bucket` entries, trimmed, empty ones dropped. */
const allowlist = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .refine((entries) => entries.every((entry) => /^[^/\s]+(\/[^/\s]+)?$/.test(entry)), {
    message: 'entries must be `bucket` or `namespace/bucket`',
  })
  // A value that names no bucket is a mistake, not a request to allow every bucket.
  .refine((entries) => entries.length > 0, { message: 'names no bucket (leave it unset to allow every bucket)' })
  .optional();

export const AUTH_MODES = ['resource_principal', 'api_key', 'config_file'] as const;
/** MAX_OBJECT_BYTES when unset: the largest object whose content the function publishes. */
export const DEFAULT_MAX_OBJECT_BYTES = 67_108_864;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The configuration contract (message-format.md), read from the environment. */
export const ConfigSchema = z
  .object({
    OCI_STREAM_OCID: z
      .string({ error: 'is required' })
      .trim()
      .regex(/^ocid1\.stream\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/i, 'must be a stream OCID (ocid1.stream.oc1...)'),
    OCI_STREAM_ENDPOINT: EndpointSchema,
    OCI_OBJECTSTORAGE_ENDPOINT: EndpointSchema.optional(),
    ALLOWED_BUCKETS: allowlist,
    MAX_MESSAGE_BYTES: integer(1_000_000, 4_096, 1_048_576),
    MAX_OBJECT_BYTES: integer(DEFAULT_MAX_OBJECT_BYTES, 0, Number.MAX_SAFE_INTEGER),
    PUBLISH_BYTES_PER_SECOND: integer(1_000_000, 1_024, Number.MAX_SAFE_INTEGER),
    REFERENCE_URL_TTL_SECONDS: integer(0, 0, 7 * 24 * 3600),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    OCI_AUTH: z.enum(AUTH_MODES, { error: `must be one of ${AUTH_MODES.join(', ')}` }).optional(),
  })
  .transform((env) => ({
    streamId: env.OCI_STREAM_OCID,
    streamEndpoint: env.OCI_STREAM_ENDPOINT,
    objectStorageEndpoint: env.OCI_OBJECTSTORAGE_ENDPOINT,
    allowedBuckets: env.ALLOWED_BUCKETS ?? [],
    maxMessageBytes: env.MAX_MESSAGE_BYTES,
    maxObjectBytes: env.MAX_OBJECT_BYTES,
    publishBytesPerSecond: env.PUBLISH_BYTES_PER_SECOND,
    referenceUrlTtlSeconds: env.REFERENCE_URL_TTL_SECONDS,
    logLevel: env.LOG_LEVEL,
    authMode: env.OCI_AUTH,
  }));

export type Config = z.infer<typeof ConfigSchema>;
export type LogLevel = Config['logLevel'];
export type AuthMode = (typeof AUTH_MODES)[number];
