export const CHECKS = ['credentials', 'function', 'stream', 'network', 'bucket', 'events', 'identity', 'logs', 'probe'] as const;
export type CheckName = (typeof CHECKS)[number];

export type FindingStatus = 'pass' | 'fail' | 'warn' | 'not-checked';

export interface Finding {
  check: CheckName;
  status: FindingStatus;
  /** What was checked, short: "stream pool is private". */
  title: string;
  /** What was seen. */
  detail: string;
  /** For a failure or a warning: the policy statement, the CLI command or the console path that fixes it. */
  fix?: string;
  /** For `not-checked`: the permission (or the earlier finding) the check needed. */
  needs?: string;
}

export const pass = (check: CheckName, title: string, detail: string): Finding => ({ check, status: 'pass', title, detail });
export const fail = (check: CheckName, title: string, detail: string, fix: string): Finding => ({ check, status: 'fail', title, detail, fix });
export const warn = (check: CheckName, title: string, detail: string, fix: string): Finding => ({ check, status: 'warn', title, detail, fix });
export const notChecked = (check: CheckName, title: string, needs: string, detail = ''): Finding => ({ check, status: 'not-checked', title, detail, needs });
