/**
 * How long one request may take at each step before it is abandoned (its socket destroyed, its
 * body released) and retried on a new connection. Chosen from what OCI's endpoints need, with
 * room to spare: inside a VCN a connection and its TLS handshake take milliseconds, PutMessages
 * and GetObject answer their headers within a second or two, and an object's body keeps flowing
 * while it is read. A bound far above that costs nothing when all is well and leaves time for a
 * retry when a connection has silently died (a NAT or load balancer dropped its state).
 */
export interface TransportBounds {
  /** TCP connect plus the TLS handshake. */
  connectMs: number;
  /** The response's headers, from the connection being ready: this plus the body's share below. */
  headersBaseMs: number;
  /** Added per megabyte of request body: the body is sent at no less than 1 MB per this. */
  headersPerMegabyteMs: number;
  /**
   * A response body that sends nothing this long while the function is waiting for it. Time the
   * body spends unread because the function paused it (pacing) does not count.
   */
  bodyIdleMs: number;
}

export const TRANSPORT_BOUNDS: TransportBounds = {
  connectMs: 5_000,
  headersBaseMs: 10_000,
  headersPerMegabyteMs: 10_000,
  bodyIdleMs: 10_000,
};

/** The time a request with a body of `bodyBytes` is given for its response's headers. */
export function headersWithinMs(bounds: TransportBounds, bodyBytes: number): number {
  return bounds.headersBaseMs + Math.ceil((bodyBytes / 1_000_000) * bounds.headersPerMegabyteMs);
}
