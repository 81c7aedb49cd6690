import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';

/**
 * The kinds of problem a community sends rectification notices for (整改类型), configurable per
 * community; the defaults are the ones the seeds name.
 */

export const RectificationKind = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
    nameZh: Text(40),
    nameEn: Text(60),
  },
  { additionalProperties: false },
);
export type RectificationKind = Static<typeof RectificationKind>;

export const defaultKinds: RectificationKind[] = [
  { code: 'corridor_clutter', nameZh: '楼道堆物', nameEn: 'Clutter in the stairwell' },
  { code: 'illegal_building', nameZh: '违章搭建', nameEn: 'Illegal building' },
  { code: 'fire_lane_parking', nameZh: '占用消防通道', nameEn: 'Parking on a fire lane' },
  { code: 'flying_wires', nameZh: '飞线充电', nameEn: 'Charging by trailing wires' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
];

const Settings = Type.Object({ kinds: Type.Array(RectificationKind, { minItems: 1, maxItems: 50 }) });

export async function kindsOf(db: Kysely<DB>, communityId: string): Promise<RectificationKind[]> {
  const row = await db
    .selectFrom('rectification_settings')
    .select('kinds')
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.kinds) as RectificationKind[]) : defaultKinds;
}

/** The kind named `code`, or 400 rectification_kind_unknown. */
export async function requireKind(db: Kysely<DB>, communityId: string, code: string) {
  const kind = (await kindsOf(db, communityId)).find((k) => k.code === code);
  if (!kind) throw new AppError(400, 'rectification_kind_unknown', { kind: code }, [{ field: 'kind' }]);
  return kind;
}

export const kindRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/rectification-settings',
    {
      config: { access: access.community('rectification.manage') },
      schema: {
        tags: ['rectification'],
        summary: 'The kinds of problem this community sends rectification notices for',
        params: CommunityParams,
        response: { 200: Settings },
      },
    },
    async (req) => ({ kinds: await kindsOf(db, communityOf(req).id) }),
  );

  app.put(
    '/communities/:communityId/rectification-settings',
    {
      config: { access: access.community('rectification.manage') },
      schema: {
        tags: ['rectification'],
        summary: 'Set the kinds of problem (community staff)',
        params: CommunityParams,
        body: Type.Object({ kinds: Settings.properties.kinds }, { additionalProperties: false }),
        response: { 200: Settings },
      },
    },
    async (req) => {
      requireCan(req, 'rectification.manage', {});
      const communityId = communityOf(req).id;
      const kinds = req.body.kinds.map((k) => ({
        code: k.code,
        nameZh: k.nameZh.trim(),
        nameEn: k.nameEn.trim(),
      }));
      if (new Set(kinds.map((k) => k.code)).size !== kinds.length)
        throw new AppError(400, 'rectification_kind_codes', {}, [{ field: 'kinds' }]);
      const now = Date.now();
      await db
        .insertInto('rectification_settings')
        .values({
          community_id: communityId,
          id: newId(),
          kinds: JSON.stringify(kinds),
          updated_by: req.account!.id,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['community_id'])
            .doUpdateSet({ kinds: JSON.stringify(kinds), updated_by: req.account!.id, updated_at: now }),
        )
        .execute();
      return { kinds };
    },
  );
};
