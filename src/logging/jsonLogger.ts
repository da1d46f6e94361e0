import type { LogLevel } from '../config/schema';
import type { LogFields, Logger } from '../ports';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LineWriter = (line: string) => void;

/**
 * One JSON object per line, which OCI Logging indexes field by field. Callers pass only
 * metadata: object content and credentials are never handed to the logger.
 */
export function createJsonLogger(level: LogLevel, write: LineWriter, now: () => Date = () => new Date()): Logger {
  const emit = (at: LogLevel, message: string, fields?: LogFields) => {
    if (RANK[at] < RANK[level]) return;
    write(`${JSON.stringify({ time: now().toISOString(), level: at, message, ...fields })}\n`);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
