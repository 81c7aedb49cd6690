import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../core/db/schema';
import { attachFiles } from '../../core/files';
import { Id, Nullable } from '../../core/http/schemas';

/** Files attached to notices and rectification records, read through GET /communities/:id/files/:fileId. */

export const fileTypes = {
  notice: 'notice',
  reply: 'rectification_reply',
  check: 'rectification_check',
} as const;

export const Attachment = Type.Object({
  id: Type.String({ description: 'GET /communities/:communityId/files/:id (?size=thumb for a photo)' }),
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  hasThumb: Type.Boolean(),
});

export const FileIds = Type.Array(Id, { maxItems: 20, uniqueItems: true });

/** The live files attached to each record of a type, in upload order, by record id. */
export async function attachmentsOf(
  db: Kysely<DB>,
  communityId: string,
  type: string,
  ids: readonly string[],
) {
  const rows = ids.length
    ? await db
        .selectFrom('files')
        .select(['id', 'name', 'mime', 'size', 'width', 'height', 'has_thumb', 'attached_id'])
        .where('community_id', '=', communityId)
        .where('attached_type', '=', type)
        .where('attached_id', 'in', [...ids])
        .where('removed_at', 'is', null)
        .orderBy('attached_at')
        .orderBy('id')
        .execute()
    : [];
  const out = new Map(
    ids.map((id) => [
      id,
      [] as {
        id: string;
        name: string;
        mime: string;
        size: number;
        width: number | null;
        height: number | null;
        hasThumb: boolean;
      }[],
    ]),
  );
  for (const f of rows)
    out.get(f.attached_id!)?.push({
      id: f.id,
      name: f.name,
      mime: f.mime,
      size: f.size,
      width: f.width,
      height: f.height,
      hasThumb: f.has_thumb === 1,
    });
  return out;
}

/**
 * Makes `fileIds` the record's files: new ones are attached (they must be the caller's own uploads),
 * ones left out are let go (the cleanup job removes them like any unattached upload).
 */
export async function setAttachments(
  trx: Kysely<DB>,
  communityId: string,
  to: { type: string; id: string },
  fileIds: readonly string[],
  accountId: string,
): Promise<void> {
  const current = await trx
    .selectFrom('files')
    .select('id')
    .where('community_id', '=', communityId)
    .where('attached_type', '=', to.type)
    .where('attached_id', '=', to.id)
    .execute();
  const keep = new Set(fileIds);
  const dropped = current.filter((f) => !keep.has(f.id)).map((f) => f.id);
  if (dropped.length)
    await trx
      .updateTable('files')
      .set({ attached_type: null, attached_id: null, attached_at: null })
      .where('community_id', '=', communityId)
      .where('id', 'in', dropped)
      .execute();
  const have = new Set(current.map((f) => f.id));
  await attachFiles(
    trx,
    communityId,
    fileIds.filter((id) => !have.has(id)),
    to,
    accountId,
  );
}
