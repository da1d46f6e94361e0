import { format } from 'node:util';
import type { Logger } from '../ports';

/**
 * The OCI SDK writes retry notices through `console.warn` and `console.debug`, and the fdk its
 * error reports through `console.warn`. Routing those through the JSON logger keeps the function
 * log one JSON object a line and lets LOG_LEVEL filter them. `console.log` and `console.error`
 * stay untouched: the fdk writes the Fn log-frame markers with them, which must stay verbatim.
 */
export function routeConsoleTo(logger: Logger): void {
  const text = (args: unknown[]) => ({ source: 'library', text: format(...args) });
  console.debug = (...args: unknown[]) => logger.debug('library output', text(args));
  console.warn = (...args: unknown[]) => logger.warn('library output', text(args));
}
