import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * A throwaway PostgreSQL cluster for the test run: initdb on a free loopback port, removed after.
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */

function findBinary(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const versions = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort().reverse()
    : [];
  for (const v of versions) {
    const candidate = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} not found: install PostgreSQL (apt-get install -y postgresql) to run the PostgreSQL tests`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export interface Cluster {
  /** The `postgres` database as superuser: create and drop test databases through it. */
  adminUrl: string;
  /** Runs pg_ctl on this cluster (as `postgres` when we are root): `['stop', '-m', 'immediate']`, `['start']`. */
  pgCtl(args: string[]): void;
  /** Stops the cluster at once and removes its files. */
  remove(): void;
}

/**
 * Starts a cluster. `durable` keeps synchronous_commit on, so a transaction acknowledged before the
 * database is killed survives it (the reliability suite stops it under load); tests skip the wait.
 */
export async function startCluster({ durable = false } = {}): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' })
      : execFileSync(bin, args, { stdio: 'pipe' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-pg-'));
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  run(findBinary('initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=${durable ? 'on' : 'off'} -c full_page_writes=off -c max_connections=300`;
  const pgCtl = (args: string[]) =>
    run(findBinary('pg_ctl'), ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', ...args]);
  pgCtl(['start']);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pgCtl,
    remove() {
      try {
        pgCtl(['-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default async function setup(project: TestProject) {
  const cluster = await startCluster();
  project.provide('pgAdminUrl', cluster.adminUrl);
  return () => cluster.remove();
}
