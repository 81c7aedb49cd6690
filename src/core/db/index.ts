import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw SQLite handle, for the online backup API. */
  sqlite?: SQLite.Database;
  /** Where the data lives: the SQLite file, or the PostgreSQL URL. */
  location: string;
  close(): Promise<void>;
}

// bigint columns hold epoch milliseconds and fen: well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface LoggerLike {
  error(obj: unknown, msg?: string): void;
}

export function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger: LoggerLike = console,
): Database {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
    });
    // An idle client losing its connection must not crash the server; the pool replaces it.
    pool.on('error', (err) => logger.error({ err }, 'postgres pool error'));
    // Nor may a client in use when the database goes away (pg emits 'error' on it, besides failing
    // its query): the request answers 503 (http/errors.ts) and the pool discards the client on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', location: config.databaseUrl, close: () => db.destroy() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'gongzhi.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: keptStatements(sqlite) }) });
  return { db, dialect: 'sqlite', sqlite, location: file, close: () => db.destroy() };
}

/**
 * The SQLite handle as Kysely sees it, keeping its prepared statements by SQL text: Kysely prepares
 * every query afresh, which cost about a tenth of a read request's time (issue #10's profile). The
 * least recently used statement goes past `size`; one still iterating (a streamed select) is not
 * handed out again: the same SQL gets a fresh statement meanwhile.
 */
function keptStatements(sqlite: SQLite.Database, size = 500) {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = kept.get(sql);
      if (stmt && !stmt.busy) {
        kept.delete(sql);
        kept.set(sql, stmt);
        return stmt;
      }
      stmt = sqlite.prepare(sql);
      kept.set(sql, stmt);
      if (kept.size > size) kept.delete(kept.keys().next().value!);
      return stmt;
    },
  };
}
