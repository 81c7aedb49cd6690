import { describe, expect, it } from 'vitest';
import {
  buildingKey,
  cellText,
  chineseNumber,
  columnLetter,
  crossCheck,
  entranceKey,
  fieldOfHeader,
  fillMerges,
  findHeaderRow,
  headerKey,
  mapHeaders,
  parseAreaCell,
  parseFloor,
  parseIdCell,
  parsePhoneCell,
  parseRelation,
  parseRowList,
  parseSheet,
  parseYesNo,
  plainCell,
  readAreaSource,
  readGender,
  readKind,
  readPoliticalStatus,
  readUse,
  roomKey,
  RosterFileError,
  rosterFields,
  type Cell,
  type Problem,
  type RosterRow,
} from './parse';
import { describeRosterProblem, fieldLabels, problemTexts } from './problems';

const header = [
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
];
const sheet = (rows: Cell[][], merges: string[] = []) =>
  parseSheet({ name: '花名册', rows: [header, ...rows], merges });
const codes = (problems: Problem[]) => problems.map((p) => `${p.cell ?? p.row}:${p.code}`);

describe('cells', () => {
  it('reduces exceljs values to what the cell shows', () => {
    expect(plainCell({ richText: [{ text: '1' }, { text: '栋' }] })).toBe('1栋');
    expect(plainCell({ formula: 'A1*2', result: 179.14 })).toBe(179.14);
    expect(plainCell({ sharedFormula: 'A1', result: '2栋' })).toBe('2栋');
    expect(plainCell({ formula: 'A1' })).toBeNull();
    expect(plainCell({ text: '张三', hyperlink: 'mailto:x' })).toBe('张三');
    expect(plainCell({ error: '#N/A' })).toBe('#N/A');
    expect(plainCell(undefined)).toBeNull();
    const d = new Date(0);
    expect(plainCell(d)).toBe(d);
  });

  it('reads text half-width, trimmed, without doubled or odd spaces', () => {
    expect(cellText('  １栋 \u00a0')).toBe('1栋');
    expect(cellText('张\u3000三')).toBe('张 三');
    expect(cellText('a\n\n b')).toBe('a b');
    expect(cellText(301)).toBe('301');
    expect(cellText(89.57000000000001)).toBe('89.57');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02');
    expect(cellText(null)).toBe('');
  });

  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('fills merged ranges from their top-left cell', () => {
    const rows: Cell[][] = [
      ['1栋', '1单元', '101'],
      [null, null, '102'],
      [null, '2单元', '201'],
    ];
    expect(fillMerges(rows, ['A1:A3', 'B1:B2'])).toEqual([
      ['1栋', '1单元', '101'],
      ['1栋', '1单元', '102'],
      ['1栋', '2单元', '201'],
    ]);
    // Horizontal merges, $-anchored ranges, ranges past the data and nonsense are all handled.
    expect(fillMerges([['x', null]], ['$A$1:$B$1'])).toEqual([['x', 'x']]);
    expect(fillMerges([['y']], ['A1:A2'])).toEqual([['y'], ['y']]);
    expect(fillMerges([['z']], ['nonsense'])).toEqual([['z']]);
    expect(rows[1]![0]).toBeNull(); // the input is left as it was
  });
});

