import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { readRosterGrid } from './sheet';
import { applyPlan, assessRoster } from './store';
import {
  fixedRows,
  finished,
  messyRows,
  readBack,
  rosterHeader,
  upload,
  workbook,
  type Row,
} from './roster.testkit';

let t: TestContext;
let staff: Client;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  base = `/api/v1/communities/${t.world.communityA}/compounds/${t.world.compoundA1}/roster`;
});
afterAll(() => t.close());

const count = async (table: 'buildings' | 'entrances' | 'rooms' | 'households' | 'people' | 'residencies') =>
  Number(
    (
      await t.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('community_id', '=', t.world.communityA)
        .executeTakeFirstOrThrow()
    ).n,
  );
const counts = async () => ({
  buildings: await count('buildings'),
  entrances: await count('entrances'),
  rooms: await count('rooms'),
  households: await count('households'),
  people: await count('people'),
  residencies: await count('residencies'),
});

async function importSheet(client: Client, file: Buffer, query = '', url = base) {
  const res = await upload(client, `${url}/import${query}`, file);
  expect(res.statusCode, res.body).toBe(202);
  const job = await finished(client, `${url}/jobs/${res.json().id}`);
  expect(job.status, job.error ?? '').toBe('done');
  return job as { result: { rows: number; summary: Record<string, { created: number; existing?: number }> } };
}

describe('roster template', () => {
  it('downloads with Chinese headers, an example sheet and a UTF-8 file name; as is, it previews empty', async () => {
    const res = await staff.get(`${base}/template.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('花名册模板-甲一小区.xlsx')}`,
    );
    const file = res.rawPayload;
    const [header] = await readBack(file, 0);
    expect(header).toEqual([
      '楼栋',
      '单元',
      '房号',
      '楼层',
      '面积',
      '面积来源',
      '用途',
      '姓名',
      '电话',
      '身份证号',
      '与户主关系',
      '是否党员',
    ]);
    const example = await readBack(file, 1);
    expect(example.length).toBeGreaterThan(1);
    expect(example[1]!.slice(0, 3)).toEqual(['1栋', '1单元', '101']);

    const preview = await upload(staff, `${base}/preview`, file);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ sheet: '花名册', rows: 0, problems: [], badRows: [] });
  });

  it('shows its example rows as importable without a problem', async () => {
    const example = await readBack((await staff.get(`${base}/template.xlsx`)).rawPayload, 1);
    const preview = await upload(staff, `${base}/preview`, await workbook(example as Row[]));
    expect(preview.json().problems.filter((p: { level: string }) => p.level === 'error')).toEqual([]);
    expect(preview.json().rowsToImport).toBe(4);
  });
});

