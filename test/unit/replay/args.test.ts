import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseReplayArgs } from '../../../src/replay/args';

function problems(argv: string[]): string[] {
  const parsed = parseReplayArgs(argv);
  assert.equal(parsed.kind, 'invalid', JSON.stringify(parsed));
  return parsed.kind === 'invalid' ? parsed.problems : [];
}

describe('parseReplayArgs', () => {
  test('a bucket backfill with every filter', () => {
    const parsed = parseReplayArgs(['--bucket', 'uploads', '--namespace', 'ns', '--prefix', 'a/', '--since', '2026-11-01', '--until', '2026-11-20T09:00:00+01:00', '--direct', '--concurrency', '8', '--state', 's.jsonl']);
    assert.deepEqual(parsed, {
      kind: 'options',
      options: {
        source: { kind: 'bucket', bucket: 'uploads', namespace: 'ns', prefix: 'a/', since: new Date('2026-11-01T00:00:00Z'), until: new Date('2026-11-20T08:00:00Z') },
        delivery: { kind: 'direct' },
        concurrency: 8,
        stateFile: 's.jsonl',
        dryRun: false,
      },
    });
  });

  test('--from-log - with --invoke and an explicit endpoint; concurrency defaults to 1', () => {
    const parsed = parseReplayArgs(['--from-log', '-', '--invoke', 'ocid1.fnfunc.oc1.iad.aaaa', '--invoke-endpoint', 'https://abc.us-ashburn-1.functions.oci.oraclecloud.com']);
    assert.deepEqual(parsed, {
      kind: 'options',
      options: {
        source: { kind: 'log', file: '-' },
        delivery: { kind: 'invoke', functionId: 'ocid1.fnfunc.oc1.iad.aaaa', endpoint: 'https://abc.us-ashburn-1.functions.oci.oraclecloud.com' },
        concurrency: 1,
        dryRun: false,
      },
    });
  });

  test('--dry-run needs no delivery', () => {
    const parsed = parseReplayArgs(['--events', 'e.jsonl', '--dry-run']);
    assert.equal(parsed.kind, 'options');
  });

  test('--help, and no arguments at all (usage, as a problem)', () => {
    assert.deepEqual(parseReplayArgs(['--bucket', 'x', '--help']), { kind: 'help' });
    assert.deepEqual(parseReplayArgs([]), { kind: 'invalid', problems: [] });
  });

  test('every problem is listed together', () => {
    assert.deepEqual(problems(['--bucket', 'a b', '--events', 'f', '--concurrency', '65', '--until', 'soon', '--invoke-endpoint', 'http://example.com', '--frob', 'word']), [
      'unknown option --frob',
      'unexpected argument "word"',
      '--bucket must be letters, digits, ".", "_" or "-"',
      '--until must be an RFC 3339 time (2026-11-20T09:15:00Z) or a date (2026-11-20)',
      '--invoke-endpoint must use https (http is accepted only for localhost, 127.0.0.0/8 and [::1])',
      '--concurrency must be at most 64',
      'choose one of --bucket, --events',
      'say how to deliver: --invoke FUNCTION_OCID or --direct (or --dry-run to only list)',
      '--invoke-endpoint applies only with --invoke',
    ]);
  });

  test('an option missing its value is named, and the next option still counts', () => {
    assert.deepEqual(problems(['--bucket', '--direct', '--state']), ['--bucket needs a value', '--state needs a value', 'say what to replay: --bucket, --from-log or --events']);
  });

  test('filters need --bucket; --since must come before --until; a switch takes no value; an option once', () => {
    assert.deepEqual(problems(['--events', 'f', '--direct', '--prefix', 'p', '--since', '2026-01-01']), ['--prefix applies only with --bucket', '--since applies only with --bucket']);
    assert.deepEqual(problems(['--bucket', 'b', '--direct', '--since', '2026-02-01', '--until', '2026-01-01']), ['--since must be before --until']);
    assert.deepEqual(problems(['--bucket', 'b', '--direct=yes']), ['--direct takes no value', 'say how to deliver: --invoke FUNCTION_OCID or --direct (or --dry-run to only list)']);
    assert.deepEqual(problems(['--bucket', 'b', '--bucket', 'c', '--direct']), ['--bucket is given more than once']);
    assert.deepEqual(problems(['--bucket', 'b', '--invoke', 'ocid1.fnfunc.oc1.iad.aaaa', '--log', 'f.log']), ['--log applies only with --direct (the deployed function writes its own log)']);
  });
});
