import { format } from 'node:util';
import type { Logger } from '../ports';

/**
 * The OCI SDK and the fdk write plain text through `console` (retry notices, "Error in
 * function"). Routing it through the JSON logger keeps the function log one JSON object a line,
 * so OCI Logging searches see every line, and LOG_LEVEL filters it like the rest.
 */
export function routeConsoleTo(logger: Logger): void {
  const text = (args: unknown[]) => ({ source: 'library', text: format(...args) });
  console.debug = (...args: unknown[]) => logger.debug('library output', text(args));
  console.log = (...args: unknown[]) => logger.info('library output', text(args));
  console.info = console.log;
  console.warn = (...args: unknown[]) => logger.warn('library output', text(args));
  console.error = (...args: unknown[]) => logger.error('library output', text(args));
}
