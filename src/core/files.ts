import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import sharp, { type Sharp } from 'sharp';
import type { Config } from './config';
import type { DB, FilesTable } from './db/schema';
import type { Deps } from './deps';
import { AppError } from './errors';
import { newId } from './ids';

/**
 * Uploaded files: photos of a leak, a scanned paper ballot, a candidate's portrait, a PDF notice.
 *
 * - Stored under DATA_DIR/files/<communityId>/<generated id>, outside the web root, never under
 *   the name the client gave.
 * - Judged by content, not by name or declared type: JPEG, PNG and WebP photos (read by sharp) are
 *   re-encoded upright, at most 2560 px, without their metadata, so the GPS position a phone writes
 *   into a photo never leaves the server; a 320 px thumbnail goes beside them. PDFs are kept as
 *   they are. Anything else is refused (files.type).
 * - An upload belongs to its uploader until a module attaches it to a record (attachFiles); from
 *   then on whoever may see that record may read it (registerFileAccess). Unattached uploads are
 *   cleared after a day.
 */

export const maxImageSide = 2560;
export const thumbSide = 320;
/** Refuse images whose pixel count would take too much memory to decode (decompression bombs). */
const maxInputPixels = 60_000_000;

export const imageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const pdfType = 'application/pdf';

const extensions: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  [pdfType]: '.pdf',
};

/** What an upload turned into, ready to store. */
export interface Processed {
  mime: string;
  data: Buffer;
  width: number | null;
  height: number | null;
  thumb: Buffer | null;
}

const refused = () => new AppError(400, 'files.type');

/** Checks the bytes and prepares them for storage: photos re-encoded, PDFs as they are. Throws files.type. */
export async function processUpload(data: Buffer): Promise<Processed> {
  const detected = await fileTypeFromBuffer(data);
  if (detected?.mime === pdfType && data.subarray(0, 5).toString('latin1') === '%PDF-')
    return { mime: pdfType, data, width: null, height: null, thumb: null };
  if (!detected || !(imageTypes as readonly string[]).includes(detected.mime)) throw refused();
  const mime = detected.mime as (typeof imageTypes)[number];
  const encode = (image: Sharp) =>
    mime === 'image/jpeg'
      ? image.jpeg({ quality: 85, mozjpeg: true })
      : mime === 'image/png'
        ? image.png({ compressionLevel: 9 })
        : image.webp({ quality: 85 });
  try {
    const source = () => sharp(data, { limitInputPixels: maxInputPixels, failOn: 'error' }).rotate();
    // sharp writes no metadata unless asked to: EXIF (GPS, camera serial), XMP and comments are dropped.
    const main = await encode(
      source().resize({ width: maxImageSide, height: maxImageSide, fit: 'inside', withoutEnlargement: true }),
    ).toBuffer({ resolveWithObject: true });
    const needsThumb = main.info.width > thumbSide || main.info.height > thumbSide;
    const thumb = needsThumb
      ? await encode(
          sharp(main.data).resize({ width: thumbSide, height: thumbSide, fit: 'inside' }),
        ).toBuffer()
      : null;
    return { mime, data: main.data, width: main.info.width, height: main.info.height, thumb };
  } catch {
    // Claims to be a photo but does not decode: truncated, corrupt, or crafted.
    throw refused();
  }
}

/** A download name that cannot break a header or a path: letters, digits, CJK, a few marks; the true extension. */
export function safeFileName(given: string | undefined, mime: string): string {
  const base = path
    .basename((given ?? '').replace(/\\/g, '/'))
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .trim()
    .slice(0, 80);
  return (base || 'file') + (extensions[mime] ?? '');
}

export function filePath(
  config: Pick<Config, 'dataDir'>,
  communityId: string,
  id: string,
  thumb = false,
): string {
  return path.join(config.dataDir, 'files', communityId, thumb ? `${id}.thumb` : id);
}

async function writeAtomically(file: string, data: Buffer) {
  const temp = `${file}.${newId()}.part`;
  await fs.writeFile(temp, data, { flag: 'wx', mode: 0o600 });
  await fs.rename(temp, file);
}

