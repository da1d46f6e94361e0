import { parseArgs } from 'node:util';
import { StreamClient } from 'oci-streaming';
import { createAuthProvider } from '../adapters/oci/auth';
import type { AuthMode } from '../config/schema';
import { Assembler, type Assembled } from './assembler';
import { FileWriter } from './fileWriter';
import { readStream, type ReadMessage } from './readStream';

const USAGE = `Usage: npm run consume -- [--endpoint URL] [--stream OCID] [--partitions 0,1] [--out DIR]
Reads the stream from its oldest message, prints one line per message, rebuilds chunked objects
and checks every object against its sha256. Defaults come from OCI_STREAM_ENDPOINT and
OCI_STREAM_OCID; credentials as for the function (OCI_AUTH, API-key variables or ~/.oci/config).`;

function describe(message: ReadMessage, result: Assembled): string {
  const where = `p${message.partition}@${message.offset}`;
  switch (result.kind) {
    case 'object':
      return `${where} ${result.delivery} ${JSON.stringify(result.name)} ${result.size} bytes sha256 ${result.verified ? 'verified' : 'MISMATCH'} ${result.sha256}`;
    case 'chunk':
      return `${where} chunk ${result.index + 1}/${result.count} ${JSON.stringify(result.name)}`;
    case 'pointer':
      return `${where} ${result.delivery} ${JSON.stringify(result.name)}: ${result.reason}`;
    case 'broken':
      return `${where} BROKEN ${JSON.stringify(result.name)}: ${result.problem}`;
  }
}

export async function runConsumer(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string', default: env['OCI_STREAM_ENDPOINT'] },
      stream: { type: 'string', default: env['OCI_STREAM_OCID'] },
      partitions: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.endpoint || !values.stream) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const client = new StreamClient({ authenticationDetailsProvider: createAuthProvider(env['OCI_AUTH'] as AuthMode | undefined, env) });
  client.endpoint = values.endpoint;
  const assembler = new Assembler(values.out ? new FileWriter(values.out) : undefined);
  let failures = 0;
  for await (const message of readStream(client, {
    streamId: values.stream,
    ...(values.partitions ? { partitions: values.partitions.split(',').map((part) => part.trim()) } : {}),
  })) {
    const result = await assembler.accept(message.value);
    if (result.kind === 'broken' || (result.kind === 'object' && !result.verified)) failures += 1;
    print(describe(message, result));
  }
  for (const eventId of assembler.incomplete()) {
    print(`incomplete: chunks of event ${eventId} stop before the last one`);
    failures += 1;
  }
  return failures === 0 ? 0 : 1;
}
