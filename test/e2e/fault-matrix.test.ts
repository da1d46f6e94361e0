import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { markedContent } from '../support/content';
import {
  DEADLINE_MS,
  MATRIX_CONFIG,
  messagesFor,
  permanentCells,
  publishCells,
  readCells,
  runCell,
  formatTable,
  type Cell,
  type CellRow,
} from './support/fault-matrix';
import { startWorld, type World } from './support/world';

/**
 * Faults injected into the emulator's getObject and putMessages, run through the built function
 * with the real SDK. Each cell must end `published` with the whole object in the stream, or in a
 * clear error before the Fn-Deadline (see support/fault-matrix.ts for the cells and the checks).
 */

const groups: Array<{ title: string; cells: Cell[] }> = [
  { title: 'reading (getObject)', cells: readCells() },
  { title: 'publishing (putMessages)', cells: publishCells() },
  { title: 'permanent refusals', cells: permanentCells() },
];
const ALL_CELLS = groups.flatMap((group) => group.cells);
/** 13 read faults and 15 publish faults for both kinds, one chunked-only, and 2 refusals for both. */
const EXPECTED_CELLS = 13 * 2 + 15 * 2 + 1 + 2 * 2;
const rows: CellRow[] = [];

after(() => {
  console.log(`\nFault matrix (${rows.length} cells, Fn-Deadline ${DEADLINE_MS} ms):\n${formatTable(rows)}\n`);
  assert.equal(ALL_CELLS.length, EXPECTED_CELLS, 'the matrix has every cell');
  assert.equal(rows.length, ALL_CELLS.length, 'every cell of the matrix ran and answered');
  for (const cell of ALL_CELLS) {
    const row = rows.find((r) => r.operation === cell.operation && r.fault === cell.fault && r.kind === cell.kind);
    const expected = cell.expect === 'published' ? 'published' : 'error 502';
    assert.equal(row?.outcome, expected, `${cell.operation} / ${cell.fault} / ${cell.kind}`);
  }
});

for (const group of groups) {
  describe(`fault matrix: ${group.title}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld({ config: MATRIX_CONFIG });
    });
    after(async () => {
      await world?.stop();
    });

    for (const cell of group.cells) {
      it(`${cell.operation} ${cell.fault}, ${cell.kind} object: ${cell.expect === 'published' ? 'published' : 'clear error before the deadline'}`, async () => {
        await runCell(world, cell, rows);
      });
    }
  });
}

describe('a dozen failed invocations do not poison the function process', () => {
  const FAILING_DEADLINE_MS = 2_700;
  /** opossum's default volumeThreshold in oci-common: the breaker may open after 10 failures. */
  const BREAKER_VOLUME_THRESHOLD = 10;
  let world: World;
  before(async () => {
    world = await startWorld({ config: MATRIX_CONFIG });
  });
  after(async () => {
    await world?.stop();
  });

  it('publishes the next event normally after 12 invocations that met 500 forever (no SDK circuit breaker)', async () => {
    const before = world.emulator.requests().length;
    for (let i = 0; i < 12; i++) {
      // Half fail reading, half fail publishing: each SDK client sees a run of server errors.
      const operation = i < 6 ? 'getObject' : 'putMessages';
      world.emulator.clearFaults();
      world.emulator.injectFault({ operation, status: 500, times: Infinity });
      const name = `breaker/failing-${i}.bin`;
      const { eTag } = world.upload(name, markedContent(1_000));
      const result = await world.invokeEvent('createobject-unversioned', { name, eTag }, { deadlineMs: FAILING_DEADLINE_MS });
      assert.equal(result.status, 502, `${i}: ${result.rawBody}`);
      assert.ok(result.durationMs < FAILING_DEADLINE_MS, `${i}: answered in ${Math.round(result.durationMs)} ms`);
    }
    world.emulator.clearFaults();
    const failures = world.emulator.requests().slice(before);
    for (const operation of ['getObject', 'putMessages']) {
      const failed = failures.filter((r) => r.operation === operation && r.status === 500).length;
      // Enough failures, back to back, that a default SDK breaker would now be open and refuse calls.
      assert.ok(failed >= BREAKER_VOLUME_THRESHOLD, `${operation} failed ${failed} times`);
    }

    const goodFrom = world.emulator.requests().length;
    const name = 'breaker/good.bin';
    const bytes = markedContent(1_000);
    const { eTag } = world.upload(name, bytes);
    const result = await world.invokeEvent('createobject-unversioned', { name, eTag });
    assert.equal(result.status, 200, result.rawBody + world.fn.output());
    assert.equal((result.json as any).status, 'published');
    const good = world.emulator.requests().slice(goodFrom);
    // An open breaker fails the call inside the SDK; these requests reaching the service prove it is closed.
    assert.deepEqual(
      good.map((r) => `${r.operation} ${r.status}`),
      ['getObject 200', 'putMessages 200'],
    );
    const [message] = messagesFor(world, name);
    assert.ok(message, 'the good event is in the stream');
    assert.ok(Buffer.from(JSON.parse(message.value.toString('utf8')).data.content, 'base64').equals(bytes));
    assert.equal(world.fn.exited(), null);
  });
});
