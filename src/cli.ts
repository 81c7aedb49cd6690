import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type Config } from './core/config';
import { openRuntime } from './core/runtime';
import { backupDatabase, defaultBackupFile } from './core/db/backup';
import { buildApp } from './server';
import { jobs } from './modules';
import { startJobs } from './core/jobs';
import { createAccount } from './modules/auth/service';
import { AppError } from './core/errors';
import { translate } from './core/i18n';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/** Runs a command body, turning an expected failure into one line on stderr and a non-zero exit. */
async function run(body: () => Promise<void>) {
  try {
    await body();
  } catch (err) {
    const message =
      err instanceof AppError
        ? translate(err.code, 'en', err.params)
        : err instanceof Error
          ? err.message
          : String(err);
    console.error(`Error: ${message}`);
    process.exit(1);
  }
}

const program = new Command('gongzhi')
  .description('Gongzhi 共治 — co-governance for residential communities')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the web server (migrates the database first)')
  .addOption(new Option('--seed-demo-if-empty', 'load the demo community when the database is empty'))
  .action((opts: { seedDemoIfEmpty?: boolean }) =>
    run(async () => {
      const config = configOrExit();
      const deps = await openRuntime(config);
      const app = await buildApp(deps);
      if (opts.seedDemoIfEmpty) {
        const { seedDemoIfEmpty } = await import('./modules/demo/seed');
        const seeded = await seedDemoIfEmpty(deps);
        if (seeded) console.log((await import('./modules/demo/report')).demoReport(seeded));
      }
      const scheduler = startJobs(deps, jobs, app.log);
      closeWithGrace({ delay: 10_000 }, async ({ err }) => {
        if (err) app.log.error({ err }, 'shutting down after an error');
        await scheduler.stop();
        await app.close();
        await deps.events.close();
        await deps.database.close();
      });
      const address = await app.listen({ host: config.host, port: config.port });
      console.log(`\nGongzhi is running at ${address.replace('127.0.0.1', 'localhost')}`);
      console.log(`  API reference: ${address}/api/docs`);
      console.log(
        `  Database: ${deps.database.dialect} (${deps.database.dialect === 'sqlite' ? deps.database.location : 'DATABASE_URL'})\n`,
      );
    }),
  );

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(() =>
    run(async () => {
      const deps = await openRuntime(configOrExit());
      console.log(`Database schema is up to date (${deps.database.dialect}).`);
      await deps.database.close();
    }),
  );

program
  .command('backup')
  .description('write a consistent copy of the database while the server keeps running')
  .option('--out <file>', 'where to write it (default: DATA_DIR/backups/gongzhi-<time>.sqlite or .dump)')
  .action((opts: { out?: string }) =>
    run(async () => {
      const config = configOrExit();
      const deps = await openRuntime(config);
      try {
        const file = opts.out ?? defaultBackupFile(config.dataDir, deps.database.dialect);
        const result = await backupDatabase(deps.database, file);
        console.log(`Backup written to ${result.file} (${Math.round(result.bytes / 1024)} KiB).`);
        console.log(
          'Keep DATA_DIR/secret.key (or SECRET_KEY) with it: phone and ID numbers cannot be read without the key.',
        );
      } finally {
        await deps.database.close();
      }
    }),
  );

program
  .command('seed-demo')
  .description(
    'load the demo street: two communities, four compounds, their people, and a login for every role',
  )
  .addHelpText(
    'after',
    `
The demo street 湘江街道（演示） (code DEMO-ST) is fictional and shaped like the communities in the
articles: 枫华家园, an old 912-home compound with two party branches, a property company and an
owners' committee whose chair is also the branch secretary (一肩挑); 杉溪安置小区, 264 homes with no
property company (无物业); 南市街小区, with shops on the market street and a garage of parking
spaces; 金橘苑, whose committee term ends in February 2027 with the next one being prepared.

It is written in one transaction next to whatever else the database holds. When DEMO-ST is
already there the command says so and changes nothing. All demo logins use the password
gongzhi2026 and phone numbers 1380000xxxx; they are listed when the load finishes.`,
  )
  .action(() =>
    run(async () => {
      const deps = await openRuntime(configOrExit());
      try {
        const { demoExists, demoStreetCode, seedDemo } = await import('./modules/demo/seed');
        if (await demoExists(deps)) {
          console.log(`The demo street (${demoStreetCode}) is already loaded; nothing changed.`);
          return;
        }
        const { demoReport } = await import('./modules/demo/report');
        console.log(demoReport(await seedDemo(deps)));
      } finally {
        await deps.database.close();
      }
    }),
  );