describe('headers', () => {
  it('maps Chinese and English headers, whatever their spacing, notes and marks', () => {
    expect(headerKey(' 面 积（㎡）* ')).toBe('面积');
    expect(fieldOfHeader('面积(m²)')).toBe('area');
    expect(fieldOfHeader('楼栋号')).toBe('building');
    expect(fieldOfHeader('户主/姓名')).toBe('name');
    expect(fieldOfHeader('户主')).toBe('name');
    expect(fieldOfHeader('联系电话')).toBe('phone');
    expect(fieldOfHeader('公民身份号码')).toBe('idNumber');
    expect(fieldOfHeader('与户主关系')).toBe('relation');
    expect(fieldOfHeader('是否党员')).toBe('isPartyMember');
    expect(fieldOfHeader('是否户主')).toBe('isHead');
    expect(fieldOfHeader('Room No.')).toBe('room');
    expect(fieldOfHeader('ID Number')).toBe('idNumber');
    expect(fieldOfHeader('Phone')).toBe('phone');
    expect(fieldOfHeader('Building')).toBe('building');
    expect(fieldOfHeader('备注')).toBeNull();
  });

  it('finds the header below a title row, and not in a sheet without one', () => {
    expect(findHeaderRow([['XX小区居民花名册'], [], header])).toBe(2);
    expect(findHeaderRow([['楼栋'], ['1栋']])).toBeNull(); // the building alone is not enough
    expect(findHeaderRow([['姓名', '电话']])).toBeNull(); // nor columns without the building
  });

  it('warns of unknown and repeated columns', () => {
    const { columns, problems } = mapHeaders(['楼栋', '备注', null, '房号', '房间号'], 1);
    expect(columns.filter(Boolean).map((c) => [c.letter, c.field])).toEqual([
      ['A', 'building'],
      ['B', null],
      ['D', 'room'],
      ['E', null],
    ]);
    expect(problems.map((p) => [p.cell, p.code, p.level])).toEqual([
      ['B1', 'column_unknown', 'warning'],
      ['E1', 'column_duplicate', 'warning'],
    ]);
  });
});

