import type { TestCredentials } from '../support/credentials';
import type { NodeBinary } from './nodes';
import type { Subject } from './subjects';

export async function runSoak(node: NodeBinary, _subject: Subject, _credentials: TestCredentials, events: number): Promise<void> {
  throw new Error(`the soak (${events} events on ${node.version}) is not written yet`);
}
