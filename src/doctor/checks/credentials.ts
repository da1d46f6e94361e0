import { CredentialsRejectedError } from '../../errors';
import { pass, type Finding } from '../findings';
import type { Caller } from '../model';
import type { DoctorReader } from '../ports';

/** Check 1: who is calling, and whether the service accepts the credentials at all. */
export async function checkCredentials(reader: DoctorReader): Promise<{ findings: Finding[]; caller: Caller }> {
  const read = await reader.caller();
  if (!read.ok) {
    throw new CredentialsRejectedError(
      `The credentials were not accepted (Object Storage getNamespace ${read.kind === 'refused' ? 'answered' : 'failed:'} ${read.detail}). Check the API key, its fingerprint, the user and tenancy OCIDs and the region; nothing was checked.`,
    );
  }
  const caller = read.value;
  return {
    caller,
    findings: [pass('credentials', 'who is calling', `${caller.principal} in tenancy ${caller.tenancyId}, region ${caller.region ?? 'unknown'}, namespace ${caller.namespace}`)],
  };
}