describe('values', () => {
  it('reads areas however they are written', () => {
    const ok = (cell: Cell) => {
      const r = parseAreaCell(cell);
      return r.ok ? r.value : r.code;
    };
    expect(ok(89.5)).toBe(8950);
    expect(ok(89.57000000000001)).toBe(8957); // a formula's float noise
    expect(ok('89.5㎡')).toBe(8950);
    expect(ok('89.50平方米')).toBe(8950);
    expect(ok('89.5 m2')).toBe(8950);
    expect(ok('89.5m²')).toBe(8950);
    expect(ok('89.5 平米')).toBe(8950);
    expect(ok('８９．５')).toBe(8950);
    expect(ok('1,234.5')).toBe(123450);
    expect(ok(' 120 ')).toBe(12000);
    expect(ok('约90')).toBe('area_format');
    expect(ok('89.567')).toBe('area_decimals');
    expect(ok(89.567)).toBe('area_decimals');
    expect(ok('0')).toBe('area_range');
    expect(ok(-5)).toBe('area_range');
    expect(ok('200000')).toBe('area_range');
    expect(ok(true)).toBe('area_format');
  });

  it('reads floors, basements included', () => {
    const floor = (cell: Cell) => {
      const r = parseFloor(cell);
      return r.ok ? r.value : null;
    };
    expect([3, '3', '3层', '3F', '三楼', '十二层', '-1', '负1', 'B2', '地下1层'].map(floor)).toEqual([
      3, 3, 3, 3, 3, 12, -1, -1, -2, -1,
    ]);
    expect([0, 2.5, '顶楼', '301', '-11'].map(floor)).toEqual([null, null, null, null, null]);
  });

  it('reads Chinese numbers as buildings and floors use them', () => {
    expect(['一', '十', '十二', '二十', '三十五', '两', '零'].map(chineseNumber)).toEqual([
      1, 10, 12, 20, 35, 2, 0,
    ]);
    expect(['十十', '一二', '百', 'a'].map(chineseNumber)).toEqual([null, null, null, null]);
  });

  it('compares places the way people mean them', () => {
    expect(new Set(['1栋', '1号楼', '一栋', ' 1 幢', '１号'].map(buildingKey))).toEqual(new Set(['1栋']));
    expect(buildingKey('A座')).toBe('a栋');
    expect(new Set(['1单元', '一单元', '1门'].map(entranceKey))).toEqual(new Set(['1单元']));
    expect(new Set(['301', '301室', ' ３０１ '].map(roomKey))).toEqual(new Set(['301']));
    expect(roomKey('a-101')).toBe('A-101');
  });

  it('reads phones with spaces, dashes, full-width digits, +86 and Excel numbers', () => {
    const phone = (cell: Cell) => {
      const r = parsePhoneCell(cell);
      return r.ok ? r.value : r.code;
    };
    expect(phone('138 1234 5678')).toEqual({ phone: '13812345678', extra: false });
    expect(phone('138-1234-5678')).toEqual({ phone: '13812345678', extra: false });
    expect(phone('１３８１２３４５６７８')).toEqual({ phone: '13812345678', extra: false });
    expect(phone('+86 138 1234 5678')).toEqual({ phone: '13812345678', extra: false });
    expect(phone(13812345678)).toEqual({ phone: '13812345678', extra: false });
    expect(phone('13812345678/13987654321')).toEqual({ phone: '13812345678', extra: true });
    expect(phone('13812345678 13987654321')).toEqual({ phone: '13812345678', extra: true });
    expect(phone('0731-8888888')).toBe('phone_invalid');
    expect(phone('1381234567')).toBe('phone_invalid');
  });

  it('checks ID numbers, including Excel having made them numbers', () => {
    const id = (cell: Cell) => {
      const r = parseIdCell(cell);
      return r.ok ? r.value : r.code;
    };
    expect(id('11010519491231002x')).toBe('11010519491231002X');
    expect(id(' 110105 19491231 002X ')).toBe('11010519491231002X');
    expect(id('110105194912310021')).toBe('id_checksum');
    expect(id('1101051949123100')).toBe('id_format');
    expect(id('11010519491231002Y')).toBe('id_format');
    expect(id(110105194912310020)).toBe('id_as_number');
    expect(id('1.10105E+17')).toBe('id_as_number');
    expect(id(110105491231002)).toBe('id_format'); // 15 digits: the old format, not taken
  });

  it('reads yes and no', () => {
    expect(['是', 'Y', 'yes', 'TRUE', '1', '√', '✓', '党员', true].map((v) => parseYesNo(v))).toEqual(
      Array(9).fill(true),
    );
    expect(['否', 'N', 'no', 'false', '0', '×', '群众', '非党员', false].map((v) => parseYesNo(v))).toEqual(
      Array(9).fill(false),
    );
    expect(parseYesNo('也许')).toBeNull();
    expect(parseYesNo(null)).toBeNull();
  });

  it('reads the register’s words and their everyday forms', () => {
    expect(readAreaSource('房产证')).toBe('register');
    expect(readAreaSource('实测')).toBe('survey');
    expect(readAreaSource('购房合同')).toBe('contract');
    expect(readAreaSource('survey')).toBe('survey');
    expect(readAreaSource('估计')).toBeNull();
    expect(readUse('住宅')).toBe('residence');
    expect(readUse('门面')).toBe('shop');
    expect(readUse('车库')).toBe('parking');
    expect(readUse('储藏室')).toBe('other');
    expect(readUse('Shop')).toBe('shop');
    expect(readUse('工厂')).toBeNull();
    expect(readPoliticalStatus('中共党员')).toBe('party_member');
    expect(readPoliticalStatus('预备党员')).toBe('probationary');
    expect(readPoliticalStatus('团员')).toBe('league');
    expect(readPoliticalStatus('群众')).toBe('masses');
    expect(readPoliticalStatus('民盟盟员')).toBeNull();
    expect(readGender('男')).toBe('male');
    expect(readGender('F')).toBe('female');
    expect(readKind('租客')).toBe('tenant');
    expect(readKind('业主')).toBe('owner');
    expect(readKind('家属')).toBe('family');
  });

  it('reads relations to the head of the household', () => {
    expect(parseRelation('户主')).toEqual({ relation: '本人', isHead: true, kind: null });
    expect(parseRelation('本人')).toEqual({ relation: '本人', isHead: true, kind: null });
    expect(parseRelation('妻子')).toEqual({ relation: '配偶', isHead: false, kind: null });
    expect(parseRelation('长子')).toEqual({ relation: '子女', isHead: false, kind: null });
    expect(parseRelation('外孙女')).toEqual({ relation: '孙子女', isHead: false, kind: null });
    expect(parseRelation('租客')).toEqual({ relation: null, isHead: false, kind: 'tenant' });
    expect(parseRelation('儿媳')).toEqual({ relation: '儿媳', isHead: false, kind: null });
    expect(parseRelation('')).toEqual({ relation: null, isHead: false, kind: null });
  });

  it('reads row lists with ranges', () => {
    expect(parseRowList('3, 5,9-11')).toEqual([3, 5, 9, 10, 11]);
    expect(parseRowList('')).toEqual([]);
    expect(parseRowList('5-3')).toBeNull();
    expect(parseRowList('a')).toBeNull();
    expect(parseRowList('1-999999')).toBeNull();
  });
});

