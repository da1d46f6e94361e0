import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogLevel } from '../../../src/config/schema';
import { createJsonLogger } from '../../../src/logging/jsonLogger';

const AT = new Date('2026-11-20T10:00:00.123Z');

function capture(level: LogLevel) {
  const written: string[] = [];
  const logger = createJsonLogger(level, (line) => written.push(line), () => AT);
  return { logger, written, records: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line with time, level, message and the fields', () => {
    const { logger, written, records } = capture('debug');
    logger.info('event handled', { callId: 'c1', messages: 3, remote: { status: 503 } });
    assert.equal(written.length, 1);
    assert.ok(written[0]!.endsWith('\n'));
    assert.deepEqual(records(), [
      { time: '2026-11-20T10:00:00.123Z', level: 'info', message: 'event handled', callId: 'c1', messages: 3, remote: { status: 503 } },
    ]);
  });

  it('keeps each record on one line whatever the text holds', () => {
    const { logger, written, records } = capture('debug');
    logger.error('failed\nwith a second line', { error: 'Error: a\r\nb', name: 'x\u2028y' });
    assert.equal(written.length, 1);
    assert.equal(written[0]!.indexOf('\n'), written[0]!.length - 1);
    assert.ok(!written[0]!.includes('\r'));
    assert.equal(records()[0]!['message'], 'failed\nwith a second line');
  });

  it('writes a record without fields', () => {
    const { logger, records } = capture('debug');
    logger.warn('ALLOWED_BUCKETS is not set');
    assert.deepEqual(records(), [{ time: AT.toISOString(), level: 'warn', message: 'ALLOWED_BUCKETS is not set' }]);
  });

  const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  for (const [rank, configured] of levels.entries()) {
    it(`at ${configured}, writes ${levels.slice(rank).join(', ')} and drops the rest`, () => {
      const { logger, records } = capture(configured);
      for (const level of levels) logger[level](`a ${level} line`);
      assert.deepEqual(
        records().map((record) => record['level']),
        levels.slice(rank),
      );
    });
  }

  it('reads the clock for every line', () => {
    const times = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:01Z')];
    const written: string[] = [];
    const logger = createJsonLogger('info', (line) => written.push(line), () => times.shift()!);
    logger.info('one');
    logger.info('two');
    assert.deepEqual(
      written.map((line) => JSON.parse(line).time),
      ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'],
    );
  });
});
