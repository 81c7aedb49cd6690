import type { AbuseResult } from './abuse';
import type { CrashResult } from './crash';
import type { FaultResult } from './faults';
import type { FuzzResult } from './fuzz';
import type { Dialect } from './lib/targets';

/** What one run found, per part and per database; the file bench/results/reliability-<date>.json. */
export interface Results {
  format: 'gongzhi-reliability/1';
  date: string;
  command: string;
  form: 'long' | 'short';
  seed: number;
  durationMs: number;
  machine: { cpus: number; node: string };
  crash: Partial<Record<Dialect, CrashResult>>;
  faults: Partial<Record<Dialect, FaultResult>>;
  fuzz: Partial<Record<Dialect, FuzzResult>>;
  abuse: Partial<Record<Dialect, AbuseResult>>;
  summary: Summary;
}

export interface Summary {
  /** Orders and ballots acknowledged with a 2xx, over every crash and database outage. */
  acknowledged: number;
  foundAfterCrash: number;
  lost: number;
  duplicated: number;
  unresolved: number;
  chainsBroken: number;
  fuzzCasesRun: number;
  /** 5xx answers seen anywhere (a 503 while the database is away is expected and not counted). */
  serverErrors: number;
  leaks: number;
  schemaMismatches: number;
  abuseFailures: number;
  faultsHandled: boolean;
  passed: boolean;
}

const values = <T>(r: Partial<Record<Dialect, T>>): T[] => Object.values(r) as T[];
const sum = <T>(items: T[], f: (x: T) => number) => items.reduce((n, x) => n + f(x), 0);

export function summarise(r: Pick<Results, 'crash' | 'faults' | 'fuzz' | 'abuse'>): Summary {
  const writes = [...values(r.crash), ...values(r.faults)];
  const fuzz = values(r.fuzz);
  const abuse = values(r.abuse);
  const faults = values(r.faults);
  const s = {
    acknowledged: sum(writes, (x) => x.acknowledged),
    foundAfterCrash: sum(writes, (x) => x.found),
    lost: sum(writes, (x) => x.lost),
    duplicated: sum(writes, (x) => x.duplicated),
    unresolved: sum(writes, (x) => x.unresolved),
    chainsBroken: sum(writes, (x) => x.chainsBroken.length),
    fuzzCasesRun: sum(fuzz, (x) => x.casesRun),
    serverErrors:
      sum(writes, (x) => x.serverErrors) +
      sum(fuzz, (x) => x.serverErrors + x.noAnswer) +
      sum(abuse, (x) => x.serverErrors),
    leaks: sum(fuzz, (x) => x.leaks),
    schemaMismatches: sum(fuzz, (x) => x.schemaMismatches),
    abuseFailures: sum(abuse, (x) => x.failures.length),
    faultsHandled: faults.every(
      (f) =>
        f.serverStayedUp &&
        f.readyzNotReady &&
        f.clearErrorsWhileDown === sum(Object.entries(f.answersWhileDown), ([, n]) => n),
    ),
  };
  const passed =
    s.lost === 0 &&
    s.duplicated === 0 &&
    s.unresolved === 0 &&
    s.chainsBroken === 0 &&
    s.serverErrors === 0 &&
    s.leaks === 0 &&
    s.schemaMismatches === 0 &&
    s.abuseFailures === 0 &&
    s.faultsHandled &&
    fuzz.every((f) => f.serverAliveAfter);
  return { ...s, passed };
}

/** The run in a few lines a person reads at the end of the output. */
export function table(r: Results): string {
  const lines = [`Reliability (${r.form} form, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(0)} s)`];
  for (const [db, c] of Object.entries(r.crash))
    lines.push(
      `  crash     ${db.padEnd(9)} ${c.kills} kills: ${c.acknowledged} acknowledged, ${c.found} found, ${c.lost} lost, ` +
        `${c.duplicated} duplicated; ${c.noAnswer} unanswered, ${c.acknowledgedOnRetry} acknowledged on retry; ` +
        `${c.chainsChecked} chains ok: ${c.chainsBroken.length === 0}`,
    );
  for (const [db, f] of Object.entries(r.faults))
    lines.push(
      `  db faults ${db.padEnd(9)} ${f.outages} outages: ${f.acknowledged} acknowledged, ${f.lost} lost, ${f.duplicated} duplicated; ` +
        `while down ${JSON.stringify(f.answersWhileDown)}, back in ${f.recoveryMs} ms, server stayed up: ${f.serverStayedUp}`,
    );
  for (const [db, f] of Object.entries(r.fuzz))
    lines.push(
      `  fuzz      ${db.padEnd(9)} ${f.casesRun} cases over ${f.operations} operations: ${f.serverErrors} 5xx, ` +
        `${f.noAnswer} unanswered, ${f.leaks} leaks, ${f.schemaMismatches} schema mismatches, ${f.badErrorBodies} odd error bodies`,
    );
  for (const [db, a] of Object.entries(r.abuse))
    lines.push(
      `  abuse     ${db.padEnd(9)} login burst: ${a.loginPerAccount.checked}/${a.loginPerAccount.attempts} checked; ` +
        `uploads ${a.uploads.filter((u) => u.ok).length}/${a.uploads.length} ok; bombs ${a.bomb.map((b) => b.status).join('/')}; ` +
        `scope: ${sum(a.scopes, (s) => s.lists)} lists, ${sum(a.scopes, (s) => s.itemsSeen)} rows, ${a.failures.length} failures`,
    );
  const s = r.summary;
  lines.push(
    `  total: acknowledged ${s.acknowledged}, found ${s.foundAfterCrash}, lost ${s.lost}, duplicated ${s.duplicated}, ` +
      `fuzz cases ${s.fuzzCasesRun}, 5xx ${s.serverErrors} — ${s.passed ? 'PASSED' : 'FAILED'}`,
  );
  return lines.join('\n');
}
