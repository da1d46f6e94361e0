import { checkBucket, bucketsToCheck, noBucketFinding } from './checks/bucket';
import { checkCredentials } from './checks/credentials';
import { checkEvents } from './checks/events';
import { checkFunction, type DeployedFunction } from './checks/fn';
import { checkIdentity, compartmentPath, type IdentityTargets } from './checks/identity';
import { checkLogs } from './checks/logs';
import { checkNetwork } from './checks/network';
import { blocked } from './checks/reads';
import { checkStream, type StreamTarget } from './checks/stream';
import type { Finding } from './findings';
import type { BucketInfo, Caller, CompartmentInfo, LogInfo } from './model';
import type { DoctorReader, PathAnalyzer } from './ports';

export interface CheckOptions {
  functionId: string;
  bucket?: string | undefined;
  /** The object name the Events check tests rules against (the probe's). */
  probeName: string;
  analyzer?: PathAnalyzer | undefined;
  signal?: AbortSignal | undefined;
}

/** What the checks found, for the probe to use. */
export interface CheckedChain {
  caller: Caller;
  deployed: DeployedFunction | undefined;
  stream: StreamTarget | undefined;
  buckets: BucketInfo[];
  log: LogInfo | undefined;
}

const CONFIG_NEEDED = 'a function configuration the function accepts (see the function check)';

/** The resource's compartment path, or just its compartment when the caller may not read the path. */
async function pathOrSelf(reader: DoctorReader, compartmentId: string): Promise<CompartmentInfo[] | undefined> {
  const read = await compartmentPath(reader, compartmentId);
  return read.ok ? read.value : undefined;
}

/** Checks 1 to 8, in the chain's order, each on what the ones before it found. */
export async function runChecks(reader: DoctorReader, options: CheckOptions, onFindings: (findings: Finding[]) => void): Promise<CheckedChain> {
  const { caller, findings: credentialFindings } = await checkCredentials(reader);
  onFindings(credentialFindings);
  const chain: CheckedChain = { caller, deployed: undefined, stream: undefined, buckets: [], log: undefined };
  const aborted = () => options.signal?.aborted === true;

  const fnCheck = await checkFunction(reader, options.functionId);
  onFindings(fnCheck.findings);
  const deployed = (chain.deployed = fnCheck.deployed);
  const config = deployed?.config;
  const application = deployed?.application;
  if (!deployed || !config || !application || aborted()) {
    if (!aborted()) onFindings(['stream', 'network', 'bucket', 'events', 'identity', 'logs'].map((check) => blocked(check as Finding['check'], check, deployed ? CONFIG_NEEDED : 'the function (see above)')));
    return chain;
  }
  const fixSetting = (setting: string, value: string) => `fn config function ${application.displayName} ${deployed.fn.displayName} ${setting} '${value}'`;

  const streamCheck = await checkStream(reader, config, fixSetting);
  onFindings(streamCheck.findings);
  chain.stream = streamCheck.target;
  if (aborted()) return chain;

  const pool = streamCheck.target?.pool;
  onFindings(pool ? await checkNetwork(reader, application, pool, options.analyzer, options.signal) : [blocked('network', 'network', 'the stream pool (see the stream check)')]);
  if (aborted()) return chain;

  const addresses = bucketsToCheck(config, options.bucket, caller.namespace);
  if (addresses.length === 0) onFindings([noBucketFinding()]);
  const fnPath = await pathOrSelf(reader, deployed.fn.compartmentId);
  const identityBuckets: IdentityTargets['buckets'] = [];
  for (const address of addresses) {
    const bucketCheck = await checkBucket(reader, address, config, fixSetting);
    onFindings(bucketCheck.findings);
    if (!bucketCheck.bucket) continue;
    chain.buckets.push(bucketCheck.bucket);
    const path = await pathOrSelf(reader, bucketCheck.bucket.compartmentId);
    const ruleCompartments = path ? path.map((c) => c.id).reverse() : [bucketCheck.bucket.compartmentId];
    onFindings(await checkEvents(reader, bucketCheck.bucket, ruleCompartments, deployed.fn.id, options.probeName));
    if (path) identityBuckets.push({ bucket: bucketCheck.bucket, path });
    if (aborted()) return chain;
  }

  const stream = streamCheck.target?.stream;
  const streamPath = stream ? await pathOrSelf(reader, stream.compartmentId) : undefined;
  if (!fnPath) {
    onFindings([blocked('identity', 'policies', 'inspect compartments in tenancy (to read the compartment path policies attach to)')]);
  } else {
    onFindings(
      await checkIdentity(reader, caller.tenancyId, {
        fn: deployed.fn,
        fnPath,
        config,
        buckets: identityBuckets,
        stream: stream && streamPath ? { stream, path: streamPath } : undefined,
      }),
    );
  }
  if (aborted()) return chain;

  const logs = await checkLogs(reader, application);
  onFindings(logs.findings);
  chain.log = logs.log;
  return chain;
}
