import { OciError } from 'oci-common';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { ReplaySetupError } from '../../errors';
import { ARCHIVAL_STATES, type ArchivalState } from '../../event/schema';
import type { ListedObject, ListedPage, ObjectListing } from '../../replay/ports';
import { translateRemoteError } from './remoteErrors';

const LISTED_FIELDS = 'name,size,etag,timeModified,archivalState';

function archivalStateOf(value: unknown): ArchivalState | null {
  return (ARCHIVAL_STATES as readonly unknown[]).includes(value) ? (value as ArchivalState) : null;
}

/**
 * oci-common 2.142.1 joins query values into the URL unencoded (request-generator.js
 * `stringify`), so a name with `&`, `#`, `+` or `%` would be cut short or changed on the way;
 * encoded here, it arrives as the name it is.
 */
function queryValue(value: string): string {
  return encodeURIComponent(value);
}

function refused(error: OciError, what: string): ReplaySetupError {
  return new ReplaySetupError(
    `${what} answered ${error.statusCode} ${error.serviceCode ?? ''} (opc-request-id ${error.opcRequestId ?? 'unknown'}). ` +
      'Check the bucket and namespace names, the credentials, and that a policy lets you "inspect objects" in the bucket (and, for --direct, "read objects"). Nothing was sent.',
    [],
    { cause: error },
  );
}

/** listObjects (`inspect objects`) over the SDK; a refusal is a setup problem, found before anything is sent. */
export class OciObjectListing implements ObjectListing {
  constructor(private readonly client: ObjectStorageClient) {}

  async namespace(): Promise<string> {
    try {
      return (await this.client.getNamespace({})).value;
    } catch (error) {
      if (error instanceof OciError && error.statusCode < 500 && error.statusCode !== 429) throw refused(error, 'Object Storage getNamespace');
      throw translateRemoteError(error, 'objectstorage', 'getNamespace');
    }
  }

  async list(namespace: string, bucket: string, options: { prefix?: string | undefined; start?: string | undefined; limit?: number }): Promise<ListedPage> {
    let response;
    try {
      response = await this.client.listObjects({
        namespaceName: namespace,
        bucketName: bucket,
        fields: LISTED_FIELDS,
        ...(options.prefix === undefined ? {} : { prefix: queryValue(options.prefix) }),
        ...(options.start === undefined ? {} : { start: queryValue(options.start) }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      });
    } catch (error) {
      if (error instanceof OciError && error.statusCode < 500 && error.statusCode !== 429) throw refused(error, `Listing ${namespace}/${bucket}`);
      throw translateRemoteError(error, 'objectstorage', 'listObjects');
    }
    const { objects, nextStartWith } = response.listObjects;
    return {
      objects: objects.map(
        (object): ListedObject => ({
          name: object.name,
          size: object.size ?? 0,
          eTag: object.etag ?? '',
          timeModified: new Date(object.timeModified ?? 0),
          archivalState: archivalStateOf(object.archivalState),
        }),
      ),
      ...(nextStartWith ? { nextStartWith } : {}),
    };
  }
}
