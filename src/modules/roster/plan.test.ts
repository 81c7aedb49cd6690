import { describe, expect, it } from 'vitest';
import { parseSheet, type Cell } from './parse';
import { planImport, type Snapshot } from './plan';

const header = ['楼栋', '单元', '房号', '面积', '姓名', '电话', '身份证号', '与户主关系'];
const rowsOf = (data: Cell[][]) => parseSheet({ name: 's', rows: [header, ...data], merges: [] }).rows;
const hash = (plain: string) => `h:${plain}`;
let counter = 0;
const ids = () => `new${++counter}`;
const empty: Snapshot = { buildings: [], entrances: [], rooms: [], households: [], people: [] };
const plan = (data: Cell[][], snapshot: Partial<Snapshot> = {}) =>
  planImport(rowsOf(data), { ...empty, ...snapshot }, hash, ids);
const problems = (p: ReturnType<typeof plan>) => p.problems.map((x) => [x.row, x.field, x.level, x.code]);

const existing: Snapshot = {
  buildings: [
    { id: 'b1', name: '1栋', archived: false },
    { id: 'b9', name: '9栋', archived: true },
  ],
  entrances: [{ id: 'e1', buildingId: 'b1', name: '1单元', archived: false }],
  rooms: [
    { id: 'r101', buildingId: 'b1', entranceId: 'e1', number: '101', areaCenti: 8957, archived: false },
    { id: 'r102', buildingId: 'b1', entranceId: 'e1', number: '102', areaCenti: 7000, archived: false },
  ],
  households: [{ id: 'h101', roomId: 'r101', headPersonId: 'p1', memberIds: ['p1', 'p2'] }],
  people: [
    { id: 'p1', name: '张三', idHash: 'h:11010519491231002X', phoneHash: null, archived: false },
    { id: 'p2', name: '李四', idHash: null, phoneHash: 'h:13900000000', archived: false },
    { id: 'p3', name: '王五', idHash: null, phoneHash: 'h:13700000000', archived: true },
  ],
};

