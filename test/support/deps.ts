import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config';
import { openRuntime } from '../../src/core/runtime';
import type { Deps } from '../../src/core/deps';

export const testDialect = process.env.GONGZHI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

const migrationsDir = path.resolve('src/core/db/migrations');

/** Changes whenever a migration does: a template built from other migrations is never used. */
function schemaKey(): string {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(migrationsDir).sort())
    hash.update(name).update(fs.readFileSync(path.join(migrationsDir, name)));
  return hash.digest('hex').slice(0, 16);
}

/** Runs every migration on an empty database at `databaseUrl` (or a new SQLite file in `dataDir`). */
async function migrateEmpty(dataDir: string, databaseUrl?: string): Promise<void> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const deps = await openRuntime(config);
  await deps.events.close();
  await deps.database.close();
}

/**
 * Migrating from empty costs a second or two per test file (SQLite syncs every DDL statement), so the
 * run migrates once into a template and each file starts from a copy: a file copy on SQLite, CREATE
 * DATABASE … TEMPLATE on PostgreSQL. The template is itself built by the migrations, from empty.
 */
async function sqliteTemplate(): Promise<string> {
  const key = schemaKey();
  const template = path.join(os.tmpdir(), `gongzhi-template-${key}.sqlite`);
  if (fs.existsSync(template)) return template;
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-template-build-'));
  try {
    await migrateEmpty(build);
    // Written aside and renamed: two workers building at once each leave a whole file.
    const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.copyFileSync(path.join(build, 'gongzhi.sqlite'), partial);
    fs.renameSync(partial, template);
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
  for (const old of fs.readdirSync(os.tmpdir()))
    if (/^gongzhi-template-[0-9a-f]{16}\.sqlite$/.test(old) && !template.endsWith(old))
      fs.rmSync(path.join(os.tmpdir(), old), { force: true });
  return template;
}

async function postgresTemplate(admin: pg.Client, adminUrl: string): Promise<string> {
  const template = `gz_template_${schemaKey()}`;
  const exists = async () =>
    (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
  if (await exists()) return template;
  // One worker builds it; the others wait on the lock and then find it there.
  await admin.query('select pg_advisory_lock(7431)');
  try {
    if (!(await exists())) {
      const build = `gz_build_${randomBytes(6).toString('hex')}`;
      await admin.query(`create database ${build}`);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-template-build-'));
      try {
        await migrateEmpty(dataDir, adminUrl.replace(/\/postgres$/, `/${build}`));
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      await admin.query(`alter database ${build} rename to ${template}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(7431)');
  }
  return template;
}

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
    try {
      await admin.query(`create database ${name} template ${await postgresTemplate(admin, adminUrl)}`);
    } finally {
      await admin.end();
    }
    databaseUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else fs.copyFileSync(await sqliteTemplate(), path.join(dataDir, 'gongzhi.sqlite'));
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
