import { maskIdNumber, normalizeIdNumber, normalizePhone, toHalfWidth } from '../../core/personal';
import type { genders, politicalStatuses, residencyKinds } from '../people/vocabulary';
import { parseArea, type AreaProblem } from '../structure/area';
import type { areaSources, roomUses } from '../structure/rooms';

/**
 * The roster sheet (花名册) as communities keep it, read into clean rows. Pure: the server and the CLI
 * hand in the cells (see sheet.ts) and get back rows plus every problem by row and column.
 */

/** A cell's value once exceljs's rich text, formulas and hyperlinks are reduced to what it shows. */
export type Cell = string | number | boolean | Date | null;

export interface SheetGrid {
  name: string;
  /** rows[0] is the sheet's row 1. Cells covered by a merge but not its top-left cell are null. */
  rows: Cell[][];
  /** Merged ranges as Excel writes them: "A2:A9". */
  merges: string[];
}

export const rosterFields = [
  'building', // 楼栋
  'entrance', // 单元
  'room', // 房号
  'floor', // 楼层
  'area', // 面积
  'areaSource', // 面积来源
  'use', // 用途
  'name', // 姓名
  'phone', // 电话
  'idNumber', // 身份证号
  'relation', // 与户主关系
  'isHead', // 是否户主
  'kind', // 居住类型
  'isPartyMember', // 是否党员
  'politicalStatus', // 政治面貌
  'gender', // 性别
] as const;
export type RosterField = (typeof rosterFields)[number];

export type AreaSource = (typeof areaSources)[number];
export type RoomUse = (typeof roomUses)[number];
export type ResidencyKind = (typeof residencyKinds)[number];
export type PoliticalStatus = (typeof politicalStatuses)[number];
export type Gender = (typeof genders)[number];

export type ProblemCode =
  | 'column_unknown'
  | 'column_duplicate'
  | 'column_entrance_missing'
  | 'building_missing'
  | 'room_missing'
  | 'name_missing'
  | 'text_too_long'
  | 'floor_invalid'
  | AreaProblem
  | 'area_source_unknown'
  | 'use_unknown'
  | 'phone_invalid'
  | 'phone_extra'
  | 'id_format'
  | 'id_checksum'
  | 'id_as_number'
  | 'yes_no_invalid'
  | 'political_status_unknown'
  | 'gender_unknown'
  | 'kind_unknown'
  | 'entrance_assumed'
  | 'duplicate_row'
  | 'room_conflict'
  | 'id_conflict'
  | 'person_twice'
  | 'two_heads'
  // found against the database, in plan.ts
  | 'area_missing'
  | 'room_area_kept'
  | 'place_archived'
  | 'person_name_differs'
  | 'person_archived'
  | 'head_kept';

export interface Problem {
  /** The sheet's row number, as Excel shows it. */
  row: number;
  /** "E7", or null for a problem of the whole row. */
  cell: string | null;
  /** The column's header as written in the sheet. */
  column: string | null;
  field: RosterField | null;
  level: 'error' | 'warning';
  code: ProblemCode;
  params: Record<string, string | number>;
}

export interface PersonEntry {
  name: string;
  phone: string | null;
  idNumber: string | null;
  /** 与户主关系 as stored: 本人, 配偶, 子女, … or the sheet's own word. */
  relation: string | null;
  isHead: boolean;
  kind: ResidencyKind;
  politicalStatus: PoliticalStatus | null;
  gender: Gender | null;
  birthYear: number | null;
}

export interface RosterRow {
  row: number;
  building: string | null;
  entrance: string;
  room: string | null;
  floor: number | null;
  areaCenti: number | null;
  areaSource: AreaSource | null;
  use: RoomUse | null;
  person: PersonEntry | null;
  /** Each mapped cell's text as written, for messages that quote it. */
  raw: Partial<Record<RosterField, string>>;
}

export interface Column {
  letter: string;
  header: string;
  field: RosterField | null;
}

export interface ParsedSheet {
  sheet: string;
  headerRow: number;
  columns: Column[];
  rows: RosterRow[];
  problems: Problem[];
  blankRows: number;
}

/** Longest texts the register takes (the same limits as the API's). */
export const limits = { building: 40, entrance: 40, room: 20, name: 40, relation: 20 } as const;
export const defaultEntrance = '1单元';
export const maxRosterRows = 20_000;