describe('parseSheet', () => {
  it('reads a clean household of two and an empty room', () => {
    const parsed = sheet([
      [
        '1栋',
        '1单元',
        '101',
        1,
        89.57,
        '不动产登记',
        '住宅',
        '张三',
        '13800000000',
        '11010519491231002X',
        '本人',
        '是',
      ],
      ['1栋', '1单元', '101', 1, 89.57, '不动产登记', '住宅', '李四', '', '', '配偶', '否'],
      ['1栋', '1单元', '102', 1, 76.3, '测绘', '住宅', null, null, null, null, null],
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.headerRow).toBe(1);
    const [head, spouse, empty] = parsed.rows;
    expect(head).toMatchObject({
      row: 2,
      building: '1栋',
      entrance: '1单元',
      room: '101',
      floor: 1,
      areaCenti: 8957,
      areaSource: 'register',
      use: 'residence',
      person: {
        name: '张三',
        phone: '13800000000',
        idNumber: '11010519491231002X',
        relation: '本人',
        isHead: true,
        kind: 'owner',
        politicalStatus: 'party_member',
        gender: 'female', // from the ID number's 17th digit
        birthYear: 1949,
      },
    });
    expect(spouse!.person).toMatchObject({
      isHead: false,
      kind: 'family',
      politicalStatus: 'masses',
      gender: null,
    });
    expect(empty).toMatchObject({ room: '102', areaCenti: 7630, areaSource: 'survey', person: null });
  });

  it('handles the mess of real sheets', () => {
    const parsed = parseSheet({
      name: 'Sheet1',
      rows: [
        ['枫华家园居民花名册（2024年）'],
        [' 楼栋 ', '单 元', '房号*', '面积(㎡)', '户主/姓名', '联系电话', '身份证号码', '关系', '备注'],
        [1, '一单元', 301, '89.5㎡', '张三 ', '138 1234 5678', '11010519491231002X', '户主', '老住户'],
        [null, null, '302室', '89.50平方米', '王五', '１３９－８７６５－４３２１', null, '本人', null],
        [],
        [null, null, null, null, null, null, null, null, null],
        ['楼栋', '单元', '房号', '面积', '姓名', '电话', '身份证号', '关系', '备注'], // a pasted second table
        ['2号楼', 2, '101', '  76.3 m2 ', '赵六', 13987654321, null, null, null],
      ],
      // The building is merged down over the blank rows too: they stay blank.
      merges: ['A3:A6', 'B3:B4'],
    });
    expect(parsed.headerRow).toBe(2);
    expect(parsed.blankRows).toBe(2);
    expect(codes(parsed.problems)).toEqual(['I2:column_unknown']);
    expect(
      parsed.rows.map((r) => [
        r.row,
        r.building,
        r.entrance,
        r.room,
        r.areaCenti,
        r.person?.name,
        r.person?.phone,
      ]),
    ).toEqual([
      [3, '1栋', '一单元', '301', 8950, '张三', '13812345678'],
      [4, '1栋', '一单元', '302', 8950, '王五', '13987654321'],
      [8, '2号楼', '2单元', '101', 7630, '赵六', '13987654321'],
    ]);
  });

  it('lists every problem by row and column', () => {
    const parsed = sheet([
      [null, '1单元', '101', 1, 89.5, null, null, '甲', null, null, null, null],
      ['1栋', '1单元', null, null, null, null, null, '乙', '13800000000', null, null, null],
      [
        '1栋',
        '1单元',
        '103',
        '顶楼',
        '约90',
        '估计',
        '工厂',
        '丙',
        '12345',
        '110105194912310021',
        '本人',
        '也许',
      ],
      [
        '1栋',
        '1单元',
        '104',
        null,
        '89.567',
        null,
        null,
        null,
        '13800000000',
        110105194912310020,
        null,
        null,
      ],
      ['1栋', null, '105', null, 60, null, null, 'x'.repeat(41), null, '1101051949', null, null],
    ]);
    expect(parsed.problems.map((p) => [p.row, p.cell, p.column, p.level, p.code])).toEqual([
      [2, 'A2', '楼栋', 'error', 'building_missing'],
      [3, 'C3', '房号', 'error', 'room_missing'],
      [4, 'D4', '楼层', 'error', 'floor_invalid'],
      [4, 'E4', '面积', 'error', 'area_format'],
      [4, 'F4', '面积来源', 'error', 'area_source_unknown'],
      [4, 'G4', '用途', 'error', 'use_unknown'],
      [4, 'I4', '电话', 'error', 'phone_invalid'],
      [4, 'J4', '身份证号', 'error', 'id_checksum'],
      [4, 'L4', '是否党员', 'error', 'yes_no_invalid'],
      [5, 'E5', '面积', 'error', 'area_decimals'],
      [5, 'H5', '姓名', 'error', 'name_missing'],
      [5, 'J5', '身份证号', 'error', 'id_as_number'],
      [6, 'B6', '单元', 'warning', 'entrance_assumed'],
      [6, 'H6', '姓名', 'error', 'text_too_long'],
      [6, 'J6', '身份证号', 'error', 'id_format'],
    ]);
    // The ID number is quoted masked, the phone as typed.
    const id = parsed.problems.find((p) => p.cell === 'J4')!;
    expect(describeRosterProblem(id, 'zh-CN')).toBe('身份证号“1101**********0021”的校验位不对，请核对');
    const phone = parsed.problems.find((p) => p.cell === 'I4')!;
    expect(describeRosterProblem(phone, 'en')).toBe('Phone “12345” is not a valid mobile number');
    expect(parsed.rows[4]!.entrance).toBe('1单元');
  });

  it('puts rooms in 1单元 when the sheet has no entrance column, and says so once', () => {
    const parsed = parseSheet({
      name: 's',
      rows: [
        ['楼栋', '房号', '面积'],
        ['1栋', '101', 50],
        ['1栋', '102', 50],
      ],
      merges: [],
    });
    expect(codes(parsed.problems)).toEqual(['1:column_entrance_missing']);
    expect(parsed.rows.map((r) => r.entrance)).toEqual(['1单元', '1单元']);
  });

  it('reads optional columns: political status, gender, residency, head', () => {
    const parsed = parseSheet({
      name: 's',
      rows: [
        ['楼栋', '房号', '面积', '姓名', '政治面貌', '性别', '居住类型', '是否户主'],
        ['1栋', '101', 50, '甲', '预备党员', '男', '租户', '是'],
        ['1栋', '101', 50, '乙', '群众', '女', '家庭成员', '否'],
        ['1栋', '102', 50, '丙', '民盟', '?', '借住', '大概'],
      ],
      merges: [],
    });
    expect(parsed.rows[0]!.person).toMatchObject({
      politicalStatus: 'probationary',
      gender: 'male',
      kind: 'tenant',
      isHead: true,
    });
    expect(parsed.rows[1]!.person).toMatchObject({ isHead: false, kind: 'family' });
    expect(codes(parsed.problems)).toEqual([
      '1:column_entrance_missing',
      'E4:political_status_unknown',
      'F4:gender_unknown',
      'G4:kind_unknown',
      'H4:yes_no_invalid',
    ]);
  });

  it('refuses a sheet without a header, or with too many rows', () => {
    expect(() => parseSheet({ name: 's', rows: [['姓名'], ['张三']], merges: [] })).toThrow(RosterFileError);
    const many = Array.from({ length: 20_001 }, (_, i): Cell[] => ['1栋', String(i + 1), 50]);
    try {
      parseSheet({ name: 's', rows: [['楼栋', '房号', '面积'], ...many], merges: [] });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'roster_too_many_rows', params: { max: 20_000 } });
    }
  });
});

