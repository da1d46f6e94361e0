import { createHash } from 'node:crypto';
import { signedRequest, readAll, type Session } from './oci';
import { base64Length } from './base64';
import { Publisher } from './publish';

/**
 * The floor: the least work that publishes an object event the way fn-streaming does, for the
 * benchmark to measure the function against. The same GET (pinned by if-match or version), the
 * same envelopes under the same key, the same chunk sizes, chunks sent while the object streams
 * in; and nothing else: no validation, no retries, no pacing, no logging.
 */
const MAX_KEY_BYTES = 256;
const SHA256_PLACEHOLDER = '0'.repeat(64);
/** Splits an envelope serialized with empty content into the text around the content. */
const EMPTY_CONTENT = '"content":""';

interface Chunk {
  index: number;
  count: number;
  offset: number;
  size: number;
}

function messageKey(path: string): Buffer {
  const bytes = Buffer.from(path, 'utf8');
  return bytes.byteLength <= MAX_KEY_BYTES ? bytes : Buffer.from(createHash('sha256').update(bytes).digest('hex'));
}

export interface FloorAnswer {
  status: 'published';
  eventId: string;
  delivery: 'inline' | 'chunked';
  key: string;
  messages: number;
  bytes: number;
}

export function createFloor(env: NodeJS.ProcessEnv, session: Session): (input: Buffer) => Promise<FloorAnswer> {
  const maxMessageBytes = Number(env['MAX_MESSAGE_BYTES'] ?? 1_000_000);
  const objectStorage = new URL(env['OCI_OBJECTSTORAGE_ENDPOINT']!);
  const publisher = new Publisher(session, new URL(env['OCI_STREAM_ENDPOINT']!), env['OCI_STREAM_OCID']!, maxMessageBytes);
  // The largest content of one message; the object is collected here, a chunk at a time.
  const collected = Buffer.allocUnsafe(maxMessageBytes);

  return async (input) => {
    const event = JSON.parse(input.toString('utf8'));
    const details = event.data.additionalDetails;
    const name: string = event.data.resourceName;
    const key = messageKey(`${details.namespace}/${details.bucketName}/${name}`);
    const keyBase64 = key.toString('base64');
    const query = details.versionId ? `?versionId=${encodeURIComponent(details.versionId)}` : '';
    const path = `/n/${encodeURIComponent(details.namespace)}/b/${encodeURIComponent(details.bucketName)}/o/${encodeURIComponent(name)}${query}`;
    const res = await signedRequest(session, objectStorage, 'GET', path, details.versionId ? {} : { 'if-match': details.eTag });
    if (res.statusCode !== 200) throw new Error(`GetObject answered ${res.statusCode}: ${(await readAll(res)).slice(0, 200)}`);
    const size = Number(res.headers['content-length']);
    const object = {
      namespace: details.namespace,
      bucket: details.bucketName,
      name,
      size,
      contentType: res.headers['content-type'] ?? null,
      eTag: res.headers['etag'] ?? details.eTag ?? null,
      versionId: res.headers['version-id'] ?? details.versionId ?? null,
      sha256: null as string | null,
    };
    const envelope = (sha256: string | null, delivery: 'inline' | 'chunked', chunk?: Chunk) =>
      JSON.stringify({
        specversion: '1.0',
        id: chunk ? `${event.eventID}/${chunk.index}` : event.eventID,
        source: `/n/${object.namespace}/b/${object.bucket}`,
        type: event.eventType,
        subject: object.name,
        time: event.eventTime,
        datacontenttype: 'application/json',
        data: { event, object: { ...object, sha256 }, delivery, content: '', ...(chunk ? { chunk } : {}) },
      });
    const send = (text: string, content: Uint8Array) => {
      const at = text.lastIndexOf(EMPTY_CONTENT) + EMPTY_CONTENT.length - 1;
      return publisher.put(keyBase64, text.slice(0, at), content, text.slice(at));
    };
    const overhead = (text: string) => Buffer.byteLength(text) + key.byteLength;

    const hash = createHash('sha256');
    const inline = overhead(envelope(SHA256_PLACEHOLDER, 'inline')) + base64Length(size) <= maxMessageBytes;
    // As the function sizes chunks: every number as wide as the object size, the digest present.
    const widest = { index: size, count: size, offset: size, size };
    const chunkSize = inline ? size : Math.floor((maxMessageBytes - overhead(envelope(SHA256_PLACEHOLDER, 'chunked', widest))) / 4) * 3;
    const count = inline ? 1 : Math.ceil(size / chunkSize);
    let index = 0;
    let offset = 0;
    let filled = 0;
    const flush = async () => {
      const content = collected.subarray(0, filled);
      hash.update(content);
      const last = index === count - 1;
      const sha256 = last ? hash.digest('hex') : null;
      await send(inline ? envelope(sha256, 'inline') : envelope(sha256, 'chunked', { index, count, offset, size: filled }), content);
      index += 1;
      offset += filled;
      filled = 0;
    };
    for await (const piece of res as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < piece.byteLength) {
        const take = Math.min(piece.byteLength - at, chunkSize - filled);
        piece.copy(collected, filled, at, at + take);
        filled += take;
        at += take;
        if (filled === chunkSize) await flush();
      }
    }
    if (filled > 0 || size === 0) await flush();
    return { status: 'published', eventId: event.eventID, delivery: inline ? 'inline' : 'chunked', key: key.toString('utf8'), messages: index, bytes: size };
  };
}
