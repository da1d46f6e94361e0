import { OciError } from 'oci-common';
import { withTimeout } from '../../adapters/timeout';
import { messageOf } from '../../errors';
import type { Read } from '../ports';

/** No single read may hold the checklist up longer than this. */
export const READ_TIMEOUT_MS = 30_000;

/** One SDK call as a Read: 401/403/404 are the service refusing, anything else a failed read. */
export async function readOf<T>(what: string, call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await withTimeout(call(), READ_TIMEOUT_MS, () => new Error(`${what} did not answer within ${READ_TIMEOUT_MS / 1000} s`)) };
  } catch (error) {
    if (error instanceof OciError) {
      const detail = `${error.statusCode} ${error.serviceCode ?? ''} (opc-request-id ${error.opcRequestId ?? 'unknown'})`.replace('  ', ' ');
      return { ok: false, kind: [401, 403, 404].includes(error.statusCode) ? 'refused' : 'failed', detail };
    }
    return { ok: false, kind: 'failed', detail: messageOf(error) };
  }
}

/** Every page of a list call. */
export async function allPages<T>(page: (next: string | undefined) => Promise<{ items: T[]; opcNextPage?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const response = await page(next);
    items.push(...response.items);
    next = response.opcNextPage;
  } while (next);
  return items;
}

export const text = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value === '' ? undefined : value);
