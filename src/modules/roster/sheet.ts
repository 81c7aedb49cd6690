import ExcelJS from 'exceljs';
import type { Locale } from '../../core/config';
import { AppError } from '../../core/errors';
import { fieldLabels } from './problems';
import { fillMerges, findHeaderRow, plainCell, type Cell, type RosterField, type SheetGrid } from './parse';

/** Reading and writing .xlsx files with exceljs; everything about their content is in parse.ts. */

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const maxUploadBytes = 10 * 1024 * 1024;

/** An upload checked by its content, not its name: an .xlsx is a ZIP archive. */
export async function loadWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const magic = file.subarray(0, 4).toString('hex');
  if (magic === 'd0cf11e0') throw new AppError(400, 'roster_xls_old');
  if (magic !== '504b0304') throw new AppError(400, 'roster_not_xlsx');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'roster_unreadable');
  }
  return workbook;
}

/** A worksheet's cells; cells covered by a merge (other than its top-left one) are left empty. */
export function gridOf(sheet: ExcelJS.Worksheet): SheetGrid {
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cell.type === ExcelJS.ValueType.Merge ? null : plainCell(cell.value);
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
  });
  return {
    name: sheet.name,
    rows: Array.from(rows, (r) => r ?? []),
    merges: [...(sheet.model.merges ?? [])],
  };
}

/** The roster in a workbook: the first sheet with a recognisable header row (an instructions sheet may come first). */
export async function readRosterGrid(file: Buffer): Promise<SheetGrid> {
  const workbook = await loadWorkbook(file);
  const grids = workbook.worksheets.map(gridOf);
  const withHeader = grids.find((g) => findHeaderRow(fillMerges(g.rows, g.merges)) !== null);
  return withHeader ?? grids[0] ?? { name: '', rows: [], merges: [] };
}

/** Display width of a text: Chinese characters take two columns. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width;
}

/** A bold, frozen, filterable header row and columns wide enough for what they hold. */
export function finishSheet(sheet: ExcelJS.Worksheet, columnCount: number): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  header.alignment = { vertical: 'middle' };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  if (columnCount > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  for (let c = 1; c <= columnCount; c++) {
    const column = sheet.getColumn(c);
    let widest = 0;
    column.eachCell({ includeEmpty: false }, (cell) => {
      const shown = cell.value instanceof Date ? '2026-01-01 00:00' : String(cell.text ?? '');
      widest = Math.max(widest, textWidth(shown));
    });
    column.width = Math.min(Math.max(widest + 2, 8), 50);
  }
}

export async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template's columns, in order, with an example household (a couple) and a shop. */
const templateColumns: RosterField[] = [
  'building',
  'entrance',
  'room',
  'floor',
  'area',
  'areaSource',
  'use',
  'name',
  'phone',
  'idNumber',
  'relation',
  'isPartyMember',
];
const examples: (string | number | null)[][] = [
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
  ['1栋', '1单元', '102', 1, 76.3, '测绘', '住宅', '', '', '', '', ''],
  ['2栋', '', '商铺1', 1, 45, '购房合同', '商铺', '王五', '13900000000', '', '本人', '否'],
];

const instructions: Record<Locale, string[]> = {
  'zh-CN': [
    '填写说明',
    '1. 在“花名册”表中每行填一位居民（或一套没有人员的房屋），表头不要改动；“示例”表是填法示例，不会导入。',
    '2. 楼栋、房号必填；新房屋必须填写面积（平方米，最多两位小数，可写 89.5 或 89.5㎡）。单元为空时记为“1单元”。',
    '3. 同一户的家庭成员各占一行，楼栋、单元、房号相同；与户主关系填“本人”的一行为户主。',
    '4. 面积来源可填：不动产登记、测绘、购房合同（为空时按不动产登记）；用途可填：住宅、商铺、车位、其他（为空时按住宅）。',
    '5. 电话填 11 位手机号；身份证号填 18 位。请保持这两列为“文本”格式，否则 Excel 会把身份证号变成数字并丢失末几位。',
    '6. 是否党员填“是”或“否”。也可以加“政治面貌”“性别”“居住类型（业主/租户/家庭成员）”“是否户主”列。',
    '7. 已有的楼栋、单元、房屋和居民（身份证号相同，或电话和姓名都相同）会沿用，重复导入不会重复登记。',
  ],
  en: [
    'How to fill in the roster',
    '1. In the 花名册 sheet, one row per resident (or per room with nobody listed); keep the header row as it is. The 示例 sheet shows an example and is not imported.',
    '2. 楼栋 (building) and 房号 (room) are required; a new room needs its 面积 (area in m², at most two decimals, "89.5" or "89.5㎡"). An empty 单元 (entrance) means "1单元".',
    '3. Members of one household each take a row with the same building, entrance and room; the row whose 与户主关系 (relation) is 本人 is the head.',
    '4. 面积来源 (area source): 不动产登记 (register, the default), 测绘 (survey) or 购房合同 (contract). 用途 (use): 住宅 (residence, the default), 商铺 (shop), 车位 (parking) or 其他 (other).',
    '5. 电话: an 11-digit mobile number; 身份证号: 18 characters. Keep both columns formatted as Text, or Excel turns ID numbers into numbers and loses their last digits.',
    '6. 是否党员 (party member): 是 or 否. Optional columns: 政治面貌, 性别, 居住类型 (业主/租户/家庭成员), 是否户主.',
    '7. Buildings, entrances, rooms and residents already registered (same ID number, or same phone and name) are reused: importing twice registers nothing twice.',
  ],
};

/** The roster template: an empty sheet with Chinese headers, an example sheet and instructions. */
export async function rosterTemplate(locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const headers = templateColumns.map((f) => fieldLabels[f]['zh-CN']);
  const textColumns = [templateColumns.indexOf('phone') + 1, templateColumns.indexOf('idNumber') + 1];
  for (const [name, rows] of [
    ['花名册', []],
    ['示例', examples],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(headers);
    for (const row of rows) sheet.addRow(row);
    for (const c of textColumns) sheet.getColumn(c).numFmt = '@';
    sheet.getColumn(templateColumns.indexOf('area') + 1).numFmt = '0.00';
    finishSheet(sheet, headers.length);
    for (const c of textColumns) sheet.getColumn(c).width = 22;
  }
  const help = workbook.addWorksheet(locale === 'en' ? 'Instructions' : '填写说明');
  for (const line of instructions[locale]) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getColumn(1).width = 120;
  return toBuffer(workbook);
}
