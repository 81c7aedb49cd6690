import os from 'node:os';
import { abusePart, type AbuseOptions } from './abuse';
import { crashPart, type CrashOptions } from './crash';
import { faultsPart, type FaultOptions } from './faults';
import { fuzzPart, type FuzzOptions } from './fuzz';
import { withSession, type Session } from './lib/session';
import { dialects, type Dialect } from './lib/targets';
import { summarise, type Results } from './report';

/**
 * The two forms of the suite. The long form (`npm run reliability`) gives each part its own server
 * and database, with several kills and outages and thousands of fuzz cases; the short form runs
 * inside `npm test`: one server per database for one kill, a case per operation and caller, and the
 * abuse checks that leave the server usable (the per-address login burst and the large image are
 * long-form only).
 */

export type Part = 'crash' | 'faults' | 'fuzz' | 'abuse';
export const parts: readonly Part[] = ['crash', 'faults', 'fuzz', 'abuse'];

export interface Plan {
  form: 'long' | 'short';
  seed: number;
  dialects: readonly Dialect[];
  parts: readonly Part[];
  /** PostgreSQL parts other than the faults use this cluster instead of starting their own. */
  pgAdminUrl?: string;
  crash: CrashOptions;
  faults: FaultOptions;
  fuzz: FuzzOptions;
  abuse: AbuseOptions;
}

export function plan(form: 'long' | 'short', seed: number): Plan {
  const long = form === 'long';
  return {
    form,
    seed,
    dialects,
    parts: long ? parts : ['crash', 'fuzz', 'abuse'],
    crash: long
      ? { kills: 5, concurrency: 16, burstMs: [500, 3_000], seed }
      : { kills: 1, concurrency: 8, burstMs: [300, 800], seed },
    faults: { outages: 3, concurrency: 8, beforeMs: 1_500, downMs: 4_000, seed },
    // Short: each operation once, by staff and anonymous callers in turn.
    fuzz: { casesPerOperation: long ? 12 : 1, seed, concurrency: 4, split: !long },
    abuse: {
      perAccount: 5,
      perAddress: long ? 30 : null,
      uploadMaxMb: 2,
      largestAccepted: long,
      scopeLogins: long ? ['branch', 'committee', 'property'] : ['branch'],
      allPages: long,
    },
  };
}

const limits = (p: Plan) => ({
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(p.abuse.perAccount),
  LOGIN_MAX_FAILURES_PER_ADDRESS: String(p.abuse.perAddress ?? 100_000),
  UPLOAD_MAX_MB: String(p.abuse.uploadMaxMb),
});

export async function runPlan(p: Plan, log: (line: string) => void = () => {}): Promise<Results> {
  const started = Date.now();
  const results: Results = {
    format: 'gongzhi-reliability/1',
    date: new Date().toISOString().slice(0, 10),
    command: p.form === 'long' ? 'npm run reliability' : 'npm run reliability -- --short',
    form: p.form,
    seed: p.seed,
    durationMs: 0,
    machine: { cpus: os.cpus().length, node: process.version },
    crash: {},
    faults: {},
    fuzz: {},
    abuse: {},
    summary: undefined as never,
  };
  const has = (part: Part) => p.parts.includes(part);
  const shared = (d: Dialect) => (d === 'postgres' && p.pgAdminUrl ? { pgAdminUrl: p.pgAdminUrl } : {});
  const step = async (part: string, d: Dialect, body: (s: Session) => Promise<void>, env = limits(p)) => {
    const t = Date.now();
    await withSession(d, { ...shared(d), env }, body);
    log(`${part} on ${d}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };

  for (const d of p.dialects) {
    if (p.form === 'short') {
      // One server for all: the crash first (it restarts the server), then fuzz and abuse on it.
      await step('all parts', d, async (s) => {
        const timed = async <T>(part: Part, run: () => Promise<T>) => {
          const t = Date.now();
          const result = await run();
          log(`  ${part} on ${d}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
          return result;
        };
        if (has('crash'))
          results.crash[d] = await timed('crash', () => crashPart(s.server, s.cast, s.target, p.crash));
        if (has('fuzz'))
          results.fuzz[d] = await timed('fuzz', () => fuzzPart(s.server, s.cast, s.target, p.fuzz));
        if (has('abuse'))
          results.abuse[d] = await timed('abuse', () => abusePart(s.server, s.cast, s.target, p.abuse));
      });
      continue;
    }
    if (has('crash'))
      await step('crash', d, async (s) => {
        results.crash[d] = await crashPart(s.server, s.cast, s.target, p.crash);
      });
    if (has('faults') && d === 'postgres')
      // A cluster of its own: this part stops it.
      await withSession(d, { env: limits(p) }, async (s) => {
        const t = Date.now();
        results.faults[d] = await faultsPart(s.server, s.cast, s.target, p.faults);
        log(`faults on ${d}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
      });
    if (has('fuzz'))
      await step('fuzz', d, async (s) => {
        results.fuzz[d] = await fuzzPart(s.server, s.cast, s.target, p.fuzz);
      });
    if (has('abuse'))
      await step('abuse', d, async (s) => {
        results.abuse[d] = await abusePart(s.server, s.cast, s.target, p.abuse);
      });
  }
  results.durationMs = Date.now() - started;
  results.summary = summarise(results);
  return results;
}
