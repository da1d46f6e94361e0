import { PassThrough, Readable } from 'node:stream';
import type { StreamClient } from 'oci-streaming';
import { Assembler } from '../../src/consume/assembler';
import { readStream } from '../../src/consume/readStream';
import { runReplayCommand } from '../../src/replay/cli';
import { heading, table } from './format';

export interface BackfillWorld {
  bucket: string;
  streamId: string;
  /** The operator's environment: an API key, the endpoints, and the function's own configuration. */
  env: Record<string, string>;
  client: StreamClient;
  /** The names the bucket holds now: each must come back as a replayed, verified object. */
  expected: readonly string[];
}

/**
 * The demo's last step, `npm run replay -- --bucket uploads --direct`: the objects already in the
 * bucket go to the stream again through the function's own handler, and the consumer reads them
 * back, recognising each as a replay by `data.event.extensions.replay`.
 */
export async function backfillSection(world: BackfillWorld, print: (line: string) => void, problems: string[]): Promise<string[]> {
  for (const line of heading(`8. Backfill: npm run replay -- --bucket ${world.bucket} --direct (objects already in the bucket)`)) print(line);
  const argv = ['--bucket', world.bucket, '--direct', '--concurrency', '2'];
  const code = await runReplayCommand(argv, world.env, {
    print: (line) => print(line === '' ? '  |' : `  | ${line}`),
    progressStream: new PassThrough(),
    stdin: Readable.from([]),
  });
  if (code !== 0) problems.push(`npm run replay -- ${argv.join(' ')} exited ${code}`);

  const assembler = new Assembler();
  const rows: string[][] = [];
  const replayed: string[] = [];
  for await (const message of readStream(world.client, { streamId: world.streamId, partitions: ['0'] })) {
    const value = JSON.parse(message.value.toString('utf8'));
    const result = await assembler.accept(message.value);
    if (value.data?.event?.extensions?.replay !== true) continue;
    const seen = result.kind === 'object' ? `object complete, sha256 ${result.verified ? 'verified' : 'MISMATCH'}` : result.kind;
    rows.push([`p${message.partition}@${message.offset}`, String(value.subject), String(value.data.delivery), String(value.id), seen]);
    if (result.kind === 'object' && result.verified) replayed.push(result.name);
    if (result.kind === 'object' && !result.verified) problems.push(`replayed ${result.name}: sha256 mismatch`);
  }
  print('  the stream read back: messages whose data.event.extensions.replay is true');
  for (const line of table([{ title: 'at' }, { title: 'object' }, { title: 'delivery' }, { title: 'id (same object + ETag, same id)' }, { title: 'consumer sees' }], rows)) print(line);
  const missing = world.expected.filter((name) => !replayed.includes(name));
  for (const name of missing) problems.push(`${name}: the backfill did not bring it back to the stream`);
  print(`  replayed and verified: ${replayed.length} of ${world.expected.length} objects in the bucket, each recognised as a replay`);
  return replayed;
}
