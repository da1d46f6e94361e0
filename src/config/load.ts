import { ConfigurationError } from '../errors';
import { describeIssues } from '../validation/issues';
import { ConfigSchema, type Config } from './schema';

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: ConfigurationError };

/** Parses the whole configuration once, listing every bad or missing setting together. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const blankAsUnset = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = ConfigSchema.safeParse(blankAsUnset);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, error: new ConfigurationError(describeIssues(parsed.error.issues)) };
}
