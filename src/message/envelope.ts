import type { ObjectEvent } from '../event/schema';
import { base64Length, writeBase64 } from './base64';
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
  /** The bytes carried, for inline and chunked deliveries (the message holds their base64). */
  content?: Uint8Array;
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
      ...(parts.content === undefined ? {} : { content: Buffer.from(parts.content.buffer, parts.content.byteOffset, parts.content.byteLength).toString('base64') }),
      ...(parts.chunk === undefined ? {} : { chunk: parts.chunk }),
      ...(parts.reason === undefined ? {} : { reason: parts.reason }),
    },
  };
}

/** Where the content's base64 goes in the envelope serialized with empty content. */
const EMPTY_CONTENT = '"content":""';

/**
 * The message value's UTF-8 bytes. The content's base64 is written straight into them: the
 * envelope is serialized with empty content and the base64 spliced in, so the object's bytes are
 * never held as one large string. Only `data.chunk` and `data.reason` follow `data.content`, and
 * neither can hold an unescaped quote, so the last `"content":""` is the content's.
 */
export function serializeEnvelope(parts: EnvelopeParts): Buffer {
  const { content } = parts;
  if (content === undefined) return Buffer.from(JSON.stringify(buildEnvelope(parts)), 'utf8');
  const text = JSON.stringify(buildEnvelope({ ...parts, content: new Uint8Array(0) }));
  const at = text.lastIndexOf(EMPTY_CONTENT) + EMPTY_CONTENT.length - 1;
  const head = text.slice(0, at);
  const tail = text.slice(at);
  const value = Buffer.allocUnsafe(Buffer.byteLength(head) + base64Length(content.byteLength) + Buffer.byteLength(tail));
  const contentEnd = writeBase64(value, value.write(head, 0, 'utf8'), content);
  value.write(tail, contentEnd, 'utf8');
  return value;
}
