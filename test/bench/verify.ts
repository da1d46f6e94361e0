import { createHash } from 'node:crypto';
import { Assembler, type ObjectWriter } from '../../src/consume/assembler';
import type { StoredMessage } from '../emulator';

/** Hashes each object's bytes as the consumer hands them over, so nothing is held. */
class HashingWriter implements ObjectWriter {
  private readonly hashes = new Map<string, ReturnType<typeof createHash>>();
  readonly finished = new Map<string, { sha256: string; ok: boolean }>();

  write(_name: string, eventId: string, bytes: Buffer): void {
    let hash = this.hashes.get(eventId);
    if (!hash) this.hashes.set(eventId, (hash = createHash('sha256')));
    hash.update(bytes);
  }

  done(_name: string, eventId: string, ok: boolean): void {
    this.finished.set(eventId, { sha256: this.hashes.get(eventId)?.digest('hex') ?? '', ok });
    this.hashes.delete(eventId);
  }
}

/**
 * Reads a stream's messages with the product's consumer code, as a consumer would: the figures
 * only count if every object sent comes back out whole, whoever (function or floor) published it.
 */
export class StreamCheck {
  private readonly writer = new HashingWriter();
  private readonly assembler = new Assembler(this.writer);
  private readonly broken: string[] = [];

  async read(messages: readonly StoredMessage[]): Promise<void> {
    for (const message of messages) {
      const outcome = await this.assembler.accept(message.value);
      if (outcome.kind === 'broken') this.broken.push(`${message.partition}/${message.offset}: ${outcome.problem}`);
    }
  }

  /** Why the event's object did not come back whole, or null when it did. */
  problem(eventId: string, expectedSha256: string): string | null {
    if (this.broken.length > 0) return `messages the consumer rejects: ${this.broken.slice(0, 3).join('; ')}`;
    const finished = this.writer.finished.get(eventId);
    if (!finished) return `event ${eventId}: no complete object in the stream`;
    if (!finished.ok) return `event ${eventId}: the consumer's sha256 check failed`;
    if (finished.sha256 !== expectedSha256) return `event ${eventId}: the rebuilt bytes are not the uploaded object`;
    return null;
  }
}
