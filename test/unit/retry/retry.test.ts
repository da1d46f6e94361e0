import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeadlineExceededError,
  ObjectChangedError,
  ObjectGoneError,
  PermanentRemoteError,
  ThrottledError,
  TransientRemoteError,
} from '../../../src/errors';
import { Deadline } from '../../../src/retry/deadline';
import { withRetries, type BackoffPolicy, type RetryContext } from '../../../src/retry/retry';
import { FakeClock, retryContext, seededRandom } from '../support/fakes';

const details = { service: 'streaming', operation: 'putMessages' } as const;
const transient = (n: number) => new TransientRemoteError(`throttled (attempt ${n})`, details);
const POLICY: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 5_000, minAttemptMs: 250 };

/** An operation that fails transiently on every attempt must end in DeadlineExceededError. */
function assertGivesUpFailingForever(context: RetryContext): Promise<void> {
  return assert.rejects(
    withRetries(
      'Doing it',
      async (_t, n) => {
        throw transient(n);
      },
      context,
    ),
    DeadlineExceededError,
  );
}

interface Attempt {
  number: number;
  timeoutMs: number;
  at: number;
}

describe('withRetries', () => {
  it('returns the first success without sleeping, giving the attempt the time left', async () => {
    const clock = new FakeClock();
    const attempts: Attempt[] = [];
    const result = await withRetries(
      'Doing it',
      async (timeoutMs, number) => {
        attempts.push({ number, timeoutMs, at: clock.now() });
        return 'done';
      },
      retryContext(clock, 10_000),
    );
    assert.equal(result, 'done');
    assert.deepEqual(attempts, [{ number: 1, timeoutMs: 10_000, at: clock.now() }]);
    assert.deepEqual(clock.sleeps, []);
  });

  it('retries transient failures until one succeeds, with the backoff between', async () => {
    const clock = new FakeClock();
    const attempts: Attempt[] = [];
    const retried: Array<[number, number]> = [];
    const context = retryContext(clock, 30_000, { random: () => 0.5, policy: POLICY, onRetry: (_e, n, delay) => retried.push([n, delay]) });
    const result = await withRetries(
      'Publishing',
      async (timeoutMs, number) => {
        attempts.push({ number, timeoutMs, at: clock.now() });
        clock.advance(10);
        if (number < 4) throw transient(number);
        return number;
      },
      context,
    );
    assert.equal(result, 4);
    assert.deepEqual(clock.sleeps, [50, 100, 200]);
    assert.deepEqual(retried, [
      [1, 50],
      [2, 100],
      [3, 200],
    ]);
    assert.deepEqual(
      attempts.map((a) => a.timeoutMs),
      [30_000, 30_000 - 60, 30_000 - 170, 30_000 - 380],
      'each attempt is given the time left',
    );
  });

  for (const [what, error] of [
    ['a permanent remote error', new PermanentRemoteError('403', details)],
    ['an object gone', new ObjectGoneError('gone')],
    ['an object changed', new ObjectChangedError('changed')],
    ['a bug', new TypeError('x is undefined')],
    ['a thrown string', 'boom'],
  ] as const) {
    it(`does not retry ${what}`, async () => {
      const clock = new FakeClock();
      let calls = 0;
      await assert.rejects(
        withRetries(
          'Doing it',
          async () => {
            calls++;
            throw error;
          },
          retryContext(clock, 30_000),
        ),
        (thrown) => thrown === error,
      );
      assert.equal(calls, 1);
      assert.deepEqual(clock.sleeps, []);
    });
  }

  it('draws full-jitter delays between 0 and the exponential cap', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const clock = new FakeClock();
      const draws: number[] = [];
      const random = seededRandom(seed);
      const retried: Array<[number, number]> = [];
      const context = retryContext(clock, 10 * 60_000, {
        random: () => {
          draws.push(random());
          return draws.at(-1)!;
        },
        policy: POLICY,
        onRetry: (_e, n, delay) => retried.push([n, delay]),
      });
      await assertGivesUpFailingForever(context);
      assert.ok(retried.length > 20, `only ${retried.length} retries in ten minutes`);
      for (const [n, delay] of retried) {
        const cap = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (n - 1));
        assert.ok(delay >= 0 && delay < cap, `attempt ${n}: delay ${delay} outside [0, ${cap})`);
        assert.equal(delay, Math.floor(draws[n - 1]! * cap), 'the delay scales the random draw');
      }
      assert.deepEqual(clock.sleeps, retried.map(([, delay]) => delay));
    }
  });

  it('caps the delay at maxDelayMs however many attempts were made', async () => {
    const clock = new FakeClock();
    const context = retryContext(clock, 10 * 60_000, { random: () => 0.999_999, policy: POLICY });
    await assertGivesUpFailingForever(context);
    assert.deepEqual(clock.sleeps.slice(0, 8), [99, 199, 399, 799, 1599, 3199, 4999, 4999]);
    assert.ok(clock.sleeps.every((delay) => delay <= 4999));
  });

  it('gives up before the deadline with the last failure as the cause', async () => {
    const clock = new FakeClock();
    const context = retryContext(clock, 5_000, { random: seededRandom(9), policy: POLICY });
    const thrown: TransientRemoteError[] = [];
    const error = await withRetries(
      'Publishing to the stream',
      async (_t, n) => {
        clock.advance(120);
        thrown.push(transient(n));
        throw thrown.at(-1);
      },
      context,
    ).then(
      () => assert.fail('succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DeadlineExceededError);
    assert.ok(thrown.length > 1);
    assert.equal(error.cause, thrown.at(-1));
    assert.equal(
      error.message,
      `Publishing to the stream did not succeed before the function's deadline (${thrown.length} attempts); last failure: throttled (attempt ${thrown.length})`,
    );
    assert.ok(context.deadline.remainingMs() >= 0, 'gave up before the deadline, not after');
  });

  it('never sleeps past the deadline nor starts an attempt with less than minAttemptMs left', async () => {
    for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
      for (const attemptMs of [0, 40, 300, 1_700]) {
        const clock = new FakeClock();
        const context = retryContext(clock, 8_000, { random: seededRandom(seed), policy: POLICY });
        const remainingAtStart: number[] = [];
        await assert.rejects(
          withRetries(
            'Doing it',
            async (timeoutMs, n) => {
              remainingAtStart.push(timeoutMs);
              clock.advance(Math.min(attemptMs, timeoutMs));
              throw transient(n);
            },
            context,
          ),
          DeadlineExceededError,
        );
        assert.ok(remainingAtStart.every((left) => left >= POLICY.minAttemptMs), `seed ${seed}: ${remainingAtStart}`);
        assert.ok(context.deadline.remainingMs() >= 0, `seed ${seed}/${attemptMs}: overslept by ${-context.deadline.remainingMs()} ms`);
      }
    }
  });

  it('does not start at all when the deadline is already too close', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const context = { ...retryContext(clock, 0), deadline: new Deadline(clock, clock.now() + 2_200, 2_000) };
    await assert.rejects(
      withRetries(
        'Reading the object',
        async () => {
          calls++;
        },
        context,
      ),
      (error) => error instanceof DeadlineExceededError && /Reading the object could not start: the function's deadline is too close/.test(error.message),
    );
    assert.equal(calls, 0);
  });

  it('keeps the safety margin out of the time it spends', async () => {
    const clock = new FakeClock();
    const deadline = new Deadline(clock, clock.now() + 10_000, 2_000);
    const timeouts: number[] = [];
    await withRetries(
      'Doing it',
      async (timeoutMs) => {
        timeouts.push(timeoutMs);
      },
      { ...retryContext(clock, 0), deadline },
    );
    assert.deepEqual(timeouts, [8_000]);
  });

  it('retries a throttle when the stream said the partition has room, with at most 25 ms of spread', async () => {
    const clock = new FakeClock();
    const throttled = (waitMs: number | undefined) => new ThrottledError('throttled', details, waitMs);
    let calls = 0;
    await withRetries(
      'Doing it',
      async () => {
        calls += 1;
        if (calls === 1) throw throttled(453);
        if (calls === 2) throw throttled(980);
      },
      retryContext(clock, 30_000, { random: () => 0.999 }),
    );
    assert.equal(clock.sleeps.length, 2);
    assert.ok(clock.sleeps[0]! >= 453 && clock.sleeps[0]! < 453 + 25, `${clock.sleeps[0]} ms`);
    assert.ok(clock.sleeps[1]! >= 980 && clock.sleeps[1]! < 980 + 25, `${clock.sleeps[1]} ms`);
  });

  it('a throttle without a stated wait backs off as any passing failure does', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await withRetries(
      'Doing it',
      async () => {
        calls += 1;
        if (calls === 1) throw new ThrottledError('throttled', details, undefined);
      },
      retryContext(clock, 30_000, { random: () => 0.5 }),
    );
    assert.deepEqual(clock.sleeps, [50]);
  });

  it('beforeRetry chooses the delay, or gives the operation up by throwing', async () => {
    const clock = new FakeClock();
    const asked: Array<{ error: unknown; delayMs: number }> = [];
    let calls = 0;
    const context: RetryContext = {
      ...retryContext(clock, 30_000),
      beforeRetry: (error, delayMs) => {
        asked.push({ error, delayMs });
        if (asked.length === 2) throw new PermanentRemoteError('gave way', details);
        return delayMs + 1_000;
      },
    };
    await assert.rejects(
      withRetries(
        'Doing it',
        async () => {
          calls += 1;
          throw new ThrottledError('throttled', details, 200);
        },
        context,
      ),
      /gave way/,
    );
    assert.equal(calls, 2);
    assert.equal(asked.length, 2);
    assert.ok(asked[0]!.error instanceof ThrottledError);
    assert.ok(clock.sleeps[0]! >= 1_200 && clock.sleeps[0]! < 1_225, 'the delay beforeRetry chose');
  });

  it('gives up when the delay beforeRetry chose would pass the deadline', async () => {
    const clock = new FakeClock();
    const context: RetryContext = { ...retryContext(clock, 5_000), beforeRetry: () => 10_000 };
    await assertGivesUpFailingForever(context);
    assert.deepEqual(clock.sleeps, []);
  });
});
