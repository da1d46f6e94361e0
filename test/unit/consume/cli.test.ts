import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConsumer } from '../../../src/consume/cli';

async function consume(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await runConsumer(argv, env, (line) => lines.push(line));
  return { code, text: lines.join('\n') };
}

describe('consume: usage errors exit 2, name the option, point to --help', () => {
  it('names a misspelt option', async () => {
    const run = await consume(['--endpointt', 'https://x', '--stream', 'ocid1.stream.oc1..a']);
    assert.equal(run.code, 2);
    assert.match(run.text, /^consume: unknown option --endpointt$/m);
    assert.match(run.text, /Nothing was read\. See npm run consume -- --help$/);
  });

  it('with no arguments and no variables, prints the usage and what is missing', async () => {
    const run = await consume([]);
    assert.equal(run.code, 2);
    assert.match(run.text, /^Usage: npm run consume/);
    assert.match(run.text, /consume: needs --endpoint URL \(or OCI_STREAM_ENDPOINT\)/);
    assert.match(run.text, /consume: needs --stream OCID \(or OCI_STREAM_OCID\)/);
  });

  it('--help exits 0', async () => {
    const run = await consume(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.text, /^Usage: npm run consume/);
  });

  it('checks OCI_AUTH as replay does', async () => {
    const run = await consume([], { OCI_STREAM_ENDPOINT: 'http://127.0.0.1:9', OCI_STREAM_OCID: 'ocid1.stream.oc1..a', OCI_AUTH: 'apikey' });
    assert.equal(run.code, 2);
    assert.equal(run.text, 'consume: OCI_AUTH must be one of resource_principal, api_key, config_file, got "apikey".');
  });

  it('--max-object-bytes needs a whole number and --out', async () => {
    const env = { OCI_STREAM_ENDPOINT: 'http://127.0.0.1:9', OCI_STREAM_OCID: 'ocid1.stream.oc1..a' };
    const run = await consume(['--max-object-bytes', '10MB'], env);
    assert.equal(run.code, 2);
    assert.match(run.text, /^consume: --max-object-bytes must be a whole number of bytes$/m);
    assert.match(run.text, /^consume: --max-object-bytes applies only with --out \(nothing is written without it\)$/m);
  });
});
