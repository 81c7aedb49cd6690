import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/core/config';
import type { Manifest, Scale } from './city';
import { postgresCeilings, sqliteCeilings, type Rate } from './ceilings';
import { measureDirect } from './direct';
import { drive, login, loginAll, mixOf, requestMakers, rssMb, type LoadResult, type Sessions } from './load';
import { freePort, startCluster, type Cluster } from './pg';
import { manifestFile, type SeedReport } from './seed';

/**
 * npm run bench [-- --scale small|city] [--db sqlite|postgres|both] [--seconds N] [--connections N]
 *                [--seed N] [--keep] [--profile]
 *
 * Seeds the synthetic city into a fresh DATA_DIR (or a throwaway PostgreSQL cluster), starts the real
 * server as a child process (bin/gongzhi serve), logs the load accounts in, and drives each workload
 * with autocannon over loopback, alone and as the issue's mix; measures the ceilings in the same run
 * (bare Fastify, raw better-sqlite3 and pg) and the in-process timings; prints a table and writes
 * bench/results/<date>.json. --keep keeps (and reuses) the seeded data under $TMPDIR; --profile
 * writes the server's CPU profile (--cpu-prof) next to it.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    db: { type: 'string', default: 'both' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const scale = args.scale as Scale;
if (!['small', 'city'].includes(scale)) throw new Error('--scale must be small or city');
const dbs = args.db === 'both' ? (['sqlite', 'postgres'] as const) : [args.db as 'sqlite' | 'postgres'];
if (!dbs.every((d) => d === 'sqlite' || d === 'postgres'))
  throw new Error('--db must be sqlite, postgres or both');
const seconds = Number(args.seconds ?? (scale === 'city' ? 15 : 5));
const connections = Number(args.connections);
const sessionsPer = scale === 'city' ? 200 : 40;

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function node(script: string, argv: string[], env: NodeJS.ProcessEnv, extraNode: string[] = []) {
  return spawn(process.execPath, [...extraNode, script, ...argv], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(child: ChildProcess, file?: string): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = file ? fs.createWriteStream(file) : undefined;
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    sink?.write(d);
  });
  child.stderr!.on('data', (d: Buffer) => sink?.write(d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, out })));
}

async function waitReady(base: string, child: ChildProcess) {
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error('the server exited while starting (see its log)');
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not become ready');
}

/**
 * The bare Fastify server, started once and driven just before each read workload: on a machine other
 * work shares, a ceiling measured minutes apart from its workload says little.
 */
async function startBare() {
  const port = await freePort();
  // Through tsx's loader in this very process (its CLI would run the server as a grandchild).
  const child = node('bench/bare.ts', [], { PORT: String(port) }, ['--import', 'tsx']);
  const done = output(child);
  const base = `http://127.0.0.1:${port}`;
  await waitReadyBare(base);
  const make = () => ({ method: 'GET' as const, path: '/bare', headers: {} });
  await drive(base, make, { seconds: 2, connections });
  const runs: LoadResult[] = [];
  return {
    runs,
    measure: async () => {
      const result = await drive(base, make, { seconds, connections, pid: child.pid! });
      runs.push(result);
      return result;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await done;
    },
  };
}
type Bare = Awaited<ReturnType<typeof startBare>>;