describe('planImport', () => {
  it('creates a building, entrance, room, household and its people once', () => {
    const p = plan([
      ['2栋', '1单元', '101', 60, '甲', '13800000000', null, '配偶'],
      ['2栋', '1单元', '101', null, '乙', null, null, '本人'],
      ['2栋', '1单元', '102', 50, null, null, null, null],
    ]);
    expect(p.problems).toEqual([]);
    expect(p.buildings).toHaveLength(1);
    expect(p.entrances).toHaveLength(1);
    expect(p.rooms.map((r) => [r.number, r.areaCenti, r.areaSource, r.use, r.row])).toEqual([
      ['101', 6000, 'register', 'residence', 2],
      ['102', 5000, 'register', 'residence', 4],
    ]);
    // The head, listed second, names the household and heads it; it is still written with row 2.
    const [household] = p.households;
    const head = p.people.find((x) => x.entry.name === '乙')!;
    expect(household).toMatchObject({ name: '乙户', headPersonId: head.id, row: 2 });
    expect(p.residencies.map((r) => [r.row, r.relation, r.kind])).toEqual([
      [2, '配偶', 'family'],
      [3, '本人', 'owner'],
    ]);
    expect(p.summary).toEqual({
      buildings: { created: 1, existing: 0 },
      entrances: { created: 1, existing: 0 },
      rooms: { created: 2, existing: 0 },
      households: { created: 1, existing: 0 },
      people: { created: 2, existing: 0 },
      residencies: { created: 2 },
    });
    expect(p.rows).toEqual([2, 3, 4]);
  });

  it('reuses what exists, however the sheet writes its name, and keeps existing areas', () => {
    const p = plan(
      [
        ['1号楼', '一单元', '101室', 90, '张三', null, '11010519491231002X', '本人'],
        ['1', '1', '101', null, '李四', '13900000000', null, '配偶'],
        ['1栋', '1单元', '103', 45, null, null, null, null],
      ],
      existing,
    );
    expect(problems(p)).toEqual([[2, 'area', 'warning', 'room_area_kept']]);
    expect(p.problems[0]!.params).toEqual({ area: '89.57' });
    expect(p.buildings).toEqual([]);
    expect(p.entrances).toEqual([]);
    expect(p.rooms.map((r) => r.number)).toEqual(['103']);
    expect(p.people).toEqual([]);
    expect(p.households).toEqual([]);
    expect(p.residencies).toEqual([]);
    expect(p.summary.people).toEqual({ created: 0, existing: 2 });
    expect(p.summary.rooms).toEqual({ created: 1, existing: 1 });
  });

  it('matches people by ID number, by phone with name, or by name among the household', () => {
    const p = plan(
      [
        ['1栋', '1单元', '101', null, '李四', null, '11010519491231002X', null], // another's ID number
        ['1栋', '1单元', '101', null, '李四', null, null, null], // a member, by name: gets nothing new
        ['1栋', '1单元', '102', null, '李四', '13900000000', null, null], // by phone and name: moves in to 102 too
        ['1栋', '1单元', '102', null, '李小四', '13900000000', null, null], // shares the phone: someone else
        ['1栋', '1单元', '102', null, '王五', '13700000000', null, null], // archived
      ],
      existing,
    );
    expect(problems(p)).toEqual([
      [2, 'idNumber', 'error', 'person_name_differs'],
      [6, 'name', 'error', 'person_archived'],
    ]);
    expect(p.people.map((x) => x.entry.name)).toEqual(['李小四']);
    expect(p.residencies.map((r) => [r.row, r.personId])).toEqual([
      [4, 'p2'],
      [5, p.people[0]!.id],
    ]);
    expect(p.rows).toEqual([3, 4, 5]);
  });

  it('gives existing people the numbers they lack, and a headless household its head', () => {
    const snapshot: Snapshot = {
      ...existing,
      households: [{ id: 'h101', roomId: 'r101', headPersonId: null, memberIds: ['p1', 'p2'] }],
    };
    const p = plan(
      [
        ['1栋', '1单元', '101', null, '张三', '13800000000', '11010519491231002X', '户主'],
        ['1栋', '1单元', '101', null, '李四', '13900000000', '110105198001010016', null],
      ],
      snapshot,
    );
    expect(p.problems).toEqual([]);
    expect(p.heads).toEqual([{ householdId: 'h101', personId: 'p1', row: 2 }]);
    expect(p.fills).toEqual([
      { personId: 'p1', phone: '13800000000', idNumber: null, row: 2 },
      { personId: 'p2', phone: null, idNumber: '110105198001010016', row: 3 },
    ]);
  });

  it('keeps the head of an existing household and says so', () => {
    const p = plan([['1栋', '1单元', '101', null, '李四', '13900000000', null, '户主']], existing);
    expect(problems(p)).toEqual([[2, 'relation', 'warning', 'head_kept']]);
    expect(p.heads).toEqual([]);
  });

  it('refuses rows in archived places', () => {
    const p = plan([['9栋', '1单元', '101', 50, null, null, null, null]], existing);
    expect(problems(p)).toEqual([[2, 'building', 'error', 'place_archived']]);
    expect(p.problems[0]!.params).toEqual({ name: '9栋' });
    expect(p.rows).toEqual([]);
  });

  it('re-plans without a dropped row, so what depended on it shows too', () => {
    // Row 2 alone gives room 201 its area, but its person's ID number belongs to someone else.
    const p = plan(
      [
        ['2栋', '1单元', '201', 60, '赵六', null, '11010519491231002X', '本人'],
        ['2栋', '1单元', '201', null, '钱七', null, null, '配偶'],
        ['2栋', '1单元', '202', null, '孙八', null, null, '本人'],
      ],
      existing,
    );
    expect(problems(p)).toEqual([
      [2, 'idNumber', 'error', 'person_name_differs'],
      [3, 'area', 'error', 'area_missing'],
      [4, 'area', 'error', 'area_missing'],
    ]);
    expect(p.rows).toEqual([]);
    expect(p.rooms).toEqual([]);
    expect(p.buildings).toEqual([]);
  });

  it('writes someone living in two rooms with the earliest of their rows', () => {
    const p = plan([
      ['2栋', '1单元', '201', 60, '甲', null, '11010519491231002X', '配偶'],
      ['2栋', '1单元', '202', 60, '甲', null, '11010519491231002X', '本人'],
    ]);
    expect(p.people).toHaveLength(1);
    expect(p.people[0]!.row).toBe(2);
    expect(p.residencies.map((r) => r.row)).toEqual([2, 3]);
    expect(p.households.map((h) => h.name)).toEqual(['甲户', '甲户']);
  });
});
