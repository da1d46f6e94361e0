import { readAll, signedRequest, type Session } from './oci';
import { base64Length, writeBase64 } from './base64';

const MAX_KEY_BYTES = 256;

/**
 * Builds PutMessages bodies for one key in buffers allocated once, and sends them: the value is
 * written as base64 straight from the envelope's bytes, with no string in between.
 */
export class Publisher {
  private readonly envelope: Buffer;
  private readonly body: Buffer;

  constructor(
    private readonly session: Session,
    private readonly endpoint: URL,
    private readonly streamId: string,
    maxMessageBytes: number,
  ) {
    this.envelope = Buffer.allocUnsafe(maxMessageBytes);
    this.body = Buffer.allocUnsafe(base64Length(maxMessageBytes + MAX_KEY_BYTES) + 64);
  }

  /** `head` + base64(content) + `tail` as the message value: one PutMessages of one entry. */
  async put(keyBase64: string, head: string, content: Uint8Array, tail: string): Promise<void> {
    let length = this.envelope.write(head, 0);
    length = writeBase64(content, this.envelope, length);
    length += this.envelope.write(tail, length);
    let size = this.body.write(`{"messages":[{"key":"${keyBase64}","value":"`, 0, 'latin1');
    size = writeBase64(this.envelope.subarray(0, length), this.body, size);
    size += this.body.write('"}]}', size, 'latin1');
    const res = await signedRequest(
      this.session,
      this.endpoint,
      'POST',
      `/20180418/streams/${encodeURIComponent(this.streamId)}/messages`,
      { 'content-type': 'application/json', 'content-length': String(size) },
      this.body.subarray(0, size),
    );
    const answer = await readAll(res);
    if (res.statusCode !== 200 || (JSON.parse(answer) as { failures: number }).failures !== 0) {
      throw new Error(`PutMessages answered ${res.statusCode}: ${answer.slice(0, 200)}`);
    }
  }
}
