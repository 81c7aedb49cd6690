import QRCode from 'qrcode';
import { cjkDocument } from '../votes/notice';

/**
 * The printed rectification notice (整改告知书), one A4 page per household or place, in Chinese, set
 * in the CJK font the results notice uses (NOTICE_FONT). A QR code in the corner opens the online copy
 * in the resident app, where the household replies with a photo. Pure apart from reading the font:
 * notices in, PDF bytes out.
 */

export const rectificationTitle = '整改告知书';

export interface PrintableNotice {
  id: string;
  seq: number;
  round: number;
  placeName: string;
  /** null for a place without a household (a stairwell): addressed to everyone there. */
  householdName: string | null;
  deadline: string;
  kindNameZh: string;
  campaignTitle: string;
  problem: string;
  requirement: string;
  legalBasis: string | null;
  issuer: string;
  issuedOn: string;
}

/** Where the QR code leads: the notice's page in the resident app. */
export const onlineCopyUrl = (origin: string, id: string) => `${origin}/rectifications/${id}`;

/** The QR code as filled squares, one per dark module: sharp at any print size, no image to decode. */
export const qrModules = (text: string) => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;

const roundWords = ['', '', '（第二次告知）', '（第三次告知）'];

/** '2025-03-15' as 2025年3月15日. */
const chineseDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export function renderRectifications(
  fontFile: string,
  notices: readonly PrintableNotice[],
  origin: string,
): Promise<Buffer> {
  const first = notices[0];
  const { doc, bytes } = cjkDocument(
    fontFile,
    first ? `${first.campaignTitle} ${rectificationTitle}` : rectificationTitle,
    64,
  );
  const width = doc.page.width - 128;
  notices.forEach((n, i) => {
    if (i > 0) doc.addPage();
    doc.fontSize(24).text(rectificationTitle, { align: 'center', characterSpacing: 6 });
    doc
      .moveDown(0.3)
      .fontSize(11)
      .text(`〔${n.kindNameZh}〕第 ${n.seq} 号${roundWords[n.round] ?? `（第${n.round}次告知）`}`, {
        align: 'center',
      });
    doc.moveDown(1.2).fontSize(13);
    doc.text(n.householdName ? `${n.placeName} 住户（${n.householdName}）：` : `${n.placeName} 各位居民：`);
    doc.moveDown(0.6).fontSize(12);
    const paragraph = (text: string) => doc.text(text, { indent: 24, lineGap: 4, width }).moveDown(0.4);
    paragraph(`经检查，${n.problem}`);
    if (n.legalBasis) paragraph(`依据${n.legalBasis}，请您予以整改。`);
    paragraph(`整改要求：${n.requirement}`);
    paragraph(`请于 ${chineseDate(n.deadline)} 前完成整改。逾期未整改的，将依规定采取进一步措施。`);
    paragraph('整改完成后，请扫描下方二维码在线回复并上传照片，或告知网格员上门核查。感谢您的理解与配合！');

    // The QR code and the issuer share the lower part of the page.
    const top = Math.max(doc.y + 24, doc.page.height - 300);
    const modules = qrModules(onlineCopyUrl(origin, n.id));
    const cell = 3;
    const left = 64;
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++)
        if (modules.get(r, c)) doc.rect(left + c * cell, top + r * cell, cell, cell);
    doc.fill('#000000');
    doc.fontSize(9).text('扫码查看在线版本并回复', left, top + modules.size * cell + 6, { width: 160 });
    doc.fontSize(12).text(n.issuer, left + 180, top + 20, { width: width - 180, align: 'right' });
    doc.text(chineseDate(n.issuedOn), left + 180, doc.y + 4, { width: width - 180, align: 'right' });

    // The receipt strip for a notice handed over in person (送达回执).
    const strip = doc.page.height - 120;
    doc
      .moveTo(64, strip)
      .lineTo(doc.page.width - 64, strip)
      .dash(4, { space: 4 })
      .stroke()
      .undash();
    doc
      .fontSize(10)
      .text(`送达回执 · 第 ${n.seq} 号 · ${n.placeName}`, 64, strip + 12, { width })
      .text('签收人：______________    签收日期：______________    送达人：______________', 64, strip + 36, {
        width,
      });
  });
  doc.end();
  return bytes;
}
