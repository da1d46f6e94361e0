import { notChecked, type CheckName, type Finding } from '../findings';
import type { Unread } from '../ports';

/**
 * A read the service refused, as a finding: OCI answers "not found" and "not authorized" alike, so
 * what the caller may not read is reported as not checked, with the permission it takes.
 */
export function unreadFinding(check: CheckName, title: string, unread: Unread, permission: string): Finding {
  if (unread.kind === 'refused') return notChecked(check, title, permission, `the service answered ${unread.detail}`);
  return notChecked(check, title, 'an answer from the service', `the read failed: ${unread.detail}`);
}

/** A check that cannot run because an earlier one found nothing to check. */
export function blocked(check: CheckName, title: string, what: string): Finding {
  return notChecked(check, title, what);
}
