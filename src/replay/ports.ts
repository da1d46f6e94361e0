import type { ArchivalState } from '../event/schema';
import type { Delivery } from '../message/envelope';

/** One object as a bucket listing describes it. */
export interface ListedObject {
  name: string;
  size: number;
  eTag: string;
  timeModified: Date;
  /** Reported for objects in the Archive tier; null otherwise. */
  archivalState: ArchivalState | null;
}

export interface ListedPage {
  objects: ListedObject[];
  /** The name to start the next page at; absent on the last page. */
  nextStartWith?: string | undefined;
}

/** Bucket listing (`inspect objects`), behind an adapter over the SDK. */
export interface ObjectListing {
  namespace(): Promise<string>;
  list(namespace: string, bucket: string, options: { prefix?: string | undefined; start?: string | undefined; limit?: number }): Promise<ListedPage>;
}

/** One object to replay: the event to send, or why nothing is sent for it. */
export interface ReplayItem {
  /** The event id: the state file's key, the same for the same object and ETag. */
  id: string;
  /** `namespace/bucket/name`, for people. */
  object: string;
  size: number | null;
  event?: Record<string, unknown>;
  /** Set when there is nothing to send (the object is gone): recorded as skipped. */
  skipReason?: string;
}

/**
 * `stepped-aside`: the function gave way on a busy partition and sent only a reference; the
 * content is not on the stream, so it is not done (a rerun sends it again).
 */
export const OUTCOME_STATUSES = ['published', 'stepped-aside', 'skipped', 'failed'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export interface ObjectOutcome {
  status: OutcomeStatus;
  delivery?: Delivery;
  messages?: number;
  reason?: string;
  /** A failure every other object would meet too (credentials, permissions): the run stops. */
  stopsRun?: boolean;
}

/** Sends one event the way the function would handle it; never throws, a failure is an outcome. */
export type DeliverEvent = (event: Record<string, unknown>) => Promise<ObjectOutcome>;
