import type { Config } from '../../config/schema';
import { fail, pass, type Finding } from '../findings';
import type { StreamInfo, StreamPoolInfo } from '../model';
import type { DoctorReader } from '../ports';
import { unreadFinding } from './reads';

export interface StreamTarget {
  stream: StreamInfo;
  pool: StreamPoolInfo | undefined;
}

function poolFindings(pool: StreamPoolInfo, config: Config, fixSetting: (setting: string, value: string) => string): Finding[] {
  const findings: Finding[] = [];
  findings.push(
    pool.privateEndpoint
      ? pass('stream', 'stream pool is private', `${pool.name} has a private endpoint in subnet ${pool.privateEndpoint.subnetId}`)
      : fail(
          'stream',
          'stream pool is private',
          `${pool.name} has a public endpoint: the function is meant to publish to a private one, inside its subnet`,
          'A pool cannot be made private after it is created: Analytics & AI → Streaming → Stream Pools → Create stream pool, "Private endpoint" in the function\'s subnet; create the stream in it and set OCI_STREAM_OCID and OCI_STREAM_ENDPOINT to the new stream and pool',
        ),
  );
  const host = new URL(config.streamEndpoint).hostname;
  findings.push(
    pool.endpointFqdn !== undefined && pool.endpointFqdn.toLowerCase() === host.toLowerCase()
      ? pass('stream', 'endpoint is the pool\'s', `OCI_STREAM_ENDPOINT's host ${host} is the pool's endpoint FQDN`)
      : fail(
          'stream',
          'endpoint is the pool\'s',
          `OCI_STREAM_ENDPOINT's host is ${host}, the pool's endpoint FQDN is ${pool.endpointFqdn ?? '(none)'}`,
          fixSetting('OCI_STREAM_ENDPOINT', `https://${pool.endpointFqdn ?? '<the pool\'s messages endpoint FQDN>'}`),
        ),
  );
  return findings;
}

/** Check 3: the stream exists and is active, its pool is private, and the configured endpoint is the pool's. */
export async function checkStream(
  reader: DoctorReader,
  config: Config,
  fixSetting: (setting: string, value: string) => string,
): Promise<{ findings: Finding[]; target: StreamTarget | undefined }> {
  const read = await reader.getStream(config.streamId);
  if (!read.ok) return { findings: [unreadFinding('stream', 'stream exists', read, `read streams on ${config.streamId} (or OCI_STREAM_OCID names no stream)`)], target: undefined };
  const stream = read.value;
  const findings: Finding[] = [
    stream.lifecycleState === 'ACTIVE'
      ? pass('stream', 'stream is active', `${stream.name} is ACTIVE, ${stream.partitions} partition(s)`)
      : fail('stream', 'stream is active', `${stream.name} is ${stream.lifecycleState}`, `Analytics & AI → Streaming → ${stream.name}: a stream that is not ACTIVE takes no messages; create it again if it was deleted`),
  ];
  const pool = await reader.getStreamPool(stream.streamPoolId);
  if (!pool.ok) {
    findings.push(unreadFinding('stream', 'stream pool', pool, `read stream-pools in the stream's compartment`));
    return { findings, target: { stream, pool: undefined } };
  }
  findings.push(...poolFindings(pool.value, config, fixSetting));
  return { findings, target: { stream, pool: pool.value } };
}
