import { readFileSync } from 'node:fs';
import * as common from 'oci-common';
import { AUTH_MODES, type AuthMode } from '../../config/schema';
import { AuthenticationSetupError } from '../../errors';

type Env = Readonly<Record<string, string | undefined>>;

const API_KEY_VARIABLES = ['OCI_TENANCY_OCID', 'OCI_USER_OCID', 'OCI_FINGERPRINT', 'OCI_PRIVATE_KEY_FILE', 'OCI_REGION'] as const;

/** Resource principal inside OCI Functions; API-key variables or a config file elsewhere. */
export function chooseAuthMode(forced: AuthMode | undefined, env: Env): AuthMode {
  if (forced) return forced;
  if (env['OCI_RESOURCE_PRINCIPAL_VERSION']) return 'resource_principal';
  if (API_KEY_VARIABLES.some((name) => env[name])) return 'api_key';
  return 'config_file';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error);
}

function resourcePrincipal(): common.AuthenticationDetailsProvider {
  try {
    return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
  } catch (error) {
    throw new AuthenticationSetupError(
      `Resource-principal authentication failed (${describe(error)}). Inside OCI Functions this is set up by the service; locally set OCI_AUTH=api_key or config_file.`,
      { cause: error },
    );
  }
}

function apiKey(env: Env): common.AuthenticationDetailsProvider {
  const missing = API_KEY_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new AuthenticationSetupError(`API-key authentication needs ${missing.join(', ')} to be set.`);
  }
  let privateKey: string;
  try {
    privateKey = readFileSync(env['OCI_PRIVATE_KEY_FILE']!, 'utf8');
  } catch (error) {
    throw new AuthenticationSetupError('OCI_PRIVATE_KEY_FILE could not be read; check the path and its permissions.', {
      cause: error,
    });
  }
  return new common.SimpleAuthenticationDetailsProvider(
    env['OCI_TENANCY_OCID']!,
    env['OCI_USER_OCID']!,
    env['OCI_FINGERPRINT']!,
    privateKey,
    env['OCI_PRIVATE_KEY_PASSPHRASE'] ?? null,
    common.Region.fromRegionId(env['OCI_REGION']!),
  );
}

function configFile(env: Env): common.AuthenticationDetailsProvider {
  const path = env['OCI_CONFIG_FILE'];
  const profile = env['OCI_CONFIG_PROFILE'] ?? 'DEFAULT';
  try {
    return new common.ConfigFileAuthenticationDetailsProvider(path, profile);
  } catch (error) {
    throw new AuthenticationSetupError(
      `No usable OCI credentials: not running in OCI Functions (no OCI_RESOURCE_PRINCIPAL_VERSION), no API-key variables (${API_KEY_VARIABLES.join(', ')}), and the OCI config file (${path ?? '~/.oci/config'}, profile ${profile}) could not be used: ${describe(error)}`,
      { cause: error },
    );
  }
}

export function createAuthProvider(forced: AuthMode | undefined, env: Env): common.AuthenticationDetailsProvider {
  switch (chooseAuthMode(forced, env)) {
    case 'resource_principal':
      return resourcePrincipal();
    case 'api_key':
      return apiKey(env);
    case 'config_file':
      return configFile(env);
  }
}

/** The tools' credentials: `OCI_AUTH` checked as the function's configuration checks it, then as the function chooses. */
export function createAuthProviderFromEnv(env: Env): common.AuthenticationDetailsProvider {
  const forced = env['OCI_AUTH'];
  if (forced !== undefined && !(AUTH_MODES as readonly string[]).includes(forced)) {
    throw new AuthenticationSetupError(`OCI_AUTH must be one of ${AUTH_MODES.join(', ')}, got ${JSON.stringify(forced)}.`);
  }
  return createAuthProvider(forced as AuthMode | undefined, env);
}
