import fs from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { Static } from 'typebox';
import type { Config } from '../../core/config';
import { AppError } from '../../core/errors';
import type { MessageCode } from '../../core/i18n';
import type { AssembliesTable } from '../../core/db/schema';
import type { MatterResult } from './report';

/**
 * The printed results notice (表决结果公告) for the compound's notice board, in Chinese, set in the
 * CJK font configured as NOTICE_FONT (Noto Sans CJK from Debian's fonts-noto-cjk by default). Pure
 * apart from reading the font: results in, PDF bytes out.
 */

/** The face to take from a font collection (.ttc); ignored for a single font file. */
export const cjkFontName = 'NotoSansCJKsc-Regular';
export const noticeTitle = '业主大会表决结果公告';

const kindWords = { ordinary: '一般事项', special: '重大事项', election: '选举' } as const;
const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Noto Sans CJK has ✓ but no ✗: the notice prints the multiplication sign instead. */
const printable = (text: string) => text.replace(/✗/g, '×');

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai (UTC+8 all year). */
const shanghai = (epochMs: number) =>
  new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The configured CJK font file, readable; otherwise a 503 with `code` (the server's set-up, not the
 * request: said plainly to the caller, and to the operator in the log).
 */
export async function requireNoticeFont(
  config: Pick<Config, 'noticeFont'>,
  log: { error(obj: unknown, msg?: string): void },
  code: MessageCode = 'notice_font_missing',
): Promise<string> {
  const font = config.noticeFont;
  try {
    await fs.access(font, fs.constants.R_OK);
  } catch {
    log.error({ font }, 'notice font missing: install fonts-noto-cjk or set NOTICE_FONT');
    throw new AppError(503, code);
  }
  return font;
}

/** A new A4 document set in the CJK font, and its bytes once `doc.end()` has been called. */
export function cjkDocument(fontFile: string, title: string, margin = 56) {
  const doc = new PDFDocument({ size: 'A4', margin, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontFile, cjkFontName);
  doc.font('cjk');
  return { doc, bytes };
}

export function renderNotice(
  fontFile: string,
  a: AssembliesTable & { compound_name: string },
  results: readonly Static<typeof MatterResult>[],
  now: number,
): Promise<Buffer> {
  const { doc, bytes: done } = cjkDocument(fontFile, `${a.compound_name} ${noticeTitle}`);

  doc.fontSize(20).text(noticeTitle, { align: 'center' });
  doc.moveDown(0.3).fontSize(13).text(`${a.compound_name} · ${a.title}`, { align: 'center' });
  if (a.published_at === null) doc.fontSize(11).text('（尚未公示，仅供核对）', { align: 'center' });
  doc.moveDown();
  doc.fontSize(11);
  doc.text(`投票时间：${shanghai(a.voting_starts_at)} 至 ${shanghai(a.voting_ends_at)}`);
  if (a.extension_reason) doc.text(`截止时间曾延长一次，理由：${a.extension_reason}`);
  if (a.total_area_centi !== null && results[0])
    doc.text(
      `本小区专有部分总面积 ${results[0].figures.totalArea} 平方米，业主总人数 ${results[0].figures.totalHeads} 人。`,
    );

  results.forEach((r, i) => {
    doc
      .moveDown()
      .fontSize(13)
      .text(`${numerals[i] ?? i + 1}、${r.title}`);
    doc
      .fontSize(10)
      .text(`民法典第二百七十八条第（${numerals[r.item - 1]}）项：${r.itemName}（${kindWords[r.kind]}）`);
    doc.moveDown(0.3).fontSize(11);
    doc.text(
      `参与表决：面积 ${r.figures.participatingArea} 平方米，${r.figures.participatingHeads} 人；` +
        (r.yes && r.no && r.abstain
          ? `同意 ${r.yes.area} 平方米 ${r.yes.heads} 人，反对 ${r.no.area} 平方米 ${r.no.heads} 人，弃权 ${r.abstain.area} 平方米 ${r.abstain.heads} 人。`
          : `应选 ${r.seats ?? 0} 名。`),
    );
    for (const check of r.checks) doc.text(printable(check.text));
    for (const c of r.candidates)
      doc.text(
        `${c.elected ? '【当选】' : ''}${c.name}：得票 ${c.heads} 人，面积 ${c.area} 平方米；` +
          c.checks.map((x) => printable(x.text)).join('；'),
      );
    doc.fontSize(12).text(`结果：${r.outcomeText}`);
    doc.fontSize(9).text(`选票哈希链末值（共 ${r.ballotCount} 张选票）：${r.finalHash || '（无选票）'}`);
    doc
      .fontSize(10)
      .text(
        `参与表决的房屋（${r.participatingRooms.length} 套）：${r.participatingRooms.join('、') || '无'}`,
      );
  });

  doc.moveDown(2).fontSize(11);
  doc.text('任何业主均可凭本人投票回执核对选票是否计入；导出的选票包可用 gongzhi recount 独立复核。');
  doc.text(`业主大会 ${shanghai(a.published_at ?? now).slice(0, 10)}`, { align: 'right' });
  doc.end();
  return done;
}
