import type { Delivery } from '../message/envelope';

/** What a delivery did, for the answer and the log. */
export interface DeliveryOutcome {
  delivery: Delivery;
  messages: number;
  bytes: number;
  partition?: string;
  offsets: number[];
  reason?: string;
}
