import { fail, pass, type Finding } from '../findings';
import type { ApplicationInfo, LogInfo } from '../model';
import type { DoctorReader } from '../ports';
import { unreadFinding } from './reads';

const TITLE = 'the application\'s invocation log is enabled';

export function isInvokeLogOf(log: LogInfo, applicationId: string): boolean {
  return log.service === 'functions' && log.category === 'invoke' && log.resource === applicationId;
}

/** Check 8: an enabled invocation log, where the function's own error texts go. */
export async function checkLogs(reader: DoctorReader, application: ApplicationInfo): Promise<{ findings: Finding[]; log: LogInfo | undefined }> {
  const read = await reader.listLogs(application.compartmentId);
  if (!read.ok) return { findings: [unreadFinding('logs', TITLE, read, 'read log-groups in the application\'s compartment')], log: undefined };
  const logs = read.value.filter((log) => isInvokeLogOf(log, application.id));
  const enabled = logs.find((log) => log.isEnabled);
  if (enabled) return { findings: [pass('logs', TITLE, `log ${enabled.displayName} (${enabled.id})`)], log: enabled };
  const disabled = logs[0];
  const fix = disabled
    ? `oci logging log update --log-group-id ${disabled.logGroupId} --log-id ${disabled.id} --is-enabled true`
    : `Developer Services → Functions → Applications → ${application.displayName} → Monitoring → Function Invocation Logs → Enable (or: oci logging log create --log-group-id <log group> --display-name ${application.displayName}-invoke --log-type SERVICE --is-enabled true --configuration '${JSON.stringify({ source: { sourceType: 'OCISERVICE', service: 'functions', resource: application.id, category: 'invoke' } })}')`;
  const detail = disabled
    ? `log ${disabled.displayName} is disabled: the function's error texts go nowhere`
    : 'no invocation log for the application: the function\'s error texts go nowhere';
  return { findings: [fail('logs', TITLE, detail, fix)], log: undefined };
}