/** Why a whole file cannot be read; each is also an API message code. */
export class RosterFileError extends Error {
  constructor(
    readonly code: 'roster_no_header' | 'roster_too_many_rows',
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

/** Reduces an exceljs cell value (rich text, formula, hyperlink, error) to what the cell shows. */
export function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[]).map((part) => String(part.text ?? '')).join('');
    if ('result' in v) return plainCell(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/** A cell as text: half-width, no stray or doubled spaces; numbers without Excel's float noise. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cleanFloat(cell));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return toHalfWidth(cell)
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 89.57000000000001 (a formula's result) → 89.57: what the cell displays. */
function cleanFloat(n: number): number {
  return Number(n.toPrecision(12));
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B3:D7" → zero-based corners; null when not a range. */
function parseRange(range: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)$/.exec(range.trim());
  if (!m) return null;
  const [a, b] = [
    { col: columnIndex(m[1]!), row: Number(m[2]) - 1 },
    { col: columnIndex(m[3]!), row: Number(m[4]) - 1 },
  ];
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

/** Every cell of a merged range takes its top-left value: a building merged down many rows names each. */
export function fillMerges(rows: readonly (readonly Cell[])[], merges: readonly string[]): Cell[][] {
  const out = rows.map((r) => [...r]);
  for (const merge of merges) {
    const range = parseRange(merge);
    if (!range) continue;
    const value = out[range.top]?.[range.left] ?? null;
    for (let r = range.top; r <= range.bottom; r++) {
      const row = (out[r] ??= []);
      for (let c = range.left; c <= range.right; c++) row[c] = value;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Headers

const headerAliases: Record<RosterField, string[]> = {
  building: ['楼栋', '楼栋号', '楼号', '栋', '栋号', '幢', '幢号', '楼', '楼宇', 'building', 'bldg', 'block'],
  entrance: ['单元', '单元号', '楼道', 'entrance', 'stairway'],
  room: ['房号', '房间号', '房屋号', '门牌号', '室号', '室', 'room', 'roomno', 'roomnumber', 'flat', 'door'],
  floor: ['楼层', '层', '层数', '所在楼层', 'floor'],
  area: ['面积', '专有面积', '专有部分面积', '建筑面积', '房屋面积', '产权面积', 'area'],
  areaSource: ['面积来源', '面积依据', 'areasource', 'source'],
  use: ['用途', '房屋用途', '房屋性质', 'use', 'usage'],
  name: ['姓名', '户主', '户主姓名', '居民姓名', '住户姓名', '业主姓名', '名字', 'name', 'fullname'],
  phone: [
    '电话',
    '手机',
    '手机号',
    '手机号码',
    '联系电话',
    '电话号码',
    '联系方式',
    'phone',
    'mobile',
    'tel',
    'phoneno',
    'phonenumber',
  ],
  idNumber: [
    '身份证',
    '身份证号',
    '身份证号码',
    '公民身份号码',
    '证件号',
    '证件号码',
    'idnumber',
    'idno',
    'id',
    'idcard',
  ],
  relation: ['与户主关系', '户主关系', '关系', '家庭关系', 'relation', 'relationship'],
  isHead: ['是否户主', 'head', 'ishead'],
  kind: ['居住类型', '住户类型', '人员类型', '居住性质', 'kind', 'residency'],
  isPartyMember: ['是否党员', '党员', 'partymember', 'ispartymember'],
  politicalStatus: ['政治面貌', 'politicalstatus'],
  gender: ['性别', 'gender', 'sex'],
};

const aliasToField = new Map<string, RosterField>(
  rosterFields.flatMap((field) => headerAliases[field].map((alias) => [alias, field] as const)),
);

/** A header as compared: half-width, no spaces, punctuation, "(㎡)" notes or "*" required marks. */
export function headerKey(text: string): string {
  return toHalfWidth(text)
    .replace(/[([（【][^)\]）】]*[)\]）】]/g, '')
    .replace(/[\s*.:_\-/#№]/g, '')
    .toLowerCase();
}

export function fieldOfHeader(text: string): RosterField | null {
  return aliasToField.get(headerKey(text)) ?? null;
}

/**
 * The header row: the first of the top rows naming the building and one other known column (a
 * title such as "XX小区居民花名册" often sits above it).
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[], scan = 20): number | null {
  for (let r = 0; r < Math.min(rows.length, scan); r++) {
    const fields = new Set((rows[r] ?? []).map((c) => fieldOfHeader(cellText(c))).filter(Boolean));
    if (fields.has('building') && fields.size >= 2) return r;
  }
  return null;
}

/** The sheet's columns with their fields, and a warning for each one not understood or repeated. */
export function mapHeaders(
  headerCells: readonly Cell[],
  headerRow: number,
): { columns: Column[]; problems: Problem[] } {
  const columns: Column[] = [];
  const problems: Problem[] = [];
  const seen = new Map<RosterField, Column>();
  headerCells.forEach((cell, index) => {
    // Shown as written (full-width brackets and all); compared through headerKey.
    const header = typeof cell === 'string' ? cell.replace(/\s+/g, ' ').trim() : cellText(cell);
    if (!header) return;
    const letter = columnLetter(index);
    const at = { row: headerRow, cell: `${letter}${headerRow}`, column: header, level: 'warning' as const };
    let field = fieldOfHeader(header);
    const first = field && seen.get(field);
    if (first) {
      problems.push({ ...at, field, code: 'column_duplicate', params: { header, first: first.header } });
      field = null;
    } else if (field) seen.set(field, { letter, header, field });
    else problems.push({ ...at, field: null, code: 'column_unknown', params: { header } });
    columns[index] = { letter, header, field };
  });
  return { columns, problems };
}

// ---------------------------------------------------------------------------------------------
// Values

const chineseDigits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十二 → 12, 二十 → 20, 三十五 → 35 (the numbers buildings and floors use); null otherwise. */
export function chineseNumber(text: string): number | null {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(text)) return null;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? (chineseDigits[text] ?? null) : null;
  if (text.indexOf('十', ten + 1) !== -1) return null;
  const tens = ten === 0 ? 1 : ten === 1 ? (chineseDigits[text[0]!] ?? null) : null;
  const rest = text.slice(ten + 1);
  const ones = rest === '' ? 0 : rest.length === 1 ? (chineseDigits[rest] ?? null) : null;
  return tens === null || ones === null ? null : tens * 10 + ones;
}

function arabic(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十]+/g, (run) => String(chineseNumber(run) ?? run));
}

/** A building as people write it: "1", "一栋", "1号楼" and "1栋" are the same building. */
export function buildingKey(name: string): string {
  return arabic(cellText(name).replace(/\s/g, '').toLowerCase()).replace(/(号楼|号|栋|幢|座|楼)$/, '栋');
}
export function entranceKey(name: string): string {
  return arabic(cellText(name).replace(/\s/g, '').toLowerCase()).replace(/(单元|门|梯)$/, '单元');
}
export function roomKey(number: string): string {
  return cellText(number).replace(/\s/g, '').toUpperCase().replace(/室$/, '');
}

/** A bare number names the building or entrance with its usual word: 3 → 3栋, 2 → 2单元. */
function placeName(text: string, word: string): string {
  return /^\d+$/.test(text) ? `${text}${word}` : text;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ProblemCode };

/** An area as sheets write it: 89.5, "89.50平方米", "89.5㎡", "89.5 m2", "１２０", "1,234.5". */
export function parseAreaCell(cell: Cell): Parsed<number> {
  let text: string;
  if (typeof cell === 'number') {
    // 89.57 typed in Excel is stored as a binary float; read it back at the precision Excel shows.
    text = String(cleanFloat(cell));
  } else {
    text = cellText(cell)
      .replace(/(平方米|平方|平米|㎡|m²|m\^?2|sqm|平)$/i, '')
      .replace(/[\s,，]/g, '');
  }
  const result = parseArea(text);
  return result.ok ? { ok: true, value: result.centi } : { ok: false, code: result.problem };
}

/** A floor: 3, "3层", "3F", "三楼"; basements as -1, "负1", "B1" or "地下1层". */
export function parseFloor(cell: Cell): Parsed<number> {
  const text = arabic(cellText(cell).replace(/\s/g, ''));
  let m = /^(-?\d+)(层|楼|f)?$/i.exec(text);
  let floor = m ? Number(m[1]) : null;
  m = /^(?:b|负|地下)(\d+)(层|楼)?$/i.exec(text);
  if (m) floor = -Number(m[1]);
  if (floor === null || !Number.isInteger(floor) || floor < -10 || floor > 300 || floor === 0)
    return { ok: false, code: 'floor_invalid' };
  return { ok: true, value: floor };
}

function vocabulary<T extends string>(entries: Record<T, string[]>): (text: string) => T | null {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, string[]][])
    for (const word of [value, ...words]) map.set(headerKey(word), value);
  return (text) => map.get(headerKey(text)) ?? null;
}

export const readAreaSource = vocabulary<AreaSource>({
  register: ['不动产登记', '不动产权证', '不动产证', '产权证', '房产证', '登记', '产权登记'],
  survey: ['测绘', '实测', '房产测绘', '测量'],
  contract: ['购房合同', '合同', '商品房买卖合同', '买卖合同'],
});

export const readUse = vocabulary<RoomUse>({
  residence: ['住宅', '住房', '居住', '住家', '民用', 'residential', 'home', 'flat'],
  shop: ['商铺', '商业', '门面', '店面', '商用', '门店', 'commercial', 'store'],
  parking: ['车位', '车库', '停车位', '地下车位', 'garage', 'parkingspace'],
  other: ['其他', '其它', '储藏室', '杂物间', '办公'],
});

export const readPoliticalStatus = vocabulary<PoliticalStatus>({
  party_member: ['中共党员', '党员', '共产党员', '中国共产党党员', 'partymember', 'cpc member'],
  probationary: ['中共预备党员', '预备党员', 'probationarymember'],
  league: ['共青团员', '团员', 'leaguemember'],
  masses: ['群众', '无党派', '无'],
});

export const readGender = vocabulary<Gender>({
  male: ['男', '男性', 'm'],
  female: ['女', '女性', 'f'],
});

export const readKind = vocabulary<ResidencyKind>({
  owner: ['业主', '产权人', '房主', '自住'],
  tenant: ['租户', '租客', '承租人', '出租', '租住'],
  family: ['家庭成员', '家属', '成员', '同住', '共同居住人'],
});

const yesWords = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有', '党员', '中共党员']);
const noWords = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', 'x', '无', '不是', '非党员', '群众']);

/** 是/否, Y/N, √/×, TRUE/FALSE, 1/0; null when it is neither. */
export function parseYesNo(cell: Cell): boolean | null {
  if (typeof cell === 'boolean') return cell;
  const text = headerKey(cellText(cell));
  if (yesWords.has(text)) return true;
  if (noWords.has(text)) return false;
  return null;
}

/** 与户主关系 words people use, stored as the register's own (本人, 配偶, 子女, 父母, 孙子女, 兄弟姐妹). */
const relationWords = vocabulary<string>({
  本人: ['户主', '自己', '自身', 'self', 'head'],
  配偶: ['妻', '妻子', '夫', '丈夫', '爱人', '老伴', '老婆', '老公', 'spouse', 'wife', 'husband'],
  子女: [
    '子',
    '女',
    '儿子',
    '女儿',
    '长子',
    '次子',
    '长女',
    '次女',
    '独子',
    '独女',
    'son',
    'daughter',
    'child',
  ],
  父母: ['父', '母', '父亲', '母亲', 'father', 'mother', 'parent'],
  孙子女: ['孙子', '孙女', '外孙', '外孙女', 'grandson', 'granddaughter', 'grandchild'],
  兄弟姐妹: ['兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹', 'brother', 'sister', 'sibling'],
  租户: ['租客', '承租人', 'tenant'],
});

/** A relation as written → what is stored, whether it makes the person the head, and a kind it implies. */
export function parseRelation(text: string): {
  relation: string | null;
  isHead: boolean;
  kind: ResidencyKind | null;
} {
  const clean = cellText(text);
  if (!clean) return { relation: null, isHead: false, kind: null };
  const word = relationWords(clean);
  if (word === '租户') return { relation: null, isHead: false, kind: 'tenant' };
  return { relation: word ?? clean, isHead: word === '本人', kind: null };
}

/** A mobile number; a cell holding several ("138…/139…", "138… 139…") keeps the first and says so. */
export function parsePhoneCell(cell: Cell): Parsed<{ phone: string; extra: boolean }> {
  const text = cellText(cell);
  let parts = text.split(/[/,，;；、|]/).filter((p) => p.trim());
  if (parts.length === 1 && !normalizePhone(text)) parts = text.split(' ');
  const first = parts.map((p) => normalizePhone(p)).find(Boolean);
  if (!first) return { ok: false, code: 'phone_invalid' };
  return { ok: true, value: { phone: first, extra: parts.length > 1 } };
}

/**
 * An ID number (身份证号). Excel turns an 18-digit number typed into a general cell into a float that
 * has lost its last digits: that is caught here rather than "corrected".
 */
export function parseIdCell(cell: Cell): Parsed<string> {
  if (typeof cell === 'number') return { ok: false, code: cell >= 1e16 ? 'id_as_number' : 'id_format' };
  const text = cellText(cell).replace(/\s/g, '').toUpperCase();
  if (/^\d+(\.\d+)?E\+?\d+$/.test(text)) return { ok: false, code: 'id_as_number' };
  if (!/^\d{17}[\dX]$/.test(text)) return { ok: false, code: 'id_format' };
  const id = normalizeIdNumber(text);
  return id ? { ok: true, value: id } : { ok: false, code: 'id_checksum' };
}

/** Birth year and sex as an 18-character ID number encodes them (digits 7–10; digit 17 odd for men). */
export function fromIdNumber(id: string): { birthYear: number; gender: Gender } {
  return { birthYear: Number(id.slice(6, 10)), gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

// ---------------------------------------------------------------------------------------------
// Rows

/** Reads the sheet: header, then each non-blank row with its problems. */
export function parseSheet(grid: SheetGrid): ParsedSheet {
  const rows = fillMerges(grid.rows, grid.merges);
  const headerIndex = findHeaderRow(rows);
  if (headerIndex === null) throw new RosterFileError('roster_no_header');
  const headerRow = headerIndex + 1;
  const { columns, problems } = mapHeaders(rows[headerIndex] ?? [], headerRow);
  const fieldColumn = new Map<RosterField, number>();
  columns.forEach((c, i) => c?.field && fieldColumn.set(c.field, i));
  if (!fieldColumn.has('entrance') && fieldColumn.has('room'))
    problems.push({
      ...noCell(headerRow, 'entrance'),
      level: 'warning',
      code: 'column_entrance_missing',
      params: { entrance: defaultEntrance },
    });

  const parsed: RosterRow[] = [];
  let blankRows = 0;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    // Blank by its own cells: a building merged down across an empty row does not fill it.
    if ((grid.rows[r] ?? []).every((c) => cellText(c) === '')) {
      blankRows++;
      continue;
    }
    const raw: RosterRow['raw'] = {};
    for (const [field, index] of fieldColumn) {
      const text = cellText(cells[index] ?? null);
      if (text) raw[field] = text;
    }
    // A header repeated further down (tables pasted one under another) is not data.
    if (raw.building && fieldOfHeader(raw.building) === 'building') continue;
    if (parsed.length >= maxRosterRows)
      throw new RosterFileError('roster_too_many_rows', { max: maxRosterRows });
    const cellOf = (field: RosterField): Cell => {
      const index = fieldColumn.get(field);
      return index === undefined ? null : (cells[index] ?? null);
    };
    const { row, problems: rowProblems } = parseRow(r + 1, raw, cellOf, fieldColumn.has('entrance'));
    parsed.push(row);
    problems.push(...rowProblems);
  }
  const located = columns.filter(Boolean);
  return {
    sheet: grid.name,
    headerRow,
    columns: located,
    rows: parsed,
    problems: locateProblems(problems, located),
    blankRows,
  };
}

const noCell = (row: number, field: RosterField | null) => ({ row, cell: null, column: null, field });

/** Fills in the column and cell of problems that name only a field; sorts them by row, then column. */
export function locateProblems(problems: readonly Problem[], columns: readonly Column[]): Problem[] {
  const byField = new Map(columns.filter((c) => c.field).map((c) => [c.field!, c]));
  const position = (p: Problem) => (p.cell ? columnIndex(p.cell.replace(/\d+$/, '')) : -1);
  return problems
    .map((p) => {
      const column = p.field && p.cell === null ? byField.get(p.field) : undefined;
      return column ? { ...p, cell: `${column.letter}${p.row}`, column: column.header } : p;
    })
    .sort((a, b) => a.row - b.row || position(a) - position(b));
}

function parseRow(
  rowNumber: number,
  raw: RosterRow['raw'],
  cellOf: (field: RosterField) => Cell,
  hasEntranceColumn: boolean,
): { row: RosterRow; problems: Problem[] } {
  const problems: Problem[] = [];
  const report =
    (level: Problem['level']) =>
    (field: RosterField | null, code: ProblemCode, params: Record<string, string | number> = {}) =>
      problems.push({ ...noCell(rowNumber, field), level, code, params });
  const error = report('error');
  const warn = report('warning');

  /** A text field within its length limit, or null. */
  const text = (field: keyof typeof limits, word = ''): string | null => {
    const value = raw[field];
    if (!value) return null;
    const name = word ? placeName(value, word) : value;
    if (Array.from(name).length > limits[field]) {
      error(field, 'text_too_long', { max: limits[field] });
      return null;
    }
    return name;
  };
  /** A field read through a parser, reporting what it could not read (ID numbers quoted masked). */
  const read = <T>(field: RosterField, parse: (cell: Cell) => Parsed<T>): T | null => {
    if (!raw[field]) return null;
    const result = parse(cellOf(field));
    if (result.ok) return result.value;
    error(field, result.code, { value: field === 'idNumber' ? maskIdNumber(raw[field])! : raw[field]! });
    return null;
  };
  const word = <T>(field: RosterField, lookup: (text: string) => T | null, code: ProblemCode): T | null => {
    if (!raw[field]) return null;
    const value = lookup(raw[field]!);
    if (value === null) error(field, code, { value: raw[field]! });
    return value;
  };
  const yesNo = (field: RosterField): boolean | null =>
    read(field, (cell) => {
      const value = parseYesNo(cell);
      return value === null ? { ok: false, code: 'yes_no_invalid' } : { ok: true, value };
    });

  const building = text('building', '栋');
  if (!raw.building) error('building', 'building_missing');
  const room = raw.room ? (text('room')?.replace(/室$/, '') ?? null) : null;
  const entrance = text('entrance', '单元') ?? defaultEntrance;
  if (!raw.entrance && hasEntranceColumn && raw.room)
    warn('entrance', 'entrance_assumed', { entrance: defaultEntrance });
  const floor = read('floor', parseFloor);
  const areaCenti = read('area', parseAreaCell);
  const areaSource = word('areaSource', readAreaSource, 'area_source_unknown');
  const use = word('use', readUse, 'use_unknown');
  const hasPerson = !!(raw.name || raw.phone || raw.idNumber);
  if (!raw.room && (hasPerson || raw.area || raw.floor || raw.use || raw.areaSource))
    error('room', 'room_missing');

  let person: PersonEntry | null = null;
  if (hasPerson) {
    const name = text('name');
    if (!raw.name) error('name', 'name_missing');
    const phone = read('phone', parsePhoneCell);
    if (phone?.extra) warn('phone', 'phone_extra');
    const idNumber = read('idNumber', parseIdCell);
    const relation = parseRelation(raw.relation ?? '');
    if (relation.relation && Array.from(relation.relation).length > limits.relation) {
      error('relation', 'text_too_long', { max: limits.relation });
      relation.relation = null;
    }
    const isHead = yesNo('isHead') ?? relation.isHead;
    const kind = word('kind', readKind, 'kind_unknown');
    const isPartyMember = yesNo('isPartyMember');
    const status = word('politicalStatus', readPoliticalStatus, 'political_status_unknown');
    const gender = word('gender', readGender, 'gender_unknown');
    const fromId = idNumber ? fromIdNumber(idNumber) : null;
    person = {
      name: name ?? '',
      phone: phone?.phone ?? null,
      idNumber,
      relation: relation.relation,
      isHead,
      kind: kind ?? relation.kind ?? (isHead ? 'owner' : 'family'),
      politicalStatus: status ?? (isPartyMember === null ? null : isPartyMember ? 'party_member' : 'masses'),
      gender: gender ?? fromId?.gender ?? null,
      birthYear: fromId?.birthYear ?? null,
    };
  }
  return {
    row: { row: rowNumber, building, entrance, room, floor, areaCenti, areaSource, use, person, raw },
    problems,
  };
}

// ---------------------------------------------------------------------------------------------
// Across rows

/** Where a row's room is: building, entrance and number compared the way people mean them. */
export function placeOf(row: Pick<RosterRow, 'building' | 'entrance' | 'room'>): string | null {
  if (!row.building || !row.room) return null;
  return `${buildingKey(row.building)}|${entranceKey(row.entrance)}|${roomKey(row.room)}`;
}

/** Who a row's person is: their ID number, else phone and name, else name within the room. */
export function personIdentity(row: RosterRow): string | null {
  const p = row.person;
  if (!p || !p.name) return null;
  if (p.idNumber) return `id:${p.idNumber}`;
  if (p.phone) return `phone:${p.phone}|${p.name}`;
  return `name:${p.name}|${placeOf(row)}`;
}

const roomAttributes = ['floor', 'areaCenti', 'areaSource', 'use'] as const;
const attributeField = {
  floor: 'floor',
  areaCenti: 'area',
  areaSource: 'areaSource',
  use: 'use',
} as const satisfies Record<(typeof roomAttributes)[number], RosterField>;

function signature(row: RosterRow): string {
  const { row: _, raw: __, ...values } = row;
  return JSON.stringify(values);
}

/**
 * What only shows across rows: a row repeated word for word (ignored), the same room with different
 * figures, one ID number under two names, a person listed twice in a room, and two heads of a household.
 */
export function crossCheck(rows: readonly RosterRow[]): { problems: Problem[]; ignored: Set<number> } {
  const problems: Problem[] = [];
  const ignored = new Set<number>();
  const firstBySignature = new Map<string, number>();
  const rooms = new Map<string, Partial<Record<(typeof roomAttributes)[number], RosterRow>>>();
  const byId = new Map<string, RosterRow>();
  const inRoom = new Map<string, RosterRow>();
  const headOf = new Map<string, RosterRow>();
  const report = (
    row: RosterRow,
    field: RosterField | null,
    level: Problem['level'],
    code: ProblemCode,
    params: Record<string, string | number>,
  ) => problems.push({ ...noCell(row.row, field), level, code, params });

  for (const row of rows) {
    const sig = signature(row);
    const same = firstBySignature.get(sig);
    if (same !== undefined) {
      ignored.add(row.row);
      report(row, null, 'warning', 'duplicate_row', { other: same });
      continue;
    }
    firstBySignature.set(sig, row.row);

    const place = placeOf(row);
    if (place) {
      const first = rooms.get(place) ?? {};
      rooms.set(place, first);
      for (const attribute of roomAttributes) {
        if (row[attribute] === null) continue;
        const earlier = first[attribute];
        if (!earlier) first[attribute] = row;
        else if (earlier[attribute] !== row[attribute]) {
          const field = attributeField[attribute];
          report(row, field, 'error', 'room_conflict', {
            other: earlier.row,
            field,
            value: row.raw[field] ?? '',
            otherValue: earlier.raw[field] ?? '',
          });
        }
      }
    }

    const person = row.person;
    const identity = personIdentity(row);
    if (!person || !identity) continue;
    if (person.idNumber) {
      const earlier = byId.get(person.idNumber);
      if (!earlier) byId.set(person.idNumber, row);
      else if (earlier.person!.name !== person.name)
        report(row, 'idNumber', 'error', 'id_conflict', {
          other: earlier.row,
          otherName: earlier.person!.name,
        });
    }
    if (!place) continue;
    const twice = inRoom.get(`${place}#${identity}`);
    if (twice) {
      report(row, 'name', 'error', 'person_twice', { other: twice.row });
      continue;
    }
    inRoom.set(`${place}#${identity}`, row);
    if (person.isHead) {
      const head = headOf.get(place);
      if (head) report(row, 'relation', 'error', 'two_heads', { other: head.row, name: head.person!.name });
      else headOf.set(place, row);
    }
  }
  return { problems, ignored };
}

/** The rows with at least one error among these problems. */
export function rowsWithErrors(problems: readonly Problem[]): Set<number> {
  return new Set(problems.filter((p) => p.level === 'error').map((p) => p.row));
}

/** "3,5,9-12" → [3,5,9,10,11,12]; null when it is not such a list. */
export function parseRowList(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > maxRosterRows) return null;
    for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}