program
  .command('seed-bench')
  .description('load the synthetic city the benchmarks run on (npm run bench), into a fresh database')
  .addOption(
    new Option('--scale <scale>', 'small (CI-sized) or city (the full benchmark)')
      .choices(['small', 'city'])
      .default('small'),
  )
  .option('--seed <n>', 'the random seed: the same seed draws the same city', '1')
  .option('--database-url <url>', 'PostgreSQL to load into, instead of DATABASE_URL or the SQLite file')
  .addHelpText(
    'after',
    `
city: 10 communities × 10 compounds × 1,000 rooms with ~250k people, 1M service orders over two
years with their timelines, 200 closed owners' assemblies, and a new town of 100k rooms whose
assembly is open. small: the same shape in miniature, seeded in seconds. Bulk multi-row inserts,
one transaction per community and per chunk of orders; rows/s and the time are printed. The load
accounts and ids are written to DATA_DIR/bench-manifest.json for bench/run.ts.`,
  )
  .action((opts: { scale: 'small' | 'city'; seed: string; databaseUrl?: string }) =>
    run(async () => {
      if (!/^\d+$/.test(opts.seed)) throw new Error('--seed must be a whole number');
      if (opts.databaseUrl) process.env.DATABASE_URL = opts.databaseUrl;
      const deps = await openRuntime(configOrExit());
      try {
        const { seedBench } = await import('../bench/seed');
        const report = await seedBench(deps, { scale: opts.scale, seed: Number(opts.seed) }, (line) =>
          console.log(line),
        );
        console.log(JSON.stringify(report, null, 2));
      } finally {
        await deps.database.close();
      }
    }),
  );

program
  .command('create-admin')
  .description(
    'create a platform administrator account, who can open streets and grant street administrators',
  )
  .requiredOption('--phone <phone>', 'mobile number used to log in')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--password <password>', 'at least 8 characters with letters and digits')
  .action((opts: { phone: string; name: string; password: string }) =>
    run(async () => {
      const deps = await openRuntime(configOrExit());
      try {
        const account = await createAccount(deps.db, deps.vault, {
          phone: opts.phone,
          displayName: opts.name,
          password: opts.password,
          platformAdmin: true,
        });
        console.log(`Created platform administrator ${account.display_name} (${account.id}).`);
      } finally {
        await deps.database.close();
      }
    }),
  );

const reportLanguage = () =>
  new Option('--lang <language>', 'language of the report (default: DEFAULT_LOCALE)').choices([
    'zh-CN',
    'en',
  ]);

