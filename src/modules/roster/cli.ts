import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import { AppError } from '../../core/errors';
import { translate } from '../../core/i18n';
import { buildApp } from '../../server';
import { exportList, ListError } from './export';
import { parseRowList, RosterFileError } from './parse';
import { describeRosterProblem } from './problems';
import { maxUploadBytes, readRosterGrid } from './sheet';
import { applyPlan, assessRoster, type ImportResult } from './store';
import type { Summary } from './plan';

/**
 * `gongzhi import` and `gongzhi export`: the same checks, plan and export as the API, run by the
 * operator on the server's database. They return what to print; src/cli.ts prints it.
 */

/** A failure the operator can act on, in their language: one line, non-zero exit. */
export class CliError extends Error {}

function explain(err: unknown, locale: Locale): never {
  if (err instanceof AppError) throw new CliError(translate(err.code, locale, err.params));
  if (err instanceof RosterFileError) throw new CliError(translate(err.code, locale, err.params));
  throw err;
}

export async function findCommunity(deps: Deps, ref: string) {
  const row = await deps.db
    .selectFrom('communities')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', '=', ref), eb('code', '=', ref)]))
    .executeTakeFirst();
  if (!row) throw new CliError(`No community has the id or code "${ref}"`);
  return row;
}

export async function findCompound(deps: Deps, communityId: string, ref: string) {
  const rows = await deps.db
    .selectFrom('compounds')
    .select(['id', 'name', 'archived_at'])
    .where('community_id', '=', communityId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref.trim())]))
    .execute();
  if (!rows.length) throw new CliError(`The community has no compound with the id or name "${ref}"`);
  return rows[0]!;
}

const summaryWords: Record<Locale, Record<keyof Summary, string>> = {
  'zh-CN': {
    buildings: '楼栋',
    entrances: '单元',
    rooms: '房屋',
    households: '户',
    people: '居民',
    residencies: '入户登记',
  },
  en: {
    buildings: 'buildings',
    entrances: 'entrances',
    rooms: 'rooms',
    households: 'households',
    people: 'people',
    residencies: 'residencies',
  },
};

export function describeSummary(summary: Summary, locale: Locale): string {
  const words = summaryWords[locale];
  return (Object.keys(words) as (keyof Summary)[])
    .map((k) => {
      const c = summary[k];
      const existing =
        'existing' in c && c.existing
          ? locale === 'en'
            ? ` (+${c.existing} existing)`
            : `（沿用 ${c.existing}）`
          : '';
      return `${c.created} ${words[k]}${existing}`;
    })
    .join(locale === 'en' ? ', ' : '，');
}

export interface ImportOptions {
  community: string;
  compound: string;
  file: string;
  dryRun: boolean;
  excludeRows?: string;
  excludeBadRows?: boolean;
  locale: Locale;
}

/**
 * Checks a roster file and, unless it is a dry run, imports it. `print` gets the report line by
 * line; an import refused for errors, or a dry run that would be, ends in a CliError.
 */
