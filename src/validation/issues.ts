import type { z } from 'zod';

/** `path: message` for each zod issue, with the path written as the caller would type it. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