async function waitReadyBare(base: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/bare`)).ok) return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('bare Fastify did not start');
}

interface DbResult {
  database: string;
  seed: SeedReport | 'reused';
  ceilings: { pointSelect: Rate; insertTxn: Rate };
  workloads: Record<
    string,
    LoadResult & { ratio: number; ratioTo: string; ceiling: number; cpuRatio?: number }
  >;
  serverRssIdleMb: number;
  direct: Awaited<ReturnType<typeof measureDirect>>;
  profile?: string;
}

const workloadNames = ['residentRead', 'orderCreate', 'ballotCast', 'board', 'figures', 'mix'] as const;
const mixWeights = { residentRead: 70, orderCreate: 10, ballotCast: 10, board: 5, figures: 5 };

async function benchDatabase(dialect: 'sqlite' | 'postgres', bare: Bare): Promise<DbResult> {
  const work = path.join(os.tmpdir(), `gongzhi-bench-${scale}-${dialect}`);
  const dataDir = path.join(work, 'data');
  const reuse = args.keep && fs.existsSync(manifestFile(dataDir));
  if (!reuse) fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  let cluster: Cluster | undefined;
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  try {
    if (dialect === 'postgres') {
      cluster = await startCluster(path.join(work, 'pg'));
      env.DATABASE_URL = cluster.url;
      log(`PostgreSQL ${cluster.version} at ${cluster.url}`);
    }
    const seedLog = path.join(work, 'seed.log');
    const seedReport = (out: string) => JSON.parse(out.slice(out.indexOf('{\n'))) as SeedReport;
    let seed: SeedReport | 'reused' =
      reuse && fs.existsSync(seedLog) ? seedReport(fs.readFileSync(seedLog, 'utf8')) : 'reused';
    if (!reuse) {
      log(`seeding ${scale} on ${dialect}…`);
      const child = node('bin/gongzhi', ['seed-bench', '--scale', scale, '--seed', args.seed!], env);
      const { code, out } = await output(child, seedLog);
      if (code !== 0) throw new Error(`seed-bench failed (see ${seedLog})`);
      seed = seedReport(out);
      log(
        `seeded ${seed.totalRows} rows in ${(seed.totalMs / 1000).toFixed(1)} s (${seed.rowsPerSecond} rows/s)`,
      );
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile(dataDir), 'utf8')) as Manifest;

    log(`${dialect} ceilings…`);
    const ceilings =
      dialect === 'sqlite'
        ? await sqliteCeilings(path.join(work, 'ceiling'), seconds)
        : await postgresCeilings(cluster!.ceilingUrl, seconds, connections);

    const port = await freePort();
    const profileDir = path.join(work, 'profile');
    const server = node('bin/gongzhi', ['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' }, [
      ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ]);
    const serverDone = output(server, path.join(work, 'server.log'));
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, server);
    log(`server pid ${server.pid} ready; logging in the load accounts…`);
    const byPhone = new Map(
      manifest.communities.flatMap((c) => c.staffPhones.map((p) => [p, c.id] as const)),
    );
    const sessions: Sessions = {
      residents: await loginAll(manifest.residents.slice(0, sessionsPer), (r) =>
        login(base, r.phone, manifest.password, r.communityId),
      ),
      voters: await loginAll(manifest.voters.slice(0, sessionsPer), (v) =>
        login(base, v.phone, manifest.password),
      ),
      staff: await loginAll([...byPhone], ([phone, communityId]) =>
        login(base, phone, manifest.password, communityId),
      ),
    };
    const makers = requestMakers(manifest, sessions);
    const all = { ...makers, mix: mixOf(makers, mixWeights) };
    const serverRssIdleMb = rssMb(server.pid!);
    log('warming up…');
    await drive(base, all.mix, { seconds: Math.min(5, seconds), connections });
    const workloads: DbResult['workloads'] = {};
    for (const name of workloadNames) {
      if (args.only && !args.only.split(',').includes(name)) continue;
      const write = name === 'orderCreate' || name === 'ballotCast';
      const bareRun = write ? undefined : await bare.measure();
      const ceiling = bareRun?.requestsPerSecond ?? ceilings.insertTxn.perSecond;
      const result = await drive(base, all[name], { seconds, connections, pid: server.pid! });
      const ratioOf = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
      workloads[name] = {
        ...result,
        ratio: ratioOf(result.requestsPerSecond, ceiling),
        ratioTo: write ? `raw ${dialect} insert transaction` : 'bare Fastify, measured just before',
        ceiling,
        // The same ratio by CPU cost: bare Fastify's CPU per request over ours (scheduler-proof).
        ...(bareRun?.serverCpuMsPerRequest && result.serverCpuMsPerRequest
          ? { cpuRatio: ratioOf(bareRun.serverCpuMsPerRequest, result.serverCpuMsPerRequest) }
          : {}),
      };
      log(
        `${name}: ${result.requestsPerSecond} req/s p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms` +
          ` CPU ${result.serverCpuMsPerRequest} ms/req non-2xx ${result.non2xx} RSS ${result.rssMaxMb} MB` +
          `${result.failure ? ` (${result.failure})` : ''}`,
      );
    }
    server.kill('SIGINT');
    await serverDone;
    const profile = args.profile
      ? fs
          .readdirSync(profileDir)
          .map((f) => path.join(profileDir, f))
          .at(-1)
      : undefined;

    log('in-process timings…');
    const config = loadConfig({ ...process.env, ...env } as Record<string, string>);
    const direct = await measureDirect(config, manifest);
    return {
      database: dialect === 'postgres' ? `PostgreSQL ${cluster!.version}` : 'SQLite (better-sqlite3 12)',
      seed,
      ceilings,
      workloads,
      serverRssIdleMb,
      direct,
      ...(profile ? { profile } : {}),
    };
  } finally {
    cluster?.stop();
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

function table(results: Record<string, DbResult>, bare: Bare) {
  const lines: string[] = [];
  const cell = (s: string | number, w: number) => String(s).padStart(w);
  const rates = bare.runs.map((r) => r.requestsPerSecond);
  lines.push(`bare Fastify ceiling: ${rates.join(', ')} req/s (driven just before each read workload)`);
  for (const [db, r] of Object.entries(results)) {
    lines.push('');
    lines.push(
      `${r.database}: raw point select ${r.ceilings.pointSelect.perSecond}/s, raw insert transaction ${r.ceilings.insertTxn.perSecond}/s (p99 ${r.ceilings.insertTxn.p99Ms} ms)`,
    );
    lines.push(
      [
        'workload',
        'req/s',
        'p50 ms',
        'p99 ms',
        'ceiling',
        'ratio',
        'to',
        'CPU ms',
        'CPU rat.',
        'non-2xx',
        'RSS MB',
      ]
        .map((h, i) => (i === 0 ? h.padEnd(14) : i === 6 ? h.padEnd(12).padStart(13) : cell(h, 8)))
        .join(' '),
    );
    for (const [name, w] of Object.entries(r.workloads))
      lines.push(
        [
          name.padEnd(14),
          cell(w.requestsPerSecond, 8),
          cell(w.p50Ms, 8),
          cell(w.p99Ms, 8),
          cell(w.ceiling, 8),
          cell(w.ratio, 8),
          ` ${(w.ratioTo.startsWith('bare') ? 'bare' : 'raw insert').padEnd(12)}`,
          cell(w.serverCpuMsPerRequest ?? '', 8),
          cell(w.cpuRatio ?? '', 8),
          cell(w.non2xx, 8),
          cell(w.rssMaxMb ?? '', 8),
        ].join(' '),
      );
    const d = r.direct;
    lines.push(
      `in-process (wall / CPU of this process): figures for a community-month (${d.figuresCommunityMonth.orders} orders)` +
        ` p95 ${d.figuresCommunityMonth.p95Ms} / ${d.figuresCommunityMonth.cpuP95Ms} ms;` +
        ` tally of ${d.tally100k.rooms} rooms and ${d.tally100k.ballots} ballots p50 ${d.tally100k.p50Ms} / ${d.tally100k.cpuP50Ms} ms;` +
        ` turnout update per ballot p95 ${d.turnoutPerBallot.p95Ms} / ${d.turnoutPerBallot.cpuP95Ms} ms`,
    );
    void db;
  }
  return lines.join('\n');
}

const started = Date.now();
log(`scale ${scale}, ${dbs.join(' + ')}, ${seconds} s per workload, ${connections} connections`);
const bare = await startBare();
const results: Record<string, DbResult> = {};
try {
  for (const dialect of dbs) results[dialect] = await benchDatabase(dialect, bare);
} finally {
  await bare.stop();
}

const date = new Date().toISOString().slice(0, 10);
const file = path.join(root, 'bench', 'results', `${date}.json`);
const previous = fs.existsSync(file)
  ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { scale?: string; results?: object })
  : {};
const report = {
  date,
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  scale,
  seed: Number(args.seed),
  secondsPerWorkload: seconds,
  connections,
  mix: mixWeights,
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  },
  bareFastify: bare.runs,
  results: { ...(previous.scale === scale ? previous.results : {}), ...results },
  wallSeconds: Math.round((Date.now() - started) / 1000),
};
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log('\n' + table(results, bare));
console.log(`\nwritten to ${path.relative(root, file)}`);
