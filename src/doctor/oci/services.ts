import type { EventsClient } from 'oci-events';
import type { FunctionsManagementClient } from 'oci-functions';
import type { IdentityClient } from 'oci-identity';
import type { LoggingManagementClient } from 'oci-logging';
import type { ObjectStorageClient } from 'oci-objectstorage';
import type { StreamAdminClient } from 'oci-streaming';
import type {
  ApplicationInfo,
  BucketInfo,
  CompartmentInfo,
  DynamicGroupInfo,
  EventsRuleInfo,
  FunctionInfo,
  LogInfo,
  PolicyInfo,
  StreamInfo,
  StreamPoolInfo,
} from '../model';
import type { Read } from '../ports';
import { allPages, readOf, text } from './reads';

/** getFunction and getApplication, with the SDK's FunctionsManagementClient (oci-functions). */
export class OciFunctionsReads {
  constructor(private readonly client: FunctionsManagementClient) {}

  getFunction(functionId: string): Promise<Read<FunctionInfo>> {
    return readOf('getFunction', async () => {
      const { function: fn } = await this.client.getFunction({ functionId });
      return {
        id: fn.id,
        displayName: fn.displayName ?? fn.id,
        applicationId: fn.applicationId ?? '',
        compartmentId: fn.compartmentId ?? '',
        lifecycleState: fn.lifecycleState ?? 'UNKNOWN',
        memoryInMBs: Number(fn.memoryInMBs ?? 0),
        timeoutInSeconds: fn.timeoutInSeconds ?? 0,
        config: fn.config ?? {},
        invokeEndpoint: text(fn.invokeEndpoint),
      };
    });
  }

  getApplication(applicationId: string): Promise<Read<ApplicationInfo>> {
    return readOf('getApplication', async () => {
      const { application } = await this.client.getApplication({ applicationId });
      return {
        id: application.id,
        displayName: application.displayName ?? application.id,
        compartmentId: application.compartmentId ?? '',
        subnetIds: application.subnetIds ?? [],
        nsgIds: application.networkSecurityGroupIds ?? [],
        config: application.config ?? {},
      };
    });
  }
}

/** getStream and getStreamPool, with the SDK's StreamAdminClient (oci-streaming). */
export class OciStreamingReads {
  constructor(private readonly client: StreamAdminClient) {}

  getStream(streamId: string): Promise<Read<StreamInfo>> {
    return readOf('getStream', async () => {
      const { stream } = await this.client.getStream({ streamId });
      return { id: stream.id, name: stream.name, compartmentId: stream.compartmentId, lifecycleState: stream.lifecycleState, streamPoolId: stream.streamPoolId, partitions: stream.partitions };
    });
  }

  getStreamPool(streamPoolId: string): Promise<Read<StreamPoolInfo>> {
    return readOf('getStreamPool', async () => {
      const { streamPool } = await this.client.getStreamPool({ streamPoolId });
      const settings = streamPool.privateEndpointSettings;
      return {
        id: streamPool.id,
        name: streamPool.name,
        lifecycleState: streamPool.lifecycleState,
        endpointFqdn: text(streamPool.endpointFqdn),
        privateEndpoint:
          streamPool.isPrivate && settings?.subnetId ? { subnetId: settings.subnetId, ip: text(settings.privateEndpointIp), nsgIds: settings.nsgIds ?? [] } : undefined,
      };
    });
  }
}

/** getBucket, with the SDK's ObjectStorageClient. */
export class OciBucketReads {
  constructor(private readonly client: ObjectStorageClient) {}

  getBucket(namespaceName: string, bucketName: string): Promise<Read<BucketInfo>> {
    return readOf('getBucket', async () => {
      const { bucket } = await this.client.getBucket({ namespaceName, bucketName });
      return { namespace: bucket.namespace, name: bucket.name, compartmentId: bucket.compartmentId, objectEventsEnabled: bucket.objectEventsEnabled === true };
    });
  }
}

/** The rules of a compartment with their actions, with the SDK's EventsClient (oci-events). */
export class OciEventsReads {
  constructor(private readonly client: EventsClient) {}

  listEventsRules(compartmentId: string): Promise<Read<EventsRuleInfo[]>> {
    return readOf('listRules', async () => {
      const summaries = await allPages((page) => this.client.listRules({ compartmentId, ...(page ? { page } : {}) }));
      const rules: EventsRuleInfo[] = [];
      for (const summary of summaries) {
        const { rule } = await this.client.getRule({ ruleId: summary.id });
        rules.push({
          id: rule.id,
          displayName: rule.displayName,
          compartmentId: rule.compartmentId,
          isEnabled: rule.isEnabled,
          lifecycleState: rule.lifecycleState,
          condition: rule.condition,
          functionActions: rule.actions.actions
            .filter((action) => action.actionType === 'FAAS')
            .map((action) => ({ functionId: (action as { functionId?: string }).functionId ?? '', isEnabled: action.isEnabled === true })),
        });
      }
      return rules;
    });
  }
}

/** Compartments, dynamic groups and policies, with the SDK's IdentityClient (oci-identity). */
export class OciIdentityReads {
  constructor(private readonly client: IdentityClient) {}

  getCompartment(compartmentId: string): Promise<Read<CompartmentInfo>> {
    return readOf('getCompartment', async () => {
      const { compartment } = await this.client.getCompartment({ compartmentId });
      const parent = text(compartment.compartmentId);
      return { id: compartment.id, name: compartment.name, parentId: parent === compartment.id ? undefined : parent };
    });
  }

  listDynamicGroups(compartmentId: string): Promise<Read<DynamicGroupInfo[]>> {
    return readOf('listDynamicGroups', async () => {
      const groups = await allPages((page) => this.client.listDynamicGroups({ compartmentId, ...(page ? { page } : {}) }));
      return groups.map((group) => ({ id: group.id, name: group.name, matchingRule: group.matchingRule }));
    });
  }

  listPolicies(compartmentId: string): Promise<Read<PolicyInfo[]>> {
    return readOf('listPolicies', async () => {
      const policies = await allPages((page) => this.client.listPolicies({ compartmentId, ...(page ? { page } : {}) }));
      return policies.map((policy) => ({ id: policy.id, name: policy.name, compartmentId: policy.compartmentId, statements: policy.statements }));
    });
  }
}

/** The logs of a compartment's log groups, with the SDK's LoggingManagementClient (oci-logging). */
export class OciLoggingReads {
  constructor(private readonly client: LoggingManagementClient) {}

  listLogs(compartmentId: string): Promise<Read<LogInfo[]>> {
    return readOf('listLogs', async () => {
      const groups = await allPages((page) => this.client.listLogGroups({ compartmentId, ...(page ? { page } : {}) }));
      const logs: LogInfo[] = [];
      for (const group of groups) {
        const items = await allPages((page) => this.client.listLogs({ logGroupId: group.id, ...(page ? { page } : {}) }));
        for (const log of items) {
          const source = log.configuration?.source;
          logs.push({ id: log.id, displayName: log.displayName, logGroupId: log.logGroupId, compartmentId, isEnabled: log.isEnabled === true, service: source?.service, resource: source?.resource, category: source?.category });
        }
      }
      return logs;
    });
  }
}
