import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/deps';
import { messyRows, readBack, workbook } from '../../src/modules/roster/roster.testkit';
import { freshDeps } from '../support/deps';
import { buildWorld, type World } from '../support/world';

/** `gongzhi import` and `gongzhi export` as an operator runs them, on a database of their own. */

const bin = path.resolve('bin/gongzhi');
let deps: Deps & { cleanup(): Promise<void> };
let world: World;
let sheet: string;

beforeAll(async () => {
  deps = await freshDeps();
  world = await buildWorld(deps);
  const { rows, merges } = messyRows();
  sheet = path.join(deps.config.dataDir, '花名册.xlsx');
  fs.writeFileSync(sheet, await workbook(rows, merges));
});
afterAll(() => deps.cleanup());

const gongzhi = (...args: string[]) =>
  spawnSync(bin, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: deps.config.dataDir,
      SECRET_KEY: deps.config.secretKey!,
      DEFAULT_LOCALE: 'zh-CN',
    },
    timeout: 60_000,
  });

const rooms = async () =>
  (await deps.db.selectFrom('rooms').select('number').where('compound_id', '=', world.compoundA1).execute())
    .length;

// Each run starts tsx afresh (a few seconds on a busy machine).
describe('gongzhi import', { timeout: 120_000 }, () => {
  it('explains itself', () => {
    for (const command of ['import', 'export']) {
      const help = gongzhi(command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`Usage: gongzhi ${command}`);
    }
  });

  it('lists the problems per row on a dry run and refuses a file with errors, writing nothing', async () => {
    const res = gongzhi(
      'import',
      '--community',
      'A',
      '--compound',
      '甲一小区',
      sheet,
      '--dry-run',
      '--lang',
      'en',
    );
    expect(res.status).toBe(1);
    expect(res.stdout).toContain(
      '甲社区 / 甲一小区: sheet "花名册", header on row 2, 12 rows read (2 blank)',
    );
    expect(res.stdout).toContain('  row 7 I7 联系电话  error: Phone “12345” is not a valid mobile number');
    expect(res.stdout).toContain(
      '  row 9 J9 身份证号  error: ID number “1101**********0021” fails its check digit',
    );
    expect(res.stdout).toContain('  row 14  warning: The same as row 5; ignored');
    expect(res.stdout).toContain(
      '5 rows to import: 2 buildings (+1 existing), 2 entrances (+1 existing), 3 rooms (+1 existing), 3 households, 4 people, 4 residencies',
    );
    expect(res.stderr.trim()).toBe(
      'Error: 6 rows have errors; fix them and upload again, or choose to exclude those rows (--exclude-rows 7,8,9,10,11,12)',
    );
    expect(await rooms()).toBe(1);
  });

  it('says what a dry run leaving out the bad rows would do, in Chinese by default', async () => {
    const res = gongzhi(
      'import',
      '--community',
      'A',
      '--compound',
      '甲一小区',
      sheet,
      '--dry-run',
      '--exclude-bad-rows',
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('第 7 行 I7 联系电话  错误: 电话“12345”不是有效的手机号');
    expect(res.stdout).toContain('排除的行：7, 8, 9, 10, 11, 12');
    expect(res.stdout).toContain('试运行：没有写入任何数据。');
    expect(await rooms()).toBe(1);
  });

  it('imports the good rows like the API, once', async () => {
    const res = gongzhi(
      'import',
      '--community',
      world.communityA,
      '--compound',
      world.compoundA1,
      sheet,
      '--exclude-rows',
      '7-12',
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('已导入 5 行。');
    expect(await rooms()).toBe(4);
    const again = gongzhi(
      'import',
      '--community',
      'A',
      '--compound',
      '甲一小区',
      sheet,
      '--exclude-rows',
      '7-12',
    );
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('可导入 5 行: 0 楼栋（沿用 3），0 单元（沿用 3），0 房屋（沿用 4）');
    expect(await rooms()).toBe(4);
    const audit = await deps.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'request_id'])
      .where('action', '=', 'roster.import')
      .execute();
    expect(audit).toEqual([
      { actor_account_id: null, request_id: 'cli' },
      { actor_account_id: null, request_id: 'cli' },
    ]);
  });

  it('fails in one line on what it cannot find or read', () => {
    const cases: [string[], string][] = [
      [['--community', 'Z', '--compound', '甲一小区', sheet], 'Error: No community has the id or code "Z"'],
      [
        ['--community', 'A', '--compound', '乙一小区', sheet],
        'Error: The community has no compound with the id or name "乙一小区"',
      ],
      [
        ['--community', 'A', '--compound', '甲一小区', '/nonexistent.xlsx'],
        'Error: Cannot read /nonexistent.xlsx',
      ],
      [
        ['--community', 'A', '--compound', '甲一小区', bin, '--lang', 'en'],
        'Error: This is not an .xlsx file',
      ],
      [
        ['--community', 'A', '--compound', '甲一小区', sheet, '--exclude-rows', 'x'],
        'Error: --exclude-rows takes',
      ],
    ];
    for (const [args, message] of cases) {
      const res = gongzhi('import', ...args);
      expect(res.status, args.join(' ')).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr.trim()).toContain(message);
    }
  });
});

describe('gongzhi export', { timeout: 120_000 }, () => {
  it('writes a list to .xlsx, narrowed to a compound', async () => {
    const out = path.join(deps.config.dataDir, 'rooms.xlsx');
    const res = gongzhi(
      'export',
      '--community',
      'A',
      '--what',
      'rooms',
      '--compound',
      '甲一小区',
      '--out',
      out,
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe(`已导出 4 行到 ${out}`);
    const [header, ...rows] = await readBack(fs.readFileSync(out));
    expect(header).toEqual(expect.arrayContaining(['小区', '楼栋', '房号', '面积（㎡）']));
    expect(rows.map((r) => r[header!.indexOf('房号')]).sort()).toEqual(['101', '101', '102', '301']);
    expect(new Set(rows.map((r) => r[header!.indexOf('小区')]))).toEqual(new Set(['甲一小区']));

    const people = path.join(deps.config.dataDir, 'people.xlsx');
    const en = gongzhi('export', '--community', 'A', '--what', 'people', '--out', people, '--lang', 'en');
    expect(en.status, en.stderr).toBe(0);
    const [peopleHeader, ...persons] = await readBack(fs.readFileSync(people));
    expect(persons).toHaveLength(4);
    expect(persons.map((p) => p[peopleHeader!.indexOf('Phone')])).toContain('138****5678');
  });

  it('refuses a list it does not know, in one line', () => {
    const res = gongzhi('export', '--community', 'A', '--what', 'secrets', '--out', '/tmp/x.xlsx');
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("argument 'secrets' is invalid");
  });
});
