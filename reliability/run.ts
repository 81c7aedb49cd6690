import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { dialects, type Dialect } from './lib/targets';
import { table } from './report';
import { parts, plan, runPlan, type Part } from './suite';

/**
 * `npm run reliability [-- --short] [--seed N] [--db sqlite,postgres] [--parts crash,faults,fuzz,abuse]`:
 * runs the suite against real server processes and writes bench/results/reliability-<date>.json.
 * Exit status 0 when nothing was lost or duplicated and no 5xx, leak or abuse failure was seen.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const list =
  <T extends string>(allowed: readonly T[]) =>
  (value: string) => {
    const items = value.split(',').map((v) => v.trim()) as T[];
    const unknown = items.find((i) => !allowed.includes(i));
    if (unknown) throw new Error(`unknown ${unknown}; choose from ${allowed.join(', ')}`);
    return items;
  };

const options = new Command('reliability')
  .description('crash, database-fault, fuzz and abuse checks against a real server')
  .addOption(new Option('--short', 'the quick form that runs inside npm test'))
  .addOption(
    new Option('--seed <n>', 'seed for the load and the fuzz cases').default('20261125').argParser(Number),
  )
  .addOption(new Option('--db <list>', 'databases').default([...dialects]).argParser(list(dialects)))
  .addOption(new Option('--parts <list>', 'parts to run').default([...parts]).argParser(list(parts)))
  .addOption(
    new Option('--out <file>', 'where to write the results (default bench/results/reliability-<date>.json)'),
  )
  .parse()
  .opts<{ short?: boolean; seed: number; db: Dialect[]; parts: Part[]; out?: string }>();

const chosen = { ...plan(options.short ? 'short' : 'long', options.seed), dialects: options.db };
chosen.parts = chosen.parts.filter((p) => options.parts.includes(p));
const results = await runPlan(chosen, (line) => console.log(line));
const out =
  options.out ??
  path.join(root, 'bench/results', `reliability-${results.date}${options.short ? '-short' : ''}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${table(results)}\n\nwritten to ${path.relative(process.cwd(), out)}`);
process.exit(results.summary.passed ? 0 : 1);
