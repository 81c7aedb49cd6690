import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { hashPassword } from '../src/core/auth/passwords';
import type { Database } from '../src/core/db';
import type { DB } from '../src/core/db/schema';
import type { Deps } from '../src/core/deps';
import {
  benchPassword,
  benchStreetCode,
  City,
  insertOrder,
  type Manifest,
  type Rows,
  type Scale,
} from './city';

/**
 * `gongzhi seed-bench`: writes the synthetic city (bench/city.ts) into the configured database with
 * bulk multi-row inserts, one transaction per community's structure and per chunk of orders, then
 * refreshes the planner's statistics. SQLite gets cached multi-row prepared statements on its own
 * handle; PostgreSQL gets one INSERT … SELECT FROM unnest(…) per batch, a parameter per column.
 */

export const manifestFile = (dataDir: string) => path.join(dataDir, 'bench-manifest.json');

export interface SeedReport {
  scale: Scale;
  seed: number;
  dialect: string;
  rows: Partial<Record<keyof DB, number>>;
  totalRows: number;
  /** Drawing the rows (pure JS, sealing phones included). */
  generateMs: number;
  /** Writing them. */
  writeMs: number;
  analyzeMs: number;
  totalMs: number;
  rowsPerSecond: number;
  manifest: string;
}

interface Writer {
  /** Writes every table of `rows` in insertOrder, in one transaction. */
  write(rows: Rows): Promise<void>;
  analyze(): Promise<void>;
}

type Row = Record<string, unknown>;

function sqliteWriter(database: Database): Writer {
  const handle = database.sqlite!;
  // A page cache large enough to hold the growing indexes of 1M orders: inserting into them otherwise
  // reads pages back from the file all the time. This connection only; the server keeps the default.
  handle.pragma('cache_size = -262144');
  const statements = new Map<string, ReturnType<typeof handle.prepare>>();
  // At most 16 000 bound values a statement, well below SQLite's limit of 32 766.
  const statement = (table: string, columns: string[], count: number) => {
    const key = `${table}:${columns.join(',')}:${count}`;
    let stmt = statements.get(key);
    if (!stmt) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      stmt = handle.prepare(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${Array(count).fill(tuple).join(',')}`,
      );
      statements.set(key, stmt);
    }
    return stmt;
  };
  const insertAll = handle.transaction((rows: Rows) => {
    for (const table of insertOrder) {
      const list = rows[table] as Row[] | undefined;
      if (!list?.length) continue;
      const columns = Object.keys(list[0]!);
      const perStatement = Math.max(1, Math.floor(16_000 / columns.length));
      for (let i = 0; i < list.length; i += perStatement) {
        const slice = list.slice(i, i + perStatement);
        const values: unknown[] = [];
        for (const row of slice) for (const c of columns) values.push(row[c]);
        statement(table, columns, slice.length).run(values);
      }
    }
  });
  return {
    write: async (rows) => insertAll(rows),
    analyze: async () => {
      handle.exec('analyze');
      handle.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function postgresWriter(db: Kysely<DB>): Writer {
  const types = new Map<string, Map<string, string>>();
  async function columnTypes(trx: Kysely<DB>, table: string) {
    let known = types.get(table);
    if (!known) {
      const result = await sql<{ column_name: string; data_type: string }>`
        select column_name, data_type from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}`.execute(trx);
      known = new Map(result.rows.map((r) => [r.column_name, r.data_type]));
      types.set(table, known);
    }
    return known;
  }
  return {
    write: (rows) =>
      db.transaction().execute(async (trx) => {
        for (const table of insertOrder) {
          const list = rows[table] as Row[] | undefined;
          if (!list?.length) continue;
          const columns = Object.keys(list[0]!);
          const known = await columnTypes(trx, table);
          for (let i = 0; i < list.length; i += 10_000) {
            const slice = list.slice(i, i + 10_000);
            const arrays = columns.map(
              (c) => sql`${slice.map((r) => r[c] ?? null)}::${sql.raw(known.get(c) ?? 'text')}[]`,
            );
            await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
              select * from unnest(${sql.join(arrays)})`.execute(trx);
          }
        }
      }),
    // VACUUM too: it sets the visibility map, without which no count can be answered from an index alone.
    analyze: async () => {
      await sql`vacuum analyze`.execute(db);
    },
  };
}

/** Rows per table, added up as batches are written. */
function count(into: Partial<Record<keyof DB, number>>, rows: Rows) {
  for (const [table, list] of Object.entries(rows) as [keyof DB, unknown[]][])
    into[table] = (into[table] ?? 0) + list.length;
}

export async function benchExists(db: Kysely<DB>): Promise<boolean> {
  return !!(await db
    .selectFrom('streets')
    .select('id')
    .where('code', '=', benchStreetCode)
    .executeTakeFirst());
}

/**
 * Seeds the city and writes its manifest (who the load logs in as, and the ids it acts on) to
 * DATA_DIR/bench-manifest.json. `progress` hears a line per community.
 */
export async function seedBench(
  deps: Pick<Deps, 'database' | 'db' | 'vault' | 'config'>,
  options: { scale: Scale; seed: number; now?: number },
  progress: (line: string) => void = () => {},
): Promise<SeedReport> {
  if (await benchExists(deps.db))
    throw new Error(`the bench street (${benchStreetCode}) is already loaded: use a fresh database`);
  const started = performance.now();
  const writer = deps.database.dialect === 'sqlite' ? sqliteWriter(deps.database) : postgresWriter(deps.db);
  const city = new City(options.scale, {
    seed: options.seed,
    now: options.now ?? Date.now(),
    vault: deps.vault,
    passwordHash: await hashPassword(benchPassword),
  });
  const rows: Partial<Record<keyof DB, number>> = {};
  let generateMs = 0;
  let writeMs = 0;
  const put = async (draw: () => Rows) => {
    const t0 = performance.now();
    const batch = draw();
    const t1 = performance.now();
    await writer.write(batch);
    generateMs += t1 - t0;
    writeMs += performance.now() - t1;
    count(rows, batch);
  };
  await put(() => city.street());
  for (let i = 0; i < city.shape.communities; i++) {
    let plan!: ReturnType<City['community']>['plan'];
    await put(() => {
      const drawn = city.community(i);
      plan = drawn.plan;
      return drawn.rows;
    });
    for (let chunk = 0; chunk < city.chunksOf().length; chunk++) await put(() => city.orders(plan, chunk));
    await put(() => city.closedAssemblies(plan));
    const elapsed = (performance.now() - started) / 1000;
    progress(`community ${i + 1}/${city.shape.communities} written (${elapsed.toFixed(0)} s)`);
  }
  await put(() => city.town());
  progress('the new town and its open assembly written');
  const t = performance.now();
  await writer.analyze();
  const analyzeMs = performance.now() - t;
  const manifest: Manifest = city.manifest;
  const file = manifestFile(deps.config.dataDir);
  fs.mkdirSync(deps.config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  const totalMs = performance.now() - started;
  return {
    scale: options.scale,
    seed: options.seed,
    dialect: deps.database.dialect,
    rows,
    totalRows,
    generateMs: Math.round(generateMs),
    writeMs: Math.round(writeMs),
    analyzeMs: Math.round(analyzeMs),
    totalMs: Math.round(totalMs),
    rowsPerSecond: Math.round(totalRows / ((generateMs + writeMs) / 1000)),
    manifest: file,
  };
}
