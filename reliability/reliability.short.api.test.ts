import { describe, expect, it, inject } from 'vitest';
import { testDialect } from '../test/support/deps';
import { table } from './report';
import { plan, runPlan } from './suite';

/**
 * The reliability suite's short form, on this project's database: the real server in a child
 * process with the demo street, killed once mid-burst of orders and ballots and restarted; every
 * operation of the OpenAPI document fuzzed once; the abuse checks. `npm run reliability` runs the
 * long form and writes the figures the README quotes.
 */
describe(`reliability, short form (${testDialect})`, () => {
  it('loses nothing, duplicates nothing, answers no 5xx, leaks nothing, holds its limits', async () => {
    const p = { ...plan('short', 20261125), dialects: [testDialect] as const };
    if (testDialect === 'postgres') p.pgAdminUrl = inject('pgAdminUrl');
    const results = await runPlan(p);
    const findings = [
      ...Object.values(results.fuzz).flatMap((f) =>
        f.findings.map((x) => `${x.status} ${x.method} ${x.url} (${x.mutation}): ${x.problem}`),
      ),
      ...Object.values(results.abuse).flatMap((a) => a.failures),
      ...Object.values(results.crash).flatMap((c) => [...c.samples, ...c.chainsBroken]),
    ];
    expect(results.summary.passed, `${table(results)}\n${findings.join('\n')}`).toBe(true);
    expect(results.summary.acknowledged).toBeGreaterThan(0);
    expect(results.summary.fuzzCasesRun).toBeGreaterThan(300);
  }, 180_000);
});
