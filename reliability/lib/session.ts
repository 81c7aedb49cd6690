import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCast, type Cast } from './demo';
import { ServerProcess } from './server';
import { prepareTarget, type Dialect, type TargetOptions, type Target } from './targets';

export interface Session {
  target: Target;
  server: ServerProcess;
  cast: Cast;
}

/**
 * A fresh database with the demo street in it, a server process on it, and the cast found through
 * the API; everything is stopped and removed afterwards, whatever `body` did. The server's log
 * stays beside the results when the body fails, to read what happened.
 */
export async function withSession<T>(
  dialect: Dialect,
  options: TargetOptions,
  body: (session: Session) => Promise<T>,
): Promise<T> {
  const target = await prepareTarget(dialect, options);
  let server: ServerProcess | undefined;
  try {
    server = await ServerProcess.start(target.env, path.join(target.dir, 'server.log'), [
      '--seed-demo-if-empty',
    ]);
    const cast = await findCast(server.base);
    return await body({ target, server, cast });
  } catch (err) {
    const kept = path.join(os.tmpdir(), `gongzhi-reliability-${dialect}-${Date.now()}.log`);
    fs.copyFileSync(path.join(target.dir, 'server.log'), kept);
    console.error(`server log kept at ${kept}`);
    throw err;
  } finally {
    await server?.kill('SIGKILL');
    // The cluster may have been left stopped by a failed fault part: start it so it can be removed.
    try {
      target.cluster?.pgCtl(['start']);
    } catch {
      // already running
    }
    await target.remove();
  }
}
