import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/core/config';
import { startCluster, type Cluster } from '../../test/support/pg-cluster';

export type Dialect = 'sqlite' | 'postgres';
export const dialects: readonly Dialect[] = ['sqlite', 'postgres'];

/**
 * One database for one part of the run, with everything a server process needs to open it: a fresh
 * DATA_DIR (files, the SQLite file), a fixed SECRET_KEY so the seeding process and the server read
 * the same sealed phone numbers, and on PostgreSQL a fresh database in a cluster.
 */
export interface Target {
  dialect: Dialect;
  dir: string;
  /** The server's environment: what `gongzhi serve` is configured with. */
  env: Record<string, string>;
  config: Config;
  /** The cluster, when this target owns it (the database-fault part stops and starts it). */
  cluster: Cluster | null;
  remove(): Promise<void>;
}

export interface TargetOptions {
  /** Use this cluster (its postgres database URL) instead of starting one. */
  pgAdminUrl?: string;
  /** Extra server configuration (login limits, upload size). */
  env?: Record<string, string>;
}

export async function prepareTarget(dialect: Dialect, options: TargetOptions = {}): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gongzhi-reliability-${dialect}-`));
  const env: Record<string, string> = {
    DATA_DIR: dir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  };
  let cluster: Cluster | null = null;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    // Synchronous commit on: a commit acknowledged before the database is killed must survive it.
    if (!options.pgAdminUrl) cluster = await startCluster({ durable: true });
    const adminUrl = options.pgAdminUrl ?? cluster!.adminUrl;
    const name = `gz_rel_${randomBytes(5).toString('hex')}`;
    await admin(adminUrl, `create database ${name}`);
    env.DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${name}`);
    dropDatabase = () => admin(adminUrl, `drop database if exists ${name} with (force)`);
  }
  return {
    dialect,
    dir,
    env,
    config: loadConfig({ ...env, LOG_LEVEL: 'silent' }),
    cluster,
    async remove() {
      try {
        if (cluster) cluster.remove();
        else await dropDatabase();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
