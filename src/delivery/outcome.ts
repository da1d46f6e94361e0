import type { Delivery } from '../message/envelope';

/** A chunked delivery that gave way on a busy partition: how far it got, and what it saw. */
export interface SteppedAside {
  /** Chunks published before it stopped: 0 when it stepped aside before starting. */
  chunksPublished: number;
  chunkCount: number;
  /** The rate the partition gave it, in message bytes per second (null: too soon to tell). */
  observedBytesPerSecond: number | null;
  /** The time the rest would have needed, and the time that was left. */
  neededMs: number;
  leftMs: number;
}

/** What a delivery did, for the answer and the log. */
export interface DeliveryOutcome {
  delivery: Delivery;
  messages: number;
  bytes: number;
  partition?: string;
  offsets: number[];
  reason?: string;
  steppedAside?: SteppedAside;
}
