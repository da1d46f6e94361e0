import type { VnMonitoringClient } from 'oci-vnmonitoring';
import type { PathAnalyzer, Read } from '../ports';
import type { Clock } from '../../ports';
import { readOf } from './reads';

const POLL_MS = 2_000;
const ANALYSIS_TIMEOUT_MS = 120_000;
const TCP = 6;

interface AnalyzedPath {
  forwardRoute?: { reachabilityStatus?: string; routeAnalysisDescription?: string };
}

/**
 * The Network Path Analyzer over the SDK's VnMonitoringClient (oci-vnmonitoring): an ad hoc
 * analysis is a work request, polled until it finishes, whose result holds the paths found.
 */
export class OciPathAnalyzer implements PathAnalyzer {
  constructor(
    private readonly client: VnMonitoringClient,
    private readonly clock: Clock,
  ) {}

  tcpReachability(
    from: { compartmentId: string; subnetId: string; address: string },
    to: { ip: string; port: number },
    signal?: AbortSignal,
  ): Promise<Read<{ reachable: boolean; detail: string }>> {
    return readOf('getPathAnalysis', async () => {
      const { opcWorkRequestId: workRequestId } = await this.client.getPathAnalysis({
        getPathAnalysisDetails: {
          type: 'ADHOC_QUERY',
          compartmentId: from.compartmentId,
          protocol: TCP,
          sourceEndpoint: { type: 'SUBNET', subnetId: from.subnetId, address: from.address },
          destinationEndpoint: { type: 'IP_ADDRESS', address: to.ip },
          protocolParameters: { type: 'TCP', destinationPort: to.port },
        } as Parameters<VnMonitoringClient['getPathAnalysis']>[0]['getPathAnalysisDetails'],
      });
      const deadline = this.clock.now() + ANALYSIS_TIMEOUT_MS;
      for (;;) {
        const { workRequest } = await this.client.getWorkRequest({ workRequestId });
        if (workRequest.status === 'SUCCEEDED') break;
        if (workRequest.status === 'FAILED' || workRequest.status === 'CANCELED') throw new Error(`the path analysis ${workRequest.status.toLowerCase()}`);
        if (this.clock.now() >= deadline || signal?.aborted) throw new Error(`the path analysis did not finish within ${ANALYSIS_TIMEOUT_MS / 1000} s`);
        await this.clock.sleep(POLL_MS, signal);
      }
      const { workRequestResultCollection } = await this.client.listWorkRequestResults({ workRequestId });
      const paths = workRequestResultCollection.items.flatMap((item) => (item as { paths?: AnalyzedPath[] }).paths ?? []);
      const statuses = paths.map((path) => path.forwardRoute?.reachabilityStatus ?? 'UNKNOWN');
      const descriptions = paths.map((path) => path.forwardRoute?.routeAnalysisDescription).filter(Boolean);
      return { reachable: statuses.includes('REACHABLE'), detail: [`${paths.length} path(s): ${statuses.join(', ') || 'none'}`, ...descriptions].join('; ') };
    });
  }
}
