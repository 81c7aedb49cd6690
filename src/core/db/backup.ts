import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Database } from './index';

const run = promisify(execFile);

/** Where a backup goes by default: DATA_DIR/backups/gongzhi-<UTC time>.<sqlite|dump>. */
export function defaultBackupFile(dataDir: string, dialect: Database['dialect'], now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(dataDir, 'backups', `gongzhi-${stamp}.${dialect === 'sqlite' ? 'sqlite' : 'dump'}`);
}

/**
 * A consistent copy while the server keeps running: SQLite's online backup API (pages copied from one
 * snapshot, writers not blocked), or pg_dump's single-transaction snapshot in its custom format.
 */
export async function backupDatabase(
  database: Database,
  file: string,
): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) throw new Error(`${file} already exists; choose another file`);
  if (database.dialect === 'sqlite') {
    await database.sqlite!.backup(file);
  } else {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file], {
      env: { ...process.env, ...libpqEnv(database.location) },
    });
  }
  return { file, bytes: fs.statSync(file).size };
}

/** A postgres:// URL as libpq's environment variables, so the password never shows in the process list. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
  if (u.hostname) env.PGHOST = u.hostname;
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}
