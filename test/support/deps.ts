import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config';
import { openRuntime } from '../../src/core/runtime';
import type { Deps } from '../../src/core/deps';

export const testDialect = process.env.GONGZHI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh, migrated database for one test file: a new SQLite file, or a new database in the
 * run's throwaway PostgreSQL cluster.
 */
export async function freshDeps(
  overrides: Record<string, string> = {},
): Promise<Deps & { cleanup(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (testDialect === 'postgres') {
    const adminUrl = inject('pgAdminUrl');
    const name = `gz_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config: Config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...overrides,
  });
  const deps = await openRuntime(config);
  return {
    ...deps,
    async cleanup() {
      await deps.events.close();
      await deps.database.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