/** Stores a checked upload and records it, owned by `accountId` and attached to nothing yet. */
export async function storeUpload(
  deps: Pick<Deps, 'db' | 'config'>,
  communityId: string,
  accountId: string,
  upload: { data: Buffer; name?: string },
): Promise<FilesTable> {
  const processed = await processUpload(upload.data);
  const id = newId();
  const main = filePath(deps.config, communityId, id);
  await fs.mkdir(path.dirname(main), { recursive: true, mode: 0o700 });
  await writeAtomically(main, processed.data);
  if (processed.thumb) await writeAtomically(filePath(deps.config, communityId, id, true), processed.thumb);
  const row: FilesTable = {
    community_id: communityId,
    id,
    uploaded_by: accountId,
    name: safeFileName(upload.name, processed.mime),
    mime: processed.mime,
    size: processed.data.length,
    sha256: createHash('sha256').update(processed.data).digest('hex'),
    width: processed.width,
    height: processed.height,
    has_thumb: processed.thumb ? 1 : 0,
    attached_type: null,
    attached_id: null,
    attached_at: null,
    created_at: Date.now(),
    removed_at: null,
  };
  try {
    await deps.db.insertInto('files').values(row).execute();
  } catch (err) {
    await removeStoredBytes(deps.config, communityId, id);
    throw err;
  }
  return row;
}

export async function removeStoredBytes(config: Pick<Config, 'dataDir'>, communityId: string, id: string) {
  for (const file of [filePath(config, communityId, id), filePath(config, communityId, id, true)])
    await fs.rm(file, { force: true });
}

/** The file as the API shows it. */
export function fileView(row: FilesTable) {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    width: row.width,
    height: row.height,
    hasThumb: row.has_thumb === 1,
    createdAt: row.created_at,
  };
}

/**
 * Attaches uploads to a record (an order, a paper ballot), inside the caller's transaction. Every id
 * must name a live, unattached file in this community uploaded by `accountId`; otherwise nothing is
 * attached and 400 files.unknown is thrown (the caller's transaction then rolls back).
 */
export async function attachFiles(
  trx: Kysely<DB>,
  communityId: string,
  fileIds: readonly string[],
  to: { type: string; id: string },
  accountId: string,
  options: { imagesOnly?: boolean } = {},
): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (!ids.length) return;
  // A photo field given a PDF's id would show a broken picture to everyone who opens the record.
  if (options.imagesOnly) {
    const notImage = await trx
      .selectFrom('files')
      .select('id')
      .where('community_id', '=', communityId)
      .where('id', 'in', ids)
      .where('mime', 'not like', 'image/%')
      .executeTakeFirst();
    if (notImage) throw new AppError(400, 'files.not_image');
  }
  const result = await trx
    .updateTable('files')
    .set({ attached_type: to.type, attached_id: to.id, attached_at: Date.now() })
    .where('community_id', '=', communityId)
    .where('id', 'in', ids)
    .where('uploaded_by', '=', accountId)
    .where('attached_id', 'is', null)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) throw new AppError(400, 'files.unknown');
}

/**
 * Whether the caller may read a file attached to record `attachedId` of this type. The request's
 * community is set (req.community, as on community routes), so requireCan and visibleRows work; a
 * checker may also throw a 403/404 AppError, which counts as "no".
 */
export type FileAccessCheck = (req: FastifyRequest, attachedId: string) => Promise<boolean>;

const checkers = new WeakMap<object, Map<string, FileAccessCheck>>();

/** Called by a module at plugin registration: who may read files attached to its records of `type`. */
export function registerFileAccess(app: FastifyInstance, type: string, check: FileAccessCheck): void {
  let registry = checkers.get(app.server);
  if (!registry) checkers.set(app.server, (registry = new Map()));
  if (registry.has(type)) throw new Error(`file access for ${type} is registered twice`);
  registry.set(type, check);
}

export function fileAccessCheck(app: FastifyInstance, type: string): FileAccessCheck | undefined {
  return checkers.get(app.server)?.get(type);
}
