import type { Config } from '../../config/schema';
import { BucketNotAllowedError } from '../../errors';
import { assertBucketAllowed } from '../../handler/allowlist';
import { fail, notChecked, pass, type Finding } from '../findings';
import type { BucketInfo } from '../model';
import type { DoctorReader } from '../ports';
import { unreadFinding } from './reads';

export interface BucketAddress {
  namespace: string;
  name: string;
}

/** The buckets to check: --bucket, else each of ALLOWED_BUCKETS (in the caller's namespace unless qualified). */
export function bucketsToCheck(config: Config, bucketOption: string | undefined, namespace: string): BucketAddress[] {
  if (bucketOption !== undefined) return [{ namespace, name: bucketOption }];
  return config.allowedBuckets.map((entry) => {
    const [first, second] = entry.split('/') as [string, string | undefined];
    return second === undefined ? { namespace, name: first } : { namespace: first, name: second };
  });
}

function allowedFinding(address: BucketAddress, config: Config, fixSetting: (setting: string, value: string) => string): Finding {
  const title = `${address.name}: allowed by ALLOWED_BUCKETS`;
  try {
    // The function's own allowlist decides, as it would for this bucket's events.
    assertBucketAllowed({ namespace: address.namespace, bucket: address.name, name: '' }, config.allowedBuckets);
    return pass('bucket', title, config.allowedBuckets.length === 0 ? 'ALLOWED_BUCKETS is unset: every bucket is allowed' : `ALLOWED_BUCKETS: ${config.allowedBuckets.join(', ')}`);
  } catch (error) {
    if (!(error instanceof BucketNotAllowedError)) throw error;
    return fail('bucket', title, error.message, fixSetting('ALLOWED_BUCKETS', [...config.allowedBuckets, address.name].join(',')));
  }
}

/** Check 5: the bucket exists, the function allows it, and it emits object events. */
export async function checkBucket(
  reader: DoctorReader,
  address: BucketAddress,
  config: Config,
  fixSetting: (setting: string, value: string) => string,
): Promise<{ findings: Finding[]; bucket: BucketInfo | undefined }> {
  const findings = [allowedFinding(address, config, fixSetting)];
  const read = await reader.getBucket(address.namespace, address.name);
  if (!read.ok) {
    findings.push(unreadFinding('bucket', `${address.name}: exists and emits object events`, read, `read buckets in the bucket's compartment (or there is no bucket ${address.namespace}/${address.name})`));
    return { findings, bucket: undefined };
  }
  const bucket = read.value;
  findings.push(
    bucket.objectEventsEnabled
      ? pass('bucket', `${address.name}: emits object events`, `bucket ${bucket.namespace}/${bucket.name} exists and emits object events`)
      : fail(
          'bucket',
          `${address.name}: emits object events`,
          `bucket ${bucket.namespace}/${bucket.name} does not emit object events: no upload reaches the function`,
          `oci os bucket update --namespace-name ${bucket.namespace} --name ${bucket.name} --object-events-enabled true`,
        ),
  );
  return { findings, bucket };
}

export function noBucketFinding(): Finding {
  return notChecked('bucket', 'bucket', '--bucket NAME (ALLOWED_BUCKETS is unset, so the function does not name its bucket)');
}
