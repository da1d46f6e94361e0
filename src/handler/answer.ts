import type { SteppedAside } from '../delivery/outcome';
import type { Delivery } from '../message/envelope';

/** The function's answer (message-format.md): always JSON, never empty. */
export interface Answer {
  status: 'published' | 'skipped';
  delivery: Delivery;
  /** The message key as text (not base64). */
  key: string;
  messages: number;
  /** The object's size in bytes (0 when unknown or skipped). */
  bytes: number;
  reason?: string;
  eventId: string;
  chunks?: number;
  partition?: string;
  offsets?: number[];
  /**
   * Present when a chunked delivery gave way on a busy partition and sent a `reference` instead:
   * before starting (chunksPublished 0) or after some chunks, with the rate it saw.
   */
  steppedAside?: SteppedAside;
}
