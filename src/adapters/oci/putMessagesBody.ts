import { base64Length, writeBase64 } from '../../message/base64';
import type { StreamMessage } from '../../ports';

const OPEN = '{"messages":[';
const KEY = '{"key":"';
const VALUE = '","value":"';
const ENTRY_CLOSE = '"}';
const CLOSE = ']}';

/**
 * PutMessages' JSON body (`PutMessagesDetails`: each entry's key and value in base64), written
 * straight into one buffer: base64 needs no JSON escaping. Into `spare` when it is large enough
 * (the caller knows it is free), else into a new buffer of its own: never a slice of Node's
 * shared pool, whose other slices belong to others, so that it can be reused in turn.
 */
export function putMessagesBody(messages: readonly StreamMessage[], spare?: Buffer): Buffer {
  const entriesBytes = messages.reduce(
    (sum, { key, value }) => sum + KEY.length + base64Length(key.byteLength) + VALUE.length + base64Length(value.byteLength) + ENTRY_CLOSE.length,
    0,
  );
  const length = OPEN.length + entriesBytes + Math.max(0, messages.length - 1) + CLOSE.length;
  const body = spare && spare.byteLength >= length ? spare.subarray(0, length) : Buffer.allocUnsafeSlow(length);
  let at = body.write(OPEN, 0, 'latin1');
  messages.forEach(({ key, value }, index) => {
    if (index > 0) at += body.write(',', at, 'latin1');
    at += body.write(KEY, at, 'latin1');
    at = writeBase64(body, at, key);
    at += body.write(VALUE, at, 'latin1');
    at = writeBase64(body, at, value);
    at += body.write(ENTRY_CLOSE, at, 'latin1');
  });
  body.write(CLOSE, at, 'latin1');
  return body;
}

/** The whole buffer behind a body, to offer as the spare of the next one. */
export function wholeBufferOf(body: Buffer): Buffer {
  return Buffer.from(body.buffer, body.byteOffset, body.buffer.byteLength - body.byteOffset);
}
