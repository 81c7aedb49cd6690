import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * Raw database ceilings, measured in the same run as the load: a point select by primary key and a
 * single-row insert in its own transaction, on better-sqlite3 with the server's pragmas
 * (src/core/db: WAL, synchronous=FULL, foreign keys, busy timeout) and on `pg` with a pool the size
 * of the server's. What the app does per request can only be a fraction of these.
 */

export interface Rate {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function rateOf(latencies: number[], seconds: number): Rate {
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    count: latencies.length,
  };
}

/** Runs `op` from `concurrency` loops for `seconds`, timing each call. */
export async function loop(seconds: number, concurrency: number, op: () => unknown): Promise<Rate> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return rateOf(latencies, (performance.now() - started) / 1000);
}

const seedRows = 100_000;

export async function sqliteCeilings(dir: string, seconds: number) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const db = new SQLite(path.join(dir, 'ceiling.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'create table t (id text primary key, community_id text not null, payload text not null, at bigint)',
  );
  const ids: string[] = [];
  const fill = db.prepare('insert into t values (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < seedRows; i++) {
      const id = randomUUID();
      ids.push(id);
      fill.run(id, 'c1', `row ${i} 一些中文内容`, Date.now());
    }
  })();
  const select = db.prepare('select * from t where id = ?');
  const insert = db.prepare('insert into t values (?, ?, ?, ?)');
  const insertOne = db.transaction(() => insert.run(randomUUID(), 'c1', 'new row 新订单', Date.now()));
  const pointSelect = await loop(seconds, 1, () => select.get(ids[Math.floor(Math.random() * ids.length)]));
  const insertTxn = await loop(seconds, 1, () => insertOne());
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { pointSelect, insertTxn };
}

export async function postgresCeilings(url: string, seconds: number, concurrency: number) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('drop table if exists t');
  await pool.query(
    'create table t (id text primary key, community_id text not null, payload text not null, at bigint)',
  );
  const ids = Array.from({ length: seedRows }, () => randomUUID());
  await pool.query(`insert into t select id, 'c1', 'row 一些中文内容', 0 from unnest($1::text[]) as id`, [
    ids,
  ]);
  await pool.query('analyze t');
  const pointSelect = await loop(seconds, concurrency, () =>
    pool.query('select * from t where id = $1', [ids[Math.floor(Math.random() * ids.length)]]),
  );
  const insertTxn = await loop(seconds, concurrency, async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('insert into t values ($1, $2, $3, $4)', [
        randomUUID(),
        'c1',
        'new row 新订单',
        Date.now(),
      ]);
      await client.query('commit');
    } finally {
      client.release();
    }
  });
  await pool.query('drop table t');
  await pool.end();
  return { pointSelect, insertTxn };
}