program
  .command('import')
  .description('import a compound’s roster (花名册) from an .xlsx file: buildings, rooms, households, people')
  .argument('<file>', 'the .xlsx file')
  .requiredOption('--community <id|code>', 'the community')
  .requiredOption('--compound <id|name>', 'the compound to import into')
  .option('--dry-run', 'check the file and say what it would create, writing nothing')
  .option('--exclude-rows <rows>', 'sheet rows to leave out, e.g. 3,5,9-12')
  .option('--exclude-bad-rows', 'leave out every row with an error')
  .addOption(reportLanguage())
  .addHelpText(
    'after',
    `
The file is checked exactly as the console's preview checks it: every problem is listed by row and
column. A file with errors imports nothing unless those rows are left out (--exclude-rows, as
listed, or --exclude-bad-rows). All remaining rows are written in one transaction or none are.
Buildings, entrances, rooms and people already registered are reused, so importing twice adds
nothing. Download a template from the console (花名册导入) to see the columns.`,
  )
  .action(
    (
      file: string,
      opts: {
        community: string;
        compound: string;
        dryRun?: boolean;
        excludeRows?: string;
        excludeBadRows?: boolean;
        lang?: 'zh-CN' | 'en';
      },
    ) =>
      run(async () => {
        const config = configOrExit();
        const deps = await openRuntime(config);
        try {
          const { importRosterFile } = await import('./modules/roster/cli');
          await importRosterFile(
            deps,
            { ...opts, file, dryRun: !!opts.dryRun, locale: opts.lang ?? config.defaultLocale },
            (line) => console.log(line),
            (done, total) => {
              if (process.stderr.isTTY)
                process.stderr.write(`\r${done}/${total}${done === total ? '\n' : ''}`);
            },
          );
        } finally {
          await deps.database.close();
        }
      }),
  );

program
  .command('export')
  .description('export a community’s list to an .xlsx file, as the console’s “Export” button does')
  .requiredOption('--community <id|code>', 'the community')
  .addOption(
    new Option('--what <list>', 'which list')
      .choices(['rooms', 'people', 'households', 'buildings'])
      .makeOptionMandatory(),
  )
  .option('--compound <id|name>', 'only this compound')
  .requiredOption('--out <file>', 'the .xlsx file to write')
  .addOption(reportLanguage())
  .addHelpText('after', '\nPhone and ID numbers are exported masked, as the lists show them.')
  .action(
    (opts: {
      community: string;
      what: 'rooms' | 'people' | 'households' | 'buildings';
      compound?: string;
      out: string;
      lang?: 'zh-CN' | 'en';
    }) =>
      run(async () => {
        const config = configOrExit();
        const deps = await openRuntime(config);
        try {
          const { exportListFile } = await import('./modules/roster/cli');
          console.log(await exportListFile(deps, { ...opts, locale: opts.lang ?? config.defaultLocale }));
        } finally {
          await deps.database.close();
        }
      }),
  );

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

program
  .command('recount')
  .description('recount an owners’ vote offline from its exported ballot bundle (gongzhi-ballot-bundle/1)')
  .argument('<file>', 'the bundle file, or - to read it from standard input')
  .addHelpText(
    'after',
    `
Counts exactly as the server does (Civil Code art. 278: quorum of 2/3 of area and heads, approval by
more than half or by 3/4 of the participating area and heads) and prints the result as JSON. When the
ballots carry hashes, the chain is checked first and its last hash is printed as chainHead, to compare
with the one on the published results. Needs no database and no configuration.

Exit status: 0 counted; 2 the file is not a valid bundle; 3 the hash chain is broken (the first bad
seq is named).`,
  )
  .action((file: string) =>
    run(async () => {
      const { BundleError, ChainError, parseBundle, recount } = await import('./modules/votes/bundle');
      const name = file === '-' ? 'standard input' : file;
      const fail = (status: number, message: string) => {
        console.error(`Error: ${message}`);
        process.exitCode = status;
      };
      let source: string;
      try {
        source = file === '-' ? await readStdin() : await readFile(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return fail(2, `cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      try {
        const bundle = parseBundle(source);
        const result = recount(bundle);
        // recount has verified every hash, so the last ballot's is the chain's head.
        const chainHead = bundle.ballots.at(-1)?.hash;
        console.log(
          JSON.stringify({ ...result, ...(typeof chainHead === 'string' && { chainHead }) }, null, 2),
        );
      } catch (err) {
        if (err instanceof BundleError)
          return fail(2, `${name} is not a valid ballot bundle: ${err.message}`);
        if (err instanceof ChainError) return fail(3, err.message);
        throw err;
      }
    }),
  );

await program.parseAsync(process.argv);
