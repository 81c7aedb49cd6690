import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from './http';

/**
 * The real server in a child process, started the way an operator starts it (`bin/gongzhi serve`),
 * so that SIGKILL takes down exactly what production would lose: the process, its pool, its
 * unflushed work. `bin/gongzhi` runs tsx in-process, so the child's pid is the server's.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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

export class ServerProcess {
  private child: ChildProcess | null = null;
  /** Set when the process ended without being asked to: a crash the parts report. */
  unexpectedExit: string | null = null;
  readonly base: string;
  starts = 0;

  private constructor(
    readonly env: Record<string, string>,
    readonly port: number,
    private readonly logFile: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** `env` is the server's configuration (DATA_DIR, SECRET_KEY, DATABASE_URL…); the log goes beside it. */
  static async start(
    env: Record<string, string>,
    logFile: string,
    args: string[] = [],
  ): Promise<ServerProcess> {
    const server = new ServerProcess(env, await freePort(), logFile);
    await server.start(args);
    return server;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `args` go to `gongzhi serve` (the first start passes --seed-demo-if-empty). */
  async start(args: string[] = []): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [path.join(root, 'bin/gongzhi'), 'serve', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'warn',
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    this.starts++;
    child.on('exit', (code, signal) => {
      if (this.child === child) {
        this.unexpectedExit = `server exited by itself (code ${code}, signal ${signal}); see ${this.logFile}`;
        this.child = null;
      }
    });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(this.unexpectedExit ?? 'server did not start');
      const ready = await request(this.base, 'GET', '/readyz', { timeoutMs: 2_000 });
      if (ready.status === 200) return;
      await sleep(100);
    }
    throw new Error(`server not ready after 120 s; see ${this.logFile}`);
  }

  /** SIGKILL: no shutdown hook runs, in-flight requests are cut off mid-way. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Resident set size of the server process, in MB (Linux /proc). */
  rssMb(): number {
    if (!this.child?.pid) return 0;
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  }

  /** The highest RSS the process has had, in MB (VmHWM). */
  peakRssMb(): number {
    if (!this.child?.pid) return 0;
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  }

  get alive(): boolean {
    return this.child !== null;
  }

  /** A graceful stop (SIGTERM: the server's close-with-grace hook runs). */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