describe('crossCheck', () => {
  const rows = (data: Cell[][]): RosterRow[] => sheet(data).rows;
  const check = (data: Cell[][]) => {
    const result = crossCheck(rows(data));
    return {
      problems: result.problems.map((p) => [p.row, p.field, p.level, p.code, p.params]),
      ignored: [...result.ignored],
    };
  };
  const room = (n: string, area: Cell, name: Cell = null, extra: Cell[] = []): Cell[] => [
    '1栋',
    '1单元',
    n,
    null,
    area,
    null,
    null,
    name,
    ...extra,
  ];

  it('ignores a row repeated word for word, even written differently', () => {
    expect(check([room('101', '89.5㎡', '甲'), room('101', 89.5, '甲')])).toEqual({
      problems: [[3, null, 'warning', 'duplicate_row', { other: 2 }]],
      ignored: [3],
    });
  });

  it('finds the same room with different figures, in the column that differs', () => {
    const result = check([room('101', 89.5, '甲'), room('101室', 90, '乙'), room('101', null, '丙')]);
    expect(result.problems).toEqual([
      [3, 'area', 'error', 'room_conflict', { other: 2, field: 'area', value: '90', otherValue: '89.5' }],
    ]);
    const problem = crossCheck(rows([room('101', 89.5, '甲'), room('101室', 90, '乙')])).problems[0]!;
    expect(describeRosterProblem(problem, 'zh-CN')).toBe('与第 2 行是同一房屋，但面积不同（“90”与“89.5”）');
    expect(describeRosterProblem(problem, 'en')).toBe(
      'The same room as row 2 but with a different area (“90” and “89.5”)',
    );
  });

  it('finds one ID number under two names, a person twice in a room, and two heads', () => {
    const id = '11010519491231002X';
    const result = check([
      room('101', 50, '甲', [null, id, '本人']),
      room('102', 50, '乙', [null, id, '本人']),
      room('101', 50, '甲', [null, id, '配偶']),
      room('101', 50, '丙', [null, null, '户主']),
      room('101', 50, '丁', ['13800000000', null, null]),
      room('101', 50, '丁', ['13800000000', null, '子女']),
    ]);
    expect(result.problems).toEqual([
      [3, 'idNumber', 'error', 'id_conflict', { other: 2, otherName: '甲' }],
      [4, 'name', 'error', 'person_twice', { other: 2 }],
      [5, 'relation', 'error', 'two_heads', { other: 2, name: '甲' }],
      [7, 'name', 'error', 'person_twice', { other: 6 }],
    ]);
  });

  it('lets one person live in two rooms and a family share a phone', () => {
    const result = check([
      room('101', 50, '甲', ['13800000000', '11010519491231002X', '本人']),
      room('102', 50, '甲', ['13800000000', '11010519491231002X', '本人']),
      room('101', 50, '乙', ['13800000000', null, '配偶']),
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('problem texts', () => {
  it('exist in both languages with the same placeholders', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [code, text] of Object.entries(problemTexts)) {
      expect(text['zh-CN'], code).toBeTruthy();
      expect(holes(text['zh-CN']), code).toEqual(holes(text.en));
    }
    for (const field of rosterFields) expect(fieldLabels[field].en).toBeTruthy();
  });
});
