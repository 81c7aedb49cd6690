import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDeps, testDialect } from '../../../test/support/deps';
import { buildWorld } from '../../../test/support/world';
import { newId } from '../ids';
import { backupDatabase, libpqEnv } from './backup';

const run = promisify(execFile);
let deps: Awaited<ReturnType<typeof freshDeps>>;
let dir: string;

beforeAll(async () => {
  deps = await freshDeps();
  await buildWorld(deps);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-backup-'));
});
afterAll(async () => {
  await deps.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Row counts and one table's contents: what a restored copy must reproduce. */
async function snapshotOf(query: (sql: string) => Promise<Record<string, unknown>[]>) {
  const counts: Record<string, number> = {};
  for (const table of [
    'streets',
    'communities',
    'compounds',
    'buildings',
    'rooms',
    'accounts',
    'grants',
    'audit_log',
  ])
    counts[table] = Number((await query(`select count(*) as n from ${table}`))[0]!.n);
  const rooms = await query('select id, number, area_centi from rooms order by id');
  return { counts, rooms: rooms.map((r) => ({ ...r, area_centi: Number(r.area_centi) })) };
}

it('makes a consistent copy while writes go on, and the copy restores to the same data', async () => {
  const communityId = (await deps.db.selectFrom('communities').select('id').executeTakeFirstOrThrow()).id;
  const write = (i: number) =>
    deps.db
      .insertInto('audit_log')
      .values({
        community_id: communityId,
        id: newId(),
        at: Date.now(),
        actor_account_id: null,
        action: `load.${i}`,
        target_type: 'test',
        target_id: null,
        before_json: null,
        after_json: null,
        ip: null,
        request_id: null,
      })
      .execute();
  for (let i = 0; i < 20; i++) await write(i);
  const file = path.join(dir, `copy.${testDialect === 'sqlite' ? 'sqlite' : 'dump'}`);
  // Writers keep going during the backup: the copy must still be whole.
  const writers = Promise.all(Array.from({ length: 30 }, (_, i) => write(100 + i)));
  const result = await backupDatabase(deps.database, file);
  await writers;
  expect(result.bytes).toBeGreaterThan(1000);

  const live = await snapshotOf(
    async (q) => (await sql.raw<Record<string, unknown>>(q).execute(deps.db)).rows,
  );
  let restored: Awaited<ReturnType<typeof snapshotOf>>;
  if (testDialect === 'sqlite') {
    const copy = new SQLite(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    restored = await snapshotOf(async (q) => copy.prepare(q).all() as Record<string, unknown>[]);
    copy.close();
  } else {
    const target = `${deps.database.location}_restored`;
    const name = new URL(target).pathname.slice(1);
    const admin = new pg.Client({ connectionString: deps.database.location });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    await run('pg_restore', ['--no-owner', '--dbname', name, file], {
      env: { ...process.env, ...libpqEnv(target) },
    });
    const copy = new pg.Client({ connectionString: target });
    await copy.connect();
    restored = await snapshotOf(async (q) => (await copy.query(q)).rows);
    await copy.end();
    const cleanup = new pg.Client({ connectionString: deps.database.location });
    await cleanup.connect();
    await cleanup.query(`drop database ${name} with (force)`);
    await cleanup.end();
  }
  // Everything but the audit rows written during the copy is identical; those are a prefix of the live ones.
  expect({ ...restored.counts, audit_log: 0 }).toEqual({ ...live.counts, audit_log: 0 });
  expect(restored.counts.audit_log).toBeGreaterThanOrEqual(20);
  expect(restored.counts.audit_log).toBeLessThanOrEqual(live.counts.audit_log!);
  expect(restored.rooms).toEqual(live.rooms);
  expect(restored.rooms.length).toBeGreaterThan(0);
});

it('refuses to overwrite an existing file', async () => {
  const file = path.join(dir, 'exists');
  fs.writeFileSync(file, 'x');
  await expect(backupDatabase(deps.database, file)).rejects.toThrow(/already exists/);
});
