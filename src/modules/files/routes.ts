import fs from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../core/errors';
import { fileAccessCheck, filePath, fileView, imageTypes, pdfType, storeUpload } from '../../core/files';
import { access, principalOf } from '../../core/http/access';
import { CommunityParams, Id, Nullable, StringEnum } from '../../core/http/schemas';

/** 附件: upload a photo or PDF into a community, read it back. Storage rules in src/core/files.ts. */

const FileRecord = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'a safe download name; not the name on disk' }),
  mime: Type.String(),
  size: Type.Integer({ description: 'bytes as stored (photos re-encoded)' }),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  hasThumb: Type.Boolean(),
  createdAt: Type.Integer(),
});

/** A file is the same bytes for as long as it exists; only who may see it is checked each time. */
const cacheSeconds = 7 * 24 * 3600;

export const fileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;
  const maxBytes = config.uploadMaxMb * 1024 * 1024;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } });

  /** The community of the URL, set on the request as community routes have it (checkers rely on it). */
  async function loadCommunity(req: FastifyRequest, communityId: string) {
    const community = await db
      .selectFrom('communities')
      .select(['id', 'street_id'])
      .where('id', '=', communityId)
      .executeTakeFirst();
    if (!community) throw new AppError(404, 'not_found');
    req.community = { id: community.id, streetId: community.street_id };
    return req.community;
  }

  /**
   * Staff, volunteers and officers hold a grant there; residents have a confirmed household; owners
   * may be known only as a live person record linked to their account (an owner who lives elsewhere).
   */
  async function mayUpload(req: FastifyRequest, community: { id: string; streetId: string }) {
    const principal = principalOf(req);
    if (principal.platformAdmin) return true;
    if (
      principal.grants.some((g) =>
        g.kind === 'street' ? g.id === community.streetId : g.communityId === community.id,
      )
    )
      return true;
    const household = await db
      .selectFrom('household_bindings')
      .select('id')
      .where('community_id', '=', community.id)
      .where('account_id', '=', principal.accountId)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    if (household) return true;
    const person = await db
      .selectFrom('people')
      .select('id')
      .where('community_id', '=', community.id)
      .where('account_id', '=', principal.accountId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return !!person;
  }

  app.get(
    '/files/limits',
    {
      config: { access: access.session() },
      schema: {
        tags: ['files'],
        summary: 'What an upload may be, so a client can refuse a file before sending it over a slow network',
        response: {
          200: Type.Object({
            maxBytes: Type.Integer({ description: 'the largest file accepted, in bytes' }),
            maxMb: Type.Integer(),
            types: Type.Array(Type.String(), { description: 'the content types accepted' }),
          }),
        },
      },
    },
    async () => ({ maxBytes, maxMb: config.uploadMaxMb, types: [...imageTypes, pdfType] }),
  );

  app.post(
    '/communities/:communityId/files',
    {
      config: { access: access.session() },
      schema: {
        tags: ['files'],
        summary:
          'Upload a photo (JPEG, PNG, WebP) or a PDF as multipart/form-data, field `file`; attach it to a record later',
        consumes: ['multipart/form-data'],
        params: CommunityParams,
        response: { 201: FileRecord },
      },
    },
    async (req, reply) => {
      const community = await loadCommunity(req, req.params.communityId);
      if (!(await mayUpload(req, community))) throw new AppError(403, 'forbidden');
      const tooLarge = () => new AppError(413, 'files.too_large', { max: config.uploadMaxMb });
      let data: Buffer;
      let name: string | undefined;
      try {
        const part = req.isMultipart() ? await req.file() : undefined;
        if (!part || part.fieldname !== 'file') throw new AppError(400, 'files.missing');
        data = await part.toBuffer();
        name = part.filename;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        if (err instanceof AppError) throw err;
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
          throw new AppError(400, 'files.missing');
        throw err;
      }
      if (!data.length) throw new AppError(400, 'files.missing');
      const row = await storeUpload(app.deps, community.id, req.account!.id, { data, name });
      return reply.status(201).send(fileView(row));
    },
  );

  app.get(
    '/communities/:communityId/files/:fileId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['files'],
        summary:
          'The file’s bytes: to its uploader, or to whoever may see the record it is attached to (others: 404)',
        params: Type.Object({ communityId: Id, fileId: Id }),
        querystring: Type.Object({ size: Type.Optional(StringEnum(['full', 'thumb'] as const)) }),
      },
    },
    async (req, reply) => {
      const community = await loadCommunity(req, req.params.communityId);
      const row = await db
        .selectFrom('files')
        .selectAll()
        .where('community_id', '=', community.id)
        .where('id', '=', req.params.fileId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      // Not found, and not allowed, look the same: a file's existence is not for everyone to learn.
      const notFound = () => new AppError(404, 'not_found');
      if (!row || !(await mayRead(req, row))) throw notFound();
      const thumb = req.query.size === 'thumb';
      if (thumb && row.width === null) throw notFound();
      const file = filePath(config, community.id, row.id, thumb && row.has_thumb === 1);
      let stream: fs.ReadStream;
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
        stream = fs.createReadStream(file);
      } catch (err) {
        req.log.error({ err, fileId: row.id }, 'file recorded but missing on disk');
        throw notFound();
      }
      const image = row.width !== null;
      const name = encodeURIComponent(row.name);
      return reply
        .header('content-type', row.mime)
        .header('content-length', size)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', `private, max-age=${cacheSeconds}`)
        .header(
          'content-disposition',
          `${image ? 'inline' : 'attachment'}; filename="${row.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${name}`,
        )
        .send(stream);
    },
  );

  async function mayRead(
    req: FastifyRequest,
    row: { uploaded_by: string; attached_type: string | null; attached_id: string | null },
  ) {
    if (row.uploaded_by === req.account!.id) return true;
    if (!row.attached_type || !row.attached_id) return false;
    const check = fileAccessCheck(app, row.attached_type);
    if (!check) return false;
    try {
      return await check(req, row.attached_id);
    } catch (err) {
      if (err instanceof AppError && (err.status === 403 || err.status === 404)) return false;
      throw err;
    }
  }
};
