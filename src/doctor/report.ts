import { CHECKS, type CheckName, type Finding, type FindingStatus } from './findings';

const LABELS: Record<FindingStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', 'not-checked': 'NOT CHECKED' };
const HEADINGS: Record<CheckName, string> = {
  credentials: 'Credentials and region',
  function: 'The function',
  stream: 'The stream',
  network: 'The network',
  bucket: 'The bucket',
  events: 'Events',
  identity: 'Identity',
  logs: 'Logs',
  probe: 'Probe',
};

export interface Summary {
  passed: number;
  failed: number;
  warnings: number;
  notChecked: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const count = (status: FindingStatus) => findings.filter((finding) => finding.status === status).length;
  return { passed: count('pass'), failed: count('fail'), warnings: count('warn'), notChecked: count('not-checked') };
}

function indent(label: string, text: string): string[] {
  return text.split('\n').map((line, index) => `${' '.repeat(16)}${index === 0 ? label : ' '.repeat(label.length)}${line}`);
}

/** One finding as the checklist prints it: status, title, what was seen, and the fix or what it needs. */
export function findingLines(finding: Finding): string[] {
  const label = LABELS[finding.status].padEnd(13);
  const head = `  ${label} ${finding.title}`;
  if (finding.status === 'not-checked') return [`${head}: needs ${finding.needs ?? ''}`, ...(finding.detail ? indent('', finding.detail) : [])];
  return [`${head}: ${finding.detail}`, ...(finding.fix ? indent('fix: ', finding.fix) : [])];
}

/** A heading line the first time a check's findings are printed. */
export function headingLine(check: CheckName): string {
  return `${CHECKS.indexOf(check) + 1}. ${HEADINGS[check]}`;
}

export function summaryLine(summary: Summary): string {
  return `Summary: ${summary.passed} passed, ${summary.failed} failed, ${summary.warnings} warning(s), ${summary.notChecked} not checked.`;
}
