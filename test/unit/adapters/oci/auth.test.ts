import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseAuthMode, createAuthProvider } from '../../../../src/adapters/oci/auth';
import { AuthenticationSetupError } from '../../../../src/errors';
import { apiKeyEnv, createTestCredentials } from '../../../support/credentials';

describe('chooseAuthMode', () => {
  const cases: Array<[string, Parameters<typeof chooseAuthMode>[0], Record<string, string>, string]> = [
    ['resource principal inside OCI Functions', undefined, { OCI_RESOURCE_PRINCIPAL_VERSION: '2.2', OCI_TENANCY_OCID: 't' }, 'resource_principal'],
    ['API key when any API-key variable is set', undefined, { OCI_USER_OCID: 'u' }, 'api_key'],
    ['the config file otherwise', undefined, { HOME: '/home/fn' }, 'config_file'],
    ['OCI_AUTH over everything', 'config_file', { OCI_RESOURCE_PRINCIPAL_VERSION: '2.2' }, 'config_file'],
    ['OCI_AUTH=api_key even without variables', 'api_key', {}, 'api_key'],
  ];
  for (const [what, forced, env, mode] of cases) {
    it(`chooses ${what}`, () => {
      assert.equal(chooseAuthMode(forced, env), mode);
    });
  }
});

describe('createAuthProvider', () => {
  const credentials = createTestCredentials();

  it('builds an API-key provider from the variables of the original sample', async () => {
    const provider = createAuthProvider(undefined, apiKeyEnv(credentials));
    assert.equal(await provider.getKeyId(), credentials.apiKey.keyId);
  });

  it('names every missing API-key variable', () => {
    assert.throws(
      () => createAuthProvider('api_key', { OCI_TENANCY_OCID: 'ocid1.tenancy.oc1..x', OCI_REGION: 'us-ashburn-1' }),
      (error) =>
        error instanceof AuthenticationSetupError &&
        error.message === 'API-key authentication needs OCI_USER_OCID, OCI_FINGERPRINT, OCI_PRIVATE_KEY_FILE to be set.',
    );
  });

  it('says when the private key file cannot be read, without showing its content', () => {
    const env = { ...apiKeyEnv(credentials), OCI_PRIVATE_KEY_FILE: '/nonexistent/key.pem' };
    assert.throws(
      () => createAuthProvider('api_key', env),
      (error) => error instanceof AuthenticationSetupError && /OCI_PRIVATE_KEY_FILE could not be read/.test(error.message),
    );
  });

  it('explains every way to authenticate when the config file is unusable', () => {
    assert.throws(
      () => createAuthProvider(undefined, { OCI_CONFIG_FILE: '/nonexistent/oci/config', OCI_CONFIG_PROFILE: 'LOCAL' }),
      (error) => {
        assert.ok(error instanceof AuthenticationSetupError);
        assert.match(error.message, /^No usable OCI credentials: not running in OCI Functions/);
        assert.match(error.message, /OCI_TENANCY_OCID, OCI_USER_OCID, OCI_FINGERPRINT, OCI_PRIVATE_KEY_FILE, OCI_REGION/);
        assert.match(error.message, /\/nonexistent\/oci\/config, profile LOCAL/);
        return true;
      },
    );
  });
});
