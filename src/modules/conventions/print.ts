import { qrModules } from '../notices/print';
import { cjkDocument } from '../votes/notice';
import { chineseNumber, type Article } from './rules';

/**
 * The printed convention (居民公约) for the notice board and the stairwells: its numbered articles,
 * the line saying how it was adopted, and a QR code to its public page. A text not yet adopted is
 * marked as the draft for comments (征求意见稿). Pure apart from reading the font.
 */

export interface PrintableConvention {
  title: string;
  /** 甲社区 甲一小区: who it is for. */
  placeName: string;
  articles: readonly Article[];
  /** e.g. 经2026年3月1日甲一小区业主大会表决通过; null while a draft. */
  adoptionLine: string | null;
  publicUrl: string;
}

/** Where the QR code leads: the public page of the adopted text. */
export const publicConventionUrl = (origin: string, communityId: string, conventionId: string) =>
  `${origin}/board/${communityId}/conventions/${conventionId}`;

/** 2026年3月1日 for an instant, on the Shanghai calendar. */
export const chineseDay = (epochMs: number) => {
  const d = new Date(epochMs + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

export function renderConvention(fontFile: string, c: PrintableConvention): Promise<Buffer> {
  const { doc, bytes } = cjkDocument(fontFile, c.title, 64);
  const width = doc.page.width - 128;
  doc.fontSize(22).text(c.title, { align: 'center', characterSpacing: 2 });
  doc
    .moveDown(0.3)
    .fontSize(11)
    .text(c.adoptionLine ? c.placeName : `${c.placeName}（征求意见稿）`, { align: 'center' });
  doc.moveDown(1).fontSize(12);
  for (const a of c.articles) {
    const head = `第${chineseNumber(a.number)}条${a.title ? ` ${a.title}` : ''}\u3000`;
    doc.text(`${head}${a.text}`, { indent: 24, lineGap: 4, width }).moveDown(0.4);
  }
  if (c.adoptionLine) doc.moveDown(0.8).text(c.adoptionLine, { align: 'right', width });

  // The QR code to the online copy, kept together at the foot (a new page if the articles fill this one).
  const modules = qrModules(c.publicUrl);
  const cell = 2.5;
  const size = modules.size * cell;
  if (doc.y + size + 40 > doc.page.height - 64) doc.addPage();
  const top = Math.max(doc.y + 24, doc.page.height - 64 - size - 24);
  const left = 64;
  for (let r = 0; r < modules.size; r++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(r, col)) doc.rect(left + col * cell, top + r * cell, cell, cell);
  doc.fill('#000000');
  doc.fontSize(9).text('扫码查看公约全文', left, top + size + 6, { width: 160 });
  doc.end();
  return bytes;
}
