import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { OciHttpError } from './http-util';
import type { ArchivalState, PutObjectOptions } from './types';

export interface ObjectVersion {
  versionId: string;
  eTag: string;
  body: Buffer;
  contentType: string;
  lastModified: Date;
  archivalState: ArchivalState;
  md5: string;
}

export interface ObjectAddress {
  namespace: string;
  bucket: string;
  name: string;
}

export interface Par {
  id: string;
  token: string;
  name: string;
  namespace: string;
  bucket: string;
  objectName?: string;
  accessType: string;
  timeExpires: Date;
  timeCreated: Date;
}

export interface ListedPage {
  objects: Array<{ name: string; version: ObjectVersion }>;
  nextStartWith?: string;
}

const READ_ACCESS = new Set(['ObjectRead', 'ObjectReadWrite', 'AnyObjectRead', 'AnyObjectReadWrite']);

/**
 * Buckets behave as versioned: every put adds a version that stays readable by versionId, and the
 * newest one is what an unversioned read sees. Deleting removes every version, so a pinned read of
 * a deleted object answers 404 as the function's tests expect.
 */
export class ObjectStore {
  private readonly objects = new Map<string, ObjectVersion[]>();
  private readonly pars = new Map<string, Par>();
  /** Buckets exist once something was put in them (or they were created empty), and stay. */
  private readonly buckets = new Set<string>();

  createBucket(namespace: string, bucket: string): void {
    this.buckets.add(JSON.stringify([namespace, bucket]));
  }

  /** One page of the bucket's current objects, names in UTF-8 byte order, from `start` on. */
  list(namespace: string, bucket: string, options: { prefix?: string; start?: string; limit: number }): ListedPage {
    if (!this.buckets.has(JSON.stringify([namespace, bucket]))) {
      throw new OciHttpError(404, 'BucketNotFound', `Either the bucket named '${bucket}' does not exist in the namespace '${namespace}' or you are not authorized to access it`);
    }
    const prefix = options.prefix ?? '';
    const names = [...this.objects.keys()]
      .map((key) => JSON.parse(key) as [string, string, string])
      .filter(([ns, b, name]) => ns === namespace && b === bucket && name.startsWith(prefix))
      .map(([, , name]) => name)
      .filter((name) => options.start === undefined || byteOrder(name, options.start) >= 0)
      .sort(byteOrder);
    const page = names.slice(0, options.limit);
    const next = names[options.limit];
    return {
      objects: page.map((name) => ({ name, version: this.get({ namespace, bucket, name }) })),
      ...(next === undefined ? {} : { nextStartWith: next }),
    };
  }

  put(address: ObjectAddress, body: Buffer, opts: PutObjectOptions = {}): ObjectVersion {
    const version: ObjectVersion = {
      versionId: randomUUID(),
      eTag: randomUUID(),
      body,
      contentType: opts.contentType ?? 'application/octet-stream',
      lastModified: new Date(),
      archivalState: opts.archivalState ?? 'Available',
      md5: createHash('md5').update(body).digest('base64'),
    };
    const key = storeKey(address);
    this.createBucket(address.namespace, address.bucket);
    this.objects.set(key, [...(this.objects.get(key) ?? []), version]);
    return version;
  }

  delete(address: ObjectAddress): void {
    this.objects.delete(storeKey(address));
  }

  get(address: ObjectAddress, versionId?: string): ObjectVersion {
    const versions = this.objects.get(storeKey(address)) ?? [];
    const version = versionId ? versions.find((v) => v.versionId === versionId) : versions[versions.length - 1];
    if (!version) {
      const what = versionId ? `version ${versionId} of object` : 'object';
      throw new OciHttpError(404, 'ObjectNotFound', `The ${what} '${address.name}' does not exist in bucket '${address.bucket}' with namespace '${address.namespace}'`);
    }
    return version;
  }

  createPar(details: Omit<Par, 'id' | 'token' | 'timeCreated'>): Par {
    const par: Par = {
      ...details,
      id: randomBytes(24).toString('base64url'),
      token: randomBytes(32).toString('base64url'),
      timeCreated: new Date(),
    };
    this.pars.set(par.token, par);
    return par;
  }

  /** The object a PAR token lets an anonymous caller read, or 404 as the service does for any mismatch. */
  parTarget(token: string, address: ObjectAddress, now = new Date()): ObjectAddress {
    const par = this.pars.get(token);
    const allowed =
      par !== undefined &&
      par.timeExpires.getTime() > now.getTime() &&
      READ_ACCESS.has(par.accessType) &&
      par.namespace === address.namespace &&
      par.bucket === address.bucket &&
      (par.accessType.startsWith('Any') || par.objectName === address.name);
    if (!allowed) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', 'The pre-authenticated request does not exist or has expired');
    return address;
  }
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function storeKey(address: ObjectAddress): string {
  return JSON.stringify([address.namespace, address.bucket, address.name]);
}
