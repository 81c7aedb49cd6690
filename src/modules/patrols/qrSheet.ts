import { cjkDocument } from '../votes/notice';
import { qrModules } from '../notices/print';

/**
 * The printable QR sheet (巡逻点二维码) of a route: six checkpoints to an A4 page, each a card with the
 * point's number and name, where it is, and a QR code holding the address of the resident app's scan
 * page for it. The volunteers cut the cards out and fix them at the points. Pure apart from reading
 * the font: points in, PDF bytes out.
 */

export interface SheetPoint {
  position: number;
  name: string;
  placeHint: string | null;
  url: string;
}

const columns = 2;
const rows = 3;
const margin = 36;

export function renderQrSheet(
  fontFile: string,
  route: { name: string; compoundName: string },
  points: readonly SheetPoint[],
): Promise<Buffer> {
  const { doc, bytes } = cjkDocument(fontFile, `${route.compoundName} ${route.name} 巡逻点二维码`, margin);
  const cardWidth = (doc.page.width - 2 * margin) / columns;
  const cardHeight = (doc.page.height - 2 * margin) / rows;
  points.forEach((p, i) => {
    const slot = i % (columns * rows);
    if (i > 0 && slot === 0) doc.addPage();
    const left = margin + (slot % columns) * cardWidth;
    const top = margin + Math.floor(slot / columns) * cardHeight;
    // The cutting line around the card.
    doc
      .rect(left + 4, top + 4, cardWidth - 8, cardHeight - 8)
      .dash(3, { space: 3 })
      .stroke()
      .undash();
    const inner = cardWidth - 32;
    doc
      .fontSize(9)
      .fillColor('#555555')
      .text(`${route.compoundName} · ${route.name}`, left + 16, top + 16, { width: inner, align: 'center' });
    doc
      .fontSize(16)
      .fillColor('#000000')
      .text(`${p.position}. ${p.name}`, left + 16, top + 32, { width: inner, align: 'center' });

    const modules = qrModules(p.url);
    const cell = Math.floor(Math.min(150, cardHeight - 110) / modules.size);
    const size = cell * modules.size;
    const qrLeft = left + (cardWidth - size) / 2;
    const qrTop = top + 60;
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++)
        if (modules.get(r, c)) doc.rect(qrLeft + c * cell, qrTop + r * cell, cell, cell);
    doc.fill('#000000');
    doc
      .fontSize(10)
      .text(p.placeHint ?? '巡逻时扫码打卡', left + 16, qrTop + size + 8, { width: inner, align: 'center' });
  });
  if (!points.length) doc.fontSize(14).text(`${route.name}：暂无巡逻点`, { align: 'center' });
  doc.end();
  return bytes;
}
