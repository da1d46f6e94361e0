import { createAuthProvider } from '../adapters/oci/auth';
import { createOciClients } from '../adapters/oci/clients';
import { OciObjectSource } from '../adapters/oci/objectSource';
import { OciStreamSink } from '../adapters/oci/streamSink';
import { systemClock } from '../adapters/systemClock';
import { loadConfig } from '../config/load';
import { describeThrown, FnStreamingError, UnexpectedError } from '../errors';
import { createFailingHandler, createHandler, type Handler } from '../handler/createHandler';
import { createJsonLogger } from '../logging/jsonLogger';
import type { Logger } from '../ports';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds the handler once per container: configuration, credentials and SDK clients. A setup
 * problem does not stop the process (the Fn runtime would only see a crash loop): it is logged
 * once here and answered, clearly, by every invocation.
 */
export interface BuiltHandler {
  handler: Handler;
  logger: Logger;
  /** Why every invocation will fail, when setup failed (for callers that can refuse to start). */
  setupFailure?: FnStreamingError;
}

export function buildHandler(env: Env, writeLog: (line: string) => void): BuiltHandler {
  const loaded = loadConfig(env);
  const logger = createJsonLogger(loaded.ok ? loaded.config.logLevel : 'info', writeLog);
  if (!loaded.ok) {
    logger.error('invalid configuration', { problems: loaded.error.problems });
    return { handler: createFailingHandler(loaded.error, logger), logger, setupFailure: loaded.error };
  }
  const { config } = loaded;
  try {
    const provider = createAuthProvider(config.authMode, env);
    const clients = createOciClients(provider, { stream: config.streamEndpoint, objectStorage: config.objectStorageEndpoint });
    if (config.allowedBuckets.length === 0) {
      logger.warn('ALLOWED_BUCKETS is not set: the function will read from any bucket an event names', {});
    }
    const handler = createHandler({
      settings: config,
      objects: new OciObjectSource(clients.objectStorage, clients.transport, systemClock),
      sink: new OciStreamSink(clients.stream, config.streamId, clients.transport),
      clock: systemClock,
      logger,
    });
    return { handler, logger };
  } catch (error) {
    const failure =
      error instanceof FnStreamingError
        ? error
        : new UnexpectedError('The function could not start its OCI clients; see the function log.', { cause: error });
    logger.error('function setup failed', { error: describeThrown(error) });
    return { handler: createFailingHandler(failure, logger), logger, setupFailure: failure };
  }
}
