import type { ObjectEvent } from '../event/schema';
import type { ObjectLocation } from '../ports';

export type Delivery = 'inline' | 'chunked' | 'reference' | 'none';

/** `data.object` of the contract; unknown values are null. */
export interface ObjectDescription extends ObjectLocation {
  size: number | null;
  contentType: string | null;
  eTag: string | null;
  versionId: string | null;
  sha256: string | null;
  url?: string;
}

export interface ChunkPosition {
  index: number;
  count: number;
  offset: number;
  size: number;
}

export interface EnvelopeParts {
  event: ObjectEvent;
  rawEvent: Record<string, unknown>;
  object: ObjectDescription;
  delivery: Delivery;
  /** Base64 of the bytes carried, for inline and chunked deliveries. */
  content?: string;
  chunk?: ChunkPosition;
  reason?: string;
}

/** The CloudEvents 1.0 structured-mode value of message-format.md. */
export function buildEnvelope(parts: EnvelopeParts): Record<string, unknown> {
  const { event, object } = parts;
  return {
    specversion: '1.0',
    id: parts.chunk ? `${event.eventID}/${parts.chunk.index}` : event.eventID,
    source: `/n/${object.namespace}/b/${object.bucket}`,
    type: event.eventType,
    subject: object.name,
    time: event.eventTime,
    datacontenttype: 'application/json',
    data: {
      event: parts.rawEvent,
      object: {
        namespace: object.namespace,
        bucket: object.bucket,
        name: object.name,
        size: object.size,
        contentType: object.contentType,
        eTag: object.eTag,
        versionId: object.versionId,
        sha256: object.sha256,
        ...(object.url === undefined ? {} : { url: object.url }),
      },
      delivery: parts.delivery,
      ...(parts.content === undefined ? {} : { content: parts.content }),
      ...(parts.chunk === undefined ? {} : { chunk: parts.chunk }),
      ...(parts.reason === undefined ? {} : { reason: parts.reason }),
    },
  };
}

export function serializeEnvelope(parts: EnvelopeParts): Buffer {
  return Buffer.from(JSON.stringify(buildEnvelope(parts)), 'utf8');
}
