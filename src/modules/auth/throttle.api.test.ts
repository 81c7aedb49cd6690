import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { password } from '../../../test/support/world';

/**
 * Guesses sent all at once, as a script would (found by the reliability suite: every one of a burst
 * of 40 used to be checked, since each counted the failures before any was recorded).
 */
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '4', LOGIN_MAX_FAILURES_PER_ADDRESS: '12' });
});
afterAll(() => t.close());

const guess = (phone: string, pass = 'guess-1234') =>
  t.anonymous().post('/api/v1/auth/login', { phone, password: pass });

describe('login throttling under a burst', () => {
  it('checks at most the limit of one account’s passwords, then refuses even the right one', async () => {
    const phone = t.world.phones.property;
    const burst = await Promise.all(Array.from({ length: 30 }, () => guess(phone)));
    expect(burst.every((a) => a.statusCode === 401 || a.statusCode === 429)).toBe(true);
    // Guesses that arrive together may all be refused unchecked; then it goes on one by one.
    let checked = burst.filter((a) => a.statusCode === 401).length;
    while ((await guess(phone)).statusCode === 401) checked++;
    expect(checked).toBe(4);
    expect((await guess(phone, password)).statusCode).toBe(429);
  });

  it('failures below the limit leave the right password working', async () => {
    const phone = t.world.phones.committee;
    for (let i = 0; i < 3; i++) expect((await guess(phone)).statusCode).toBe(401);
    expect((await guess(phone, password)).statusCode).toBe(200);
  });

  it('checks at most the limit from one address, over many accounts', async () => {
    const earlier = await t.deps.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', '127.0.0.1')
      .where('succeeded', '=', 0)
      .executeTakeFirstOrThrow();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => guess(`1370000${String(i).padStart(4, '0')}`)),
    );
    // Failures from the tests above count too.
    let checked = answers.filter((a) => a.statusCode === 401).length;
    while ((await guess(`13711${String(checked).padStart(6, '0')}`)).statusCode === 401) checked++;
    expect(checked).toBe(12 - Number(earlier.n));
    expect((await guess(t.world.phones.branch, password)).statusCode).toBe(429);
  });
});