export async function importRosterFile(
  deps: Deps,
  options: ImportOptions,
  print: (line: string) => void,
  onProgress: (done: number, total: number) => void,
): Promise<ImportResult | null> {
  const { locale } = options;
  const en = locale === 'en';
  const community = await findCommunity(deps, options.community);
  const compound = await findCompound(deps, community.id, options.compound);
  if (compound.archived_at !== null)
    throw new CliError(translate('parent_archived', locale, { name: compound.name }));
  let file: Buffer;
  try {
    file = fs.readFileSync(options.file);
  } catch (err) {
    throw new CliError(`Cannot read ${options.file}: ${(err as Error).message}`);
  }
  if (file.length > maxUploadBytes) throw new CliError(translate('payload_too_large', locale));
  const excluded = parseRowList(options.excludeRows ?? '');
  if (!excluded) throw new CliError('--exclude-rows takes row numbers and ranges, such as 3,5,9-12');

  const assess = async (rows: Iterable<number>) => {
    try {
      return await assessRoster(
        deps.db,
        deps.vault,
        community.id,
        compound.id,
        await readRosterGrid(file),
        new Set(rows),
      );
    } catch (err) {
      return explain(err, locale);
    }
  };
  let leftOut = excluded;
  let assessment = await assess(leftOut);
  // The problems as first found, even of the rows --exclude-bad-rows then leaves out.
  const { problems } = assessment;
  // Leaving rows out can only remove problems of other rows, so this ends.
  while (options.excludeBadRows && assessment.badRows.length) {
    leftOut = [...leftOut, ...assessment.badRows];
    assessment = await assess(leftOut);
  }

  const { parsed, plan } = assessment;
  print(
    en
      ? `${community.name} / ${compound.name}: sheet "${parsed.sheet}", header on row ${parsed.headerRow}, ${parsed.rows.length} rows read (${parsed.blankRows} blank)`
      : `${community.name} / ${compound.name}：工作表“${parsed.sheet}”，表头在第 ${parsed.headerRow} 行，读到 ${parsed.rows.length} 行（空行 ${parsed.blankRows}）`,
  );
  for (const p of problems) {
    const where = [en ? `row ${p.row}` : `第 ${p.row} 行`, p.cell, p.column].filter(Boolean).join(' ');
    const level = p.level === 'error' ? (en ? 'error' : '错误') : en ? 'warning' : '提示';
    print(`  ${where}  ${level}: ${describeRosterProblem(p, locale)}`);
  }
  if (leftOut.length) {
    const rows = [...new Set(leftOut)].sort((a, b) => a - b).join(', ');
    print(en ? `Rows left out: ${rows}` : `排除的行：${rows}`);
  }
  print(
    `${en ? `${plan.rows.length} rows to import` : `可导入 ${plan.rows.length} 行`}: ${describeSummary(plan.summary, locale)}`,
  );
  if (assessment.badRows.length)
    throw new CliError(
      `${translate('roster_has_errors', locale, { count: assessment.badRows.length })} (--exclude-rows ${assessment.badRows.join(',')})`,
    );
  if (options.dryRun) {
    print(en ? 'Dry run: nothing was written.' : '试运行：没有写入任何数据。');
    return null;
  }
  const result = await applyPlan(
    deps.db,
    deps.vault,
    { communityId: community.id, compoundId: compound.id },
    plan,
    { actorAccountId: null, ip: null, requestId: 'cli' },
    onProgress,
  );
  print(en ? `Imported ${result.rows} rows.` : `已导入 ${result.rows} 行。`);
  return result;
}

export const exportable = ['rooms', 'people', 'households', 'buildings'] as const;

/**
 * The server's app in this process, acting as the operator: every community's lists, numbers
 * masked (the operator is a platform administrator, who unmasks nothing). It never listens.
 */
async function operatorApp(deps: Deps): Promise<FastifyInstance> {
  const app = await buildApp(deps, { logger: false, lazySchemas: true });
  app.addHook('onRequest', async (req) => {
    req.principal = { accountId: 'cli', platformAdmin: true, grants: [] };
  });
  await app.ready();
  return app;
}

export async function exportListFile(
  deps: Deps,
  options: {
    community: string;
    what: (typeof exportable)[number];
    compound?: string;
    out: string;
    locale: Locale;
  },
): Promise<string> {
  const community = await findCommunity(deps, options.community);
  const compound = options.compound ? await findCompound(deps, community.id, options.compound) : null;
  const app = await operatorApp(deps);
  try {
    const result = await exportList(app, {
      path: `/communities/${community.id}/${options.what}`,
      query: compound ? { compoundId: compound.id } : {},
      headers: { 'accept-language': options.locale },
      locale: options.locale,
    }).catch((err: unknown) => {
      if (err instanceof ListError)
        throw new CliError((err.body as { error?: { message?: string } })?.error?.message ?? err.message);
      return explain(err, options.locale);
    });
    fs.writeFileSync(options.out, result.file);
    const more = result.total > result.rows ? ` (of ${result.total})` : '';
    return options.locale === 'en'
      ? `Exported ${result.rows}${more} rows to ${options.out}`
      : `已导出 ${result.rows}${more} 行到 ${options.out}`;
  } finally {
    await app.close();
  }
}
