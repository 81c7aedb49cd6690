import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for a bench run, made the way test/support/pg-cluster.ts makes the
 * test suite's (initdb on a free loopback port, as the `postgres` user when we are root) but durable
 * like production: fsync and synchronous commits on, to stand against SQLite's synchronous=FULL.
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
  throw new Error(`${name} not found: install PostgreSQL (apt-get install -y postgresql)`);
}

export function freePort(): Promise<number> {
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

export interface Cluster {
  /** postgres://… of the `gongzhi` database. */
  url: string;
  /** postgres://… of another database, for the raw ceilings. */
  ceilingUrl: string;
  version: string;
  stop(): void;
}

const asRoot = process.getuid?.() === 0;
const run = (bin: string, args: string[]) =>
  asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' })
    : execFileSync(bin, args, { stdio: 'pipe' });

/** Starts the cluster in `dir` (made by initdb on first use, reused when it is already there). */
export async function startCluster(dir: string): Promise<Cluster> {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const dataDir = path.join(dir, 'data');
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh)
    run(findBinary('initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c shared_buffers=256MB',
    '-c max_connections=100',
  ].join(' ');
  run(findBinary('pg_ctl'), ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const psql = (sqlText: string) =>
    run(findBinary('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-Atc', sqlText])
      .toString()
      .trim();
  if (fresh) {
    psql('create database gongzhi');
    psql('create database ceiling');
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    url: `${base}/gongzhi`,
    ceilingUrl: `${base}/ceiling`,
    version: psql('show server_version'),
    stop: () => run(findBinary('pg_ctl'), ['-D', dataDir, '-m', 'fast', 'stop']),
  };
}
