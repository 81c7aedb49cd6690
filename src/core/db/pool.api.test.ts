import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDeps, testDialect } from '../../../test/support/deps';
import type { Deps } from '../deps';
import { databaseUnavailable } from '../http/errors';

/**
 * A PostgreSQL connection dropped while a query runs on it (the database restarted, an operator
 * killed the backend): pg emits 'error' on the client besides failing the query, and with nobody
 * listening that crashed the whole server (found by the reliability suite). Now the query fails
 * with an error the HTTP layer answers 503 to, and the pool carries on with new connections.
 */
let deps: Deps & { cleanup(): Promise<void> };
beforeAll(async () => {
  deps = await freshDeps();
});
afterAll(() => deps.cleanup());

describe.skipIf(testDialect !== 'postgres')('a PostgreSQL connection lost mid-query', () => {
  it('fails that query as "database unavailable", and queries work again at once', async () => {
    const failed = sql`select pg_sleep(5)`.execute(deps.db).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    const admin = new pg.Client({ connectionString: deps.database.location });
    await admin.connect();
    try {
      for (let i = 0; i < 50; i++) {
        const killed = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where query = 'select pg_sleep(5)' and pid <> pg_backend_pid()`,
        );
        if (killed.rowCount) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await admin.end();
    }
    const err = await failed;
    expect(err).not.toBeNull();
    expect(databaseUnavailable(err!)).toBe(true);
    // The dropped client may still be handed out once before its end is noticed: that query fails
    // the same retryable way, and the pool recovers by itself within moments.
    for (let attempt = 0; ; attempt++) {
      const next = await sql<{ one: number }>`select 1 as one`.execute(deps.db).then(
        (r) => r.rows[0]!.one,
        (e: unknown) => e as { code?: string; message?: string },
      );
      if (next === 1) break;
      expect(databaseUnavailable(next as object)).toBe(true);
      expect(attempt).toBeLessThan(5);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