describe('roster preview', () => {
  it('lists every problem of a messy sheet by row and column, in the caller’s language', async () => {
    const { rows, merges } = messyRows();
    const before = await counts();
    const res = await upload(staff, `${base}/preview`, await workbook(rows, merges));
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ sheet: '花名册', headerRow: 2, rows: 12, blankRows: 2, rowsToImport: 5 });
    expect(
      preview.problems.map(
        (p: { row: number; cell: string; column: string; level: string; code: string }) => [
          p.row,
          p.cell,
          p.column,
          p.level,
          p.code,
        ],
      ),
    ).toEqual([
      [7, 'I7', '联系电话', 'error', 'phone_invalid'],
      [8, 'E8', '面积（㎡）', 'error', 'area_format'],
      [9, 'J9', '身份证号', 'error', 'id_checksum'],
      [10, 'A10', '楼栋', 'error', 'building_missing'],
      [11, 'C11', '房号', 'error', 'room_missing'],
      [12, 'E12', '面积（㎡）', 'error', 'room_conflict'],
      [14, null, null, 'warning', 'duplicate_row'],
      [16, 'E16', '面积（㎡）', 'warning', 'room_area_kept'],
    ]);
    const messages = Object.fromEntries(
      preview.problems.map((p: { cell: string; row: number; message: string }) => [
        p.cell ?? p.row,
        p.message,
      ]),
    );
    expect(messages).toMatchObject({
      I7: '电话“12345”不是有效的手机号',
      E8: '面积“约90”无法识别，应为平方米数，如 89.57',
      J9: '身份证号“1101**********0021”的校验位不对，请核对',
      A10: '楼栋为空',
      C11: '房号为空',
      E12: '与第 3 行是同一房屋，但面积不同（“95”与“89.5㎡”）',
      14: '与第 5 行完全相同，已忽略',
      E16: '该房屋已登记面积 89.57 平方米，导入不改面积（如需修改请到房屋页面）',
    });
    expect(preview.badRows).toEqual([7, 8, 9, 10, 11, 12]);
    expect(preview.ignoredRows).toEqual([14]);
    expect(preview.summary).toEqual({
      buildings: { created: 2, existing: 1 },
      entrances: { created: 2, existing: 1 },
      rooms: { created: 3, existing: 1 },
      households: { created: 3, existing: 0 },
      people: { created: 4, existing: 0 },
      residencies: { created: 4 },
    });
    // The rows as read: the merged building, the area's units and the phone's dashes gone; numbers masked.
    expect(preview.sample[1]).toMatchObject({
      row: 4,
      building: '2栋',
      room: '101',
      area: '89.50',
      name: '李四',
      phone: '139****4321',
      relation: '配偶',
    });
    expect(preview.sample[0].idNumber).toBe('1101**********002X');
    // A preview writes nothing.
    expect(await counts()).toEqual(before);

    const english = await t.as('communityStaff');
    english.locale = 'en';
    const en = (await upload(english, `${base}/preview`, await workbook(rows, merges))).json();
    expect(en.problems[0].message).toBe('Phone “12345” is not a valid mobile number');
  });

  it('refuses what is not an .xlsx file, by content, and bounds the size', async () => {
    const cases: [Buffer | object, string, number, string][] = [
      [Buffer.from('楼栋,房号\n1栋,101\n'), 'text/csv', 415, 'unsupported_media_type'],
      [Buffer.from('楼栋,房号\n1栋,101\n'), 'application/octet-stream', 400, 'roster_not_xlsx'],
      [
        Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(64), 'hex'),
        'application/octet-stream',
        400,
        'roster_xls_old',
      ],
      [
        Buffer.from('504b0304' + 'ff'.repeat(64), 'hex'),
        'application/octet-stream',
        400,
        'roster_unreadable',
      ],
      [{}, 'application/json', 400, 'roster_file_required'],
      [Buffer.alloc(10 * 1024 * 1024 + 1, 0x50), 'application/octet-stream', 413, 'payload_too_large'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await staff.request('POST', `${base}/preview`, body, { 'content-type': type });
      expect(res.statusCode, `${type} ${code}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    const noHeader = await upload(
      staff,
      `${base}/preview`,
      await workbook([
        ['姓名', '电话'],
        ['张三', '13800000000'],
      ]),
    );
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toContain('找不到表头');
  });

  it('is for those who may write the compound’s structure and people, in their own community', async () => {
    const file = await workbook([rosterHeader, ['9栋', '1单元', '101', 1, 50]]);
    for (const role of ['branch', 'gridWorker', 'committee', 'streetAdmin'] as const) {
      const res = await upload(await t.as(role), `${base}/preview`, file);
      expect(res.statusCode, role).toBe(403);
    }
    const elsewhere = `/api/v1/communities/${t.world.communityA}/compounds/${t.world.compoundB1}/roster`;
    expect((await upload(staff, `${elsewhere}/preview`, file)).statusCode).toBe(404);
    expect((await staff.get(`${elsewhere}/template.xlsx`)).statusCode).toBe(404);
    const inB = `/api/v1/communities/${t.world.communityB}/compounds/${t.world.compoundB1}/roster`;
    expect((await upload(staff, `${inB}/preview`, file)).statusCode).toBe(403);
    expect((await upload(t.anonymous(), `${base}/preview`, file)).statusCode).toBe(401);
  });
});

describe('roster import', () => {
  it('imports nothing while a row has an error, unless exactly those rows are excluded', async () => {
    const { rows, merges } = messyRows();
    const file = await workbook(rows, merges);
    const before = await counts();

    const refused = await upload(staff, `${base}/import`, file);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'roster_has_errors',
      message: '有 6 行存在错误，请修改后重新上传，或选择排除这些行',
      details: { badRows: [7, 8, 9, 10, 11, 12] },
    });
    expect(refused.json().error.details.problems).toHaveLength(6);
    const partly = await upload(staff, `${base}/import?excludeRows=7-10`, file);
    expect(partly.statusCode).toBe(400);
    expect(partly.json().error.details.badRows).toEqual([11, 12]);
    expect((await upload(staff, `${base}/import?excludeRows=x`, file)).statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    const job = await importSheet(staff, file, '?excludeRows=7-12');
    expect(job.result.rows).toBe(5);
    expect(job.result.summary.rooms).toEqual({ created: 3, existing: 1 });
    expect(await counts()).toEqual({
      buildings: before.buildings + 2,
      entrances: before.entrances + 2,
      rooms: before.rooms + 3,
      households: before.households + 3,
      people: before.people + 4,
      residencies: before.residencies + 4,
    });
  });

  it('created the buildings, rooms, households and people the sheet meant, phones and IDs sealed', async () => {
    const { db, vault } = t.deps;
    const rooms = await db
      .selectFrom('rooms')
      .innerJoin('buildings', 'buildings.id', 'rooms.building_id')
      .innerJoin('entrances', 'entrances.id', 'rooms.entrance_id')
      .select([
        'buildings.name as building',
        'entrances.name as entrance',
        'rooms.number',
        'rooms.floor',
        'rooms.area_centi',
        'rooms.area_source',
        'rooms.use',
      ])
      .where('rooms.community_id', '=', t.world.communityA)
      .where('rooms.compound_id', '=', t.world.compoundA1)
      .orderBy('buildings.name')
      .orderBy('rooms.number')
      .execute();
    expect(rooms).toEqual([
      {
        building: '1栋',
        entrance: '1单元',
        number: '101',
        floor: 1,
        area_centi: 8957,
        area_source: 'register',
        use: 'residence',
      },
      {
        building: '2栋',
        entrance: '1单元',
        number: '101',
        floor: 1,
        area_centi: 8950,
        area_source: 'register',
        use: 'residence',
      },
      {
        building: '2栋',
        entrance: '1单元',
        number: '102',
        floor: 1,
        area_centi: 7630,
        area_source: 'survey',
        use: 'residence',
      },
      {
        building: '3栋',
        entrance: '1单元',
        number: '301',
        floor: 3,
        area_centi: 10025,
        area_source: 'contract',
        use: 'shop',
      },
    ]);
    const zhang = await db
      .selectFrom('people')
      .selectAll()
      .where('name', '=', '张三')
      .executeTakeFirstOrThrow();
    expect(zhang.phone_sealed).not.toContain('13812345678');
    expect(vault.open(zhang.phone_sealed!)).toBe('13812345678');
    expect(zhang.phone_hash).toBe(vault.lookupHash('13812345678'));
    expect(vault.open(zhang.id_number_sealed!)).toBe('11010519491231002X');
    expect(zhang).toMatchObject({ political_status: 'party_member', birth_year: 1949, gender: 'female' });
    const li = await db.selectFrom('people').selectAll().where('name', '=', '李四').executeTakeFirstOrThrow();
    expect(vault.open(li.phone_sealed!)).toBe('13987654321');

    const household = await db
      .selectFrom('households')
      .innerJoin('rooms', 'rooms.id', 'households.room_id')
      .innerJoin('buildings', 'buildings.id', 'rooms.building_id')
      .selectAll('households')
      .where('buildings.name', '=', '2栋')
      .where('rooms.number', '=', '101')
      .executeTakeFirstOrThrow();
    expect(household).toMatchObject({
      name: '张三户',
      head_person_id: zhang.id,
      compound_id: t.world.compoundA1,
    });
    const members = await db
      .selectFrom('residencies')
      .innerJoin('people', 'people.id', 'residencies.person_id')
      .select(['people.name', 'residencies.kind', 'residencies.relation'])
      .where('residencies.household_id', '=', household.id)
      .orderBy('people.name')
      .execute();
    expect(members).toEqual([
      { name: '张三', kind: 'owner', relation: '本人' },
      { name: '李四', kind: 'family', relation: '配偶' },
    ]);
    // The people list shows them masked, like anyone registered by hand.
    const list = await staff.get(`/api/v1/communities/${t.world.communityA}/people?q=张三`);
    expect(list.json().items[0]).toMatchObject({ phone: '138****5678', idNumber: '1101**********002X' });

    const audits = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('community_id', '=', t.world.communityA)
      .where('action', 'in', ['roster.import', 'room.create'])
      .execute();
    const rosterAudit = audits.find((a) => a.action === 'roster.import')!;
    expect(rosterAudit).toMatchObject({
      actor_account_id: t.world.accounts.communityStaff,
      target_type: 'compound',
      target_id: t.world.compoundA1,
    });
    expect(JSON.parse(rosterAudit.after_json!)).toMatchObject({ rows: 5, people: { created: 4 } });
    expect(audits.filter((a) => a.action === 'room.create')).toHaveLength(3);
  });

  it('imports the corrected sheet without duplicating anything, and a second time adds nothing', async () => {
    const { rows, merges } = fixedRows();
    const file = await workbook(rows, merges);
    const preview = (await upload(staff, `${base}/preview`, file)).json();
    expect(preview.badRows).toEqual([]);
    expect(preview.summary).toEqual({
      buildings: { created: 0, existing: 3 },
      entrances: { created: 1, existing: 3 },
      rooms: { created: 5, existing: 4 },
      households: { created: 5, existing: 3 },
      people: { created: 6, existing: 4 },
      residencies: { created: 6 },
    });
    const before = await counts();
    await importSheet(staff, file);
    const after = await counts();
    expect(after).toEqual({
      buildings: before.buildings,
      entrances: before.entrances + 1,
      rooms: before.rooms + 5,
      households: before.households + 5,
      people: before.people + 6,
      residencies: before.residencies + 6,
    });

    const again = await importSheet(staff, file);
    expect(Object.values(again.result.summary).every((c) => c.created === 0)).toBe(true);
    expect(again.result.summary.people).toEqual({ created: 0, existing: 10 });
    expect(await counts()).toEqual(after);
  });

  it('checks a sheet against the people already registered', async () => {
    const file = await workbook([
      rosterHeader,
      ['5栋', '1单元', '101', 1, 60, null, null, '张叁', null, '11010519491231002X', '本人', null],
      ['5栋', '1单元', '102', 1, null, null, null, '某某', null, null, '本人', null],
      ['5栋', '1单元', '102', 1, null, null, null, '某乙', null, null, '配偶', null],
    ]);
    const preview = (await upload(staff, `${base}/preview`, file)).json();
    expect(preview.problems.map((p: { cell: string; code: string }) => [p.cell, p.code])).toEqual([
      ['J2', 'person_name_differs'],
      ['E3', 'area_missing'],
      ['E4', 'area_missing'],
    ]);
    expect(preview.rowsToImport).toBe(0);
  });

  it('writes a large sheet in chunks, reporting progress, in one transaction: a failure leaves nothing', async () => {
    const { db, vault } = t.deps;
    const rows: Row[] = [rosterHeader];
    for (let i = 0; i < 450; i++)
      rows.push(['1栋', '1单元', String(1000 + i), 1, 50, null, null, `住户${i}`]);
    const target = { communityId: t.world.communityA, compoundId: t.world.compoundA1 };
    const who = { actorAccountId: null };
    const assess = async () =>
      assessRoster(
        db,
        vault,
        target.communityId,
        target.compoundId,
        await readRosterGrid(await workbook(rows)),
      );

    // Someone registers room 1440 by hand after the check: the third chunk then fails, and with it all.
    const doomed = await assess();
    await db
      .insertInto('rooms')
      .values({
        community_id: t.world.communityA,
        id: 'hand-made-1440',
        compound_id: t.world.compoundA1,
        building_id: t.world.buildingA1,
        entrance_id: t.world.entranceA1,
        number: '1440',
        floor: 1,
        area_centi: 5000,
        area_source: 'register',
        use: 'residence',
        created_at: Date.now(),
        updated_at: Date.now(),
        archived_at: null,
      })
      .execute();
    const before = await counts();
    const failed: number[] = [];
    await expect(
      applyPlan(db, vault, target, doomed.plan, who, (done) => failed.push(done)),
    ).rejects.toThrow();
    expect(failed).toEqual([200, 400]);
    expect(await counts()).toEqual(before);

    const seen: [number, number][] = [];
    const result = await applyPlan(db, vault, target, (await assess()).plan, who, (done, total) =>
      seen.push([done, total]),
    );
    expect(seen).toEqual([
      [200, 450],
      [400, 450],
      [450, 450],
    ]);
    expect(result.summary.rooms).toEqual({ created: 449, existing: 1 });
    expect(result.summary.people.created).toBe(450);
  });

  it('lets only the one who started an import follow it', async () => {
    const file = await workbook([rosterHeader, ['6栋', '1单元', '101', 1, 60]]);
    const res = await upload(staff, `${base}/import`, file);
    const jobUrl = `${base}/jobs/${res.json().id}`;
    await finished(staff, jobUrl);
    const admin = await t.as('communityAdmin');
    expect((await admin.get(jobUrl)).statusCode).toBe(404);
    expect((await staff.get(`${base}/jobs/unknown-job`)).statusCode).toBe(404);
  });
});

describe('export', () => {
  const exportUrl = (path: string, query = '') => `/api/v1/export?path=${encodeURIComponent(path)}${query}`;

  beforeAll(async () => {
    // A room in compound A2 too, so scope can be seen in the exports.
    const a2 = `/api/v1/communities/${t.world.communityA}/compounds/${t.world.compoundA2}/roster`;
    await importSheet(staff, await workbook([rosterHeader, ['1栋', '1单元', '901', 9, 120]]), '', a2);
  });

  it('writes a list with its filters as a workbook whose rows match the list', async () => {
    const path = `/communities/${t.world.communityA}/rooms`;
    const res = await staff.get(exportUrl(path, `&compoundId=${t.world.compoundA1}&use=residence`));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(
        `^attachment; filename="rooms-\\d{8}\\.xlsx"; filename\\*=UTF-8''${encodeURIComponent('房屋')}-\\d{8}\\.xlsx$`,
      ),
    );
    const [header, ...rows] = await readBack(res.rawPayload);
    expect(header).toEqual(
      expect.arrayContaining(['小区', '楼栋', '单元', '房号', '面积（㎡）', '用途', '创建时间']),
    );
    expect(header).not.toContain('id');
    expect(header).not.toContain('compoundId');

    // More rows than one page holds: the export gathers every page.
    const items: { buildingName: string; number: string; area: string; createdAt: number }[] = [];
    for (let page = 1; ; page++) {
      const query = `compoundId=${t.world.compoundA1}&use=residence&pageSize=200&page=${page}`;
      const list = (await staff.get(`/api/v1${path}?${query}`)).json();
      items.push(...list.items);
      if (items.length >= list.total) break;
    }
    expect(items.length).toBeGreaterThan(200);
    expect(rows).toHaveLength(items.length);
    const col = (name: string) => header!.indexOf(name);
    rows.forEach((row, i) => {
      const item = items[i]!;
      expect(row[col('小区')]).toBe('甲一小区');
      expect(row[col('楼栋')]).toBe(item.buildingName);
      expect(row[col('房号')]).toBe(item.number);
      expect(row[col('面积（㎡）')]).toBe(Number(item.area));
      expect(row[col('用途')]).toBe('住宅');
      // Times as Excel dates showing Asia/Shanghai's wall clock.
      expect((row[col('创建时间')] as Date).getTime()).toBe(item.createdAt + 8 * 3600 * 1000);
    });
    expect(rows.map((r) => r[col('面积（㎡）')])).toContain(89.5);
  });

  it('labels columns in the caller’s language and names ids', async () => {
    const english = await t.as('communityStaff');
    english.locale = 'en';
    const res = await english.get(exportUrl(`/communities/${t.world.communityA}/households`));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`UTF-8''Households-`);
    const [header, ...rows] = await readBack(res.rawPayload);
    expect(header).toEqual(
      expect.arrayContaining(['Household', 'Room', 'Compound', 'Building', 'Head of household']),
    );
    const byName = rows.find((r) => r[header!.indexOf('Household')] === '张三户')!;
    expect(byName[header!.indexOf('Building')]).toBe('2栋');
    expect(byName[header!.indexOf('Compound')]).toBe('甲一小区');

    const people = await english.get(exportUrl(`/communities/${t.world.communityA}/people`, '&q=张三'));
    const [peopleHeader, zhang] = await readBack(people.rawPayload);
    expect(zhang![peopleHeader!.indexOf('Phone')]).toBe('138****5678');
    expect(zhang![peopleHeader!.indexOf('Political status')]).toBe('Party member');
  });

  it('exports only what the caller may see: a compound-A1 user’s export has no A2 rows', async () => {
    const path = `/communities/${t.world.communityA}/rooms`;
    const compounds = async (client: Client) => {
      const [header, ...rows] = await readBack((await client.get(exportUrl(path))).rawPayload);
      return new Set(rows.map((r) => r[header!.indexOf('小区')]));
    };
    expect(await compounds(staff)).toEqual(new Set(['甲一小区', '甲二小区']));
    const branch = await t.as('branch');
    expect(await compounds(branch)).toEqual(new Set(['甲一小区']));
    const other = await branch.get(exportUrl(`/communities/${t.world.communityB}/rooms`));
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('forbidden');
    expect((await t.anonymous().get(exportUrl(path))).statusCode).toBe(401);
  });

  it('exports lists only', async () => {
    const room = (await staff.get(`/api/v1/communities/${t.world.communityA}/rooms`)).json().items[0].id;
    const cases: [string, number, string][] = [
      [`/communities/${t.world.communityA}/rooms/${room}`, 400, 'export_not_list'],
      ['/auth/me', 400, 'export_bad_path'],
      ['/export', 400, 'export_bad_path'],
      [`/communities/${t.world.communityA}/../rooms`, 400, 'export_bad_path'],
      ['/communities/x/nothing-here', 400, 'export_bad_path'],
      [`/communities/${t.world.communityA}/rooms?use=shop`, 400, 'export_bad_path'],
      [`/communities/${t.world.communityA}/rooms/unknown-room`, 404, 'not_found'],
    ];
    for (const [path, status, code] of cases) {
      const res = await staff.get(exportUrl(path));
      expect(res.statusCode, path).toBe(status);
      expect(res.json().error.code, path).toBe(code);
    }
    // A bad filter is the list's own 400, in words.
    const bad = await staff.get(exportUrl(`/communities/${t.world.communityA}/rooms`, '&use=castle'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation');
  });
});
