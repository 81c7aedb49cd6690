import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Client } from '../../../test/support/client';
import { xlsxType } from './sheet';

/** Sheets built in the tests, with the mess real rosters have, and calls to the roster API. */

export type Row = (string | number | boolean | Date | null)[];

/** A one-sheet workbook; `merges` as Excel writes them ("A3:A7"). */
export async function workbook(rows: Row[], merges: string[] = [], name = '花名册'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(name);
  rows.forEach((row, i) => {
    row.forEach((value, j) => {
      if (value !== null) sheet.getCell(i + 1, j + 1).value = value;
    });
  });
  for (const range of merges) sheet.mergeCells(range);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The first sheet of an .xlsx as plain values, header row first. */
export async function readBack(file: Buffer, sheetIndex = 0): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[sheetIndex]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = Array.from({ length: sheet.columnCount }, (_, c) => row.getCell(c + 1).value ?? null);
  });
  return rows;
}

export const rosterHeader = [
  '楼栋',
  '单元',
  '房号',
  '楼层',
  '面积（㎡）',
  '面积来源',
  '用途',
  '户主/姓名',
  '联系电话',
  '身份证号',
  '与户主关系',
  '是否党员',
];

/**
 * A roster for compound A1 as one really arrives: a title row, a building merged down over its rows
 * (and a blank row), areas with their units, phones with spaces, dashes and full-width digits,
 * trailing spaces — and six bad rows, one exact repeat, and a row for the world's existing room 1栋-101.
 */
export function messyRows(): { rows: Row[]; merges: string[] } {
  return {
    rows: [
      ['甲一小区居民花名册（2024年）'],
      rosterHeader,
      [
        '2栋',
        '1单元',
        '101',
        1,
        '89.5㎡',
        '不动产登记',
        '住宅',
        '张三 ',
        '138 1234 5678',
        '11010519491231002X',
        '户主',
        '是',
      ],
      [
        null,
        '1单元',
        '101',
        1,
        '89.50平方米',
        null,
        null,
        '李四',
        '１３９－８７６５－４３２１',
        null,
        '妻子',
        '否',
      ],
      [null, '1单元', '102', '1层', '76.3 m2', '测绘', null, '王五', '13800001111 ', null, '本人', null],
      [],
      [null, '1单元', '103', 1, 88, null, null, '赵六', '12345', null, '本人', null],
      ['2栋', '2单元', '201', 2, '约90', null, null, '钱七', null, null, '本人', null],
      ['2栋', '2单元', '202', 2, 90, null, null, '孙八', null, '110105194912310021', '本人', null],
      [null, '2单元', '203', 2, 90, null, null, '李九', null, null, '本人', null],
      ['2栋', '2单元', null, null, null, null, null, '周十', '13800002222', null, '本人', null],
      ['2栋', '1单元', '101', 1, 95, null, null, '吴一', null, null, '子女', null],
      [null, null, null, null, null, null, null, null, null, null, null, null],
      ['2栋', '1单元', '102', '1层', '76.3 m2', '测绘', null, '王五', '13800001111', null, '本人', null],
      ['  3栋 ', ' 1单元', '301', 3, 100.25, '购房合同', '商铺', null, null, null, null, null],
      ['1栋', '1单元', '101', 1, 90, null, null, '郑二', '13800003333', null, '本人', '是'],
    ],
    merges: ['A3:A7'],
  };
}

/** The messy sheet with its errors put right (row for row, so row numbers stay the same). */
export function fixedRows(): { rows: Row[]; merges: string[] } {
  const { rows, merges } = messyRows();
  rows[6]![8] = '13800004444'; // row 7: phone
  rows[7]![4] = 90; // row 8: area
  rows[8]![9] = null; // row 9: the ID number failing its check digit left out
  rows[9]![0] = '2栋'; // row 10: building
  rows[10]![2] = '204'; // row 11: room
  rows[10]![4] = 60;
  rows[11]![4] = 89.5; // row 12: same area as row 3
  return { rows, merges };
}

export const upload = (client: Client, url: string, file: Buffer) =>
  client.request('POST', url, file, { 'content-type': xlsxType });

/** Polls an import job until it ends. */
export async function finished(client: Client, jobUrl: string) {
  let job: { status: string; done: number; total: number; result: unknown; error: string | null };
  for (let i = 0; ; i++) {
    const res = await client.get(jobUrl);
    expect(res.statusCode, res.body).toBe(200);
    job = res.json();
    if (job.status !== 'running') return job;
    if (i > 500) throw new Error('import job did not finish');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
