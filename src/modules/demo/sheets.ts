import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Config } from '../../core/config';
import type { FilesTable } from '../../core/db/schema';
import { filePath, processUpload } from '../../core/files';
import type { PlannedSheet, SheetFiles } from './assemblies';

/**
 * The scans behind the demo's paper ballots. Every sheet shows the same placeholder, plainly marked
 * as demo data (a real scan would carry the owner's signature); it is made once, checked and
 * re-encoded as an upload is, and stored under each sheet's own file id where uploads live.
 */

const placeholder = `<svg xmlns="http://www.w3.org/2000/svg" width="620" height="877" viewBox="0 0 620 877">
  <rect width="620" height="877" fill="#fbfaf6"/>
  <g font-family="Noto Sans CJK SC, Noto Sans SC, WenQuanYi Zen Hei, sans-serif" fill="#222">
    <text x="310" y="90" font-size="30" text-anchor="middle">业主大会表决票</text>
    <text x="310" y="130" font-size="18" text-anchor="middle" fill="#a33">演示数据 · 扫描件示意</text>
    <text x="60" y="210" font-size="18">房号：</text><line x1="120" y1="214" x2="300" y2="214" stroke="#222"/>
    <text x="320" y="210" font-size="18">业主签名：</text><line x1="410" y1="214" x2="560" y2="214" stroke="#222"/>
    <rect x="60" y="260" width="500" height="300" fill="none" stroke="#222"/>
    <line x1="60" y1="410" x2="560" y2="410" stroke="#222"/>
    <text x="80" y="300" font-size="18">表决事项一</text>
    <text x="80" y="450" font-size="18">表决事项二</text>
    <text x="80" y="370" font-size="18">□ 同意&#12288;&#12288;□ 反对&#12288;&#12288;□ 弃权</text>
    <text x="80" y="520" font-size="18">□ 同意&#12288;&#12288;□ 反对&#12288;&#12288;□ 弃权</text>
    <text x="60" y="640" font-size="15" fill="#555">请在选项前的方框内打“√”，每项只能选一项。</text>
  </g>
</svg>`;

/** The scans to store: their file rows at once, the bytes written while the rows go in. */
export interface Sheets extends SheetFiles {
  /** Writes every scan; the load waits for it before it commits. */
  write(): Promise<void>;
  /** Takes the scans away again when the load does not go through. */
  remove(): Promise<void>;
}

/** Makes the placeholder once, for every sheet under its own file id. */
export async function prepareSheets(
  config: Pick<Config, 'dataDir'>,
  communityId: string,
  sheets: readonly PlannedSheet[],
): Promise<Sheets> {
  const scan = await processUpload(await sharp(Buffer.from(placeholder)).png().toBuffer());
  const sha256 = createHash('sha256').update(scan.data).digest('hex');
  const files = sheets.flatMap((sheet) => [
    { file: filePath(config, communityId, sheet.fileId), data: scan.data },
    ...(scan.thumb ? [{ file: filePath(config, communityId, sheet.fileId, true), data: scan.thumb }] : []),
  ]);
  let writing: Promise<unknown> = Promise.resolve();
  return {
    row: (sheet, community): FilesTable => ({
      community_id: community,
      id: sheet.fileId,
      uploaded_by: sheet.enteredBy,
      name: '表决票.png',
      mime: scan.mime,
      size: scan.data.length,
      sha256,
      width: scan.width,
      height: scan.height,
      has_thumb: scan.thumb ? 1 : 0,
      attached_type: 'paper_ballot',
      attached_id: sheet.id,
      attached_at: sheet.enteredAt,
      created_at: sheet.enteredAt,
      removed_at: null,
    }),
    async write() {
      writing = (async () => {
        await fs.mkdir(path.dirname(files[0]?.file ?? '.'), { recursive: true, mode: 0o700 });
        await Promise.all(files.map(({ file, data }) => fs.writeFile(file, data, { mode: 0o600 })));
      })();
      await writing;
    },
    async remove() {
      await writing.catch(() => undefined);
      await Promise.all(files.map(({ file }) => fs.rm(file, { force: true })));
    },
  };
}
