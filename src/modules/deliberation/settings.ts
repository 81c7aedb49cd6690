import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { audit } from '../../core/audit';
import type { Locale } from '../../core/config';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Nullable, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';

/**
 * A community's own words and numbers for deliberation: how many supports (附议) put a topic on the
 * agenda queue, its kinds of meeting and its topic categories. The defaults hold until someone saves.
 */

export const Named = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9_]+$' }),
  nameZh: Text(20),
  nameEn: Text(40),
});
export type Named = Static<typeof Named>;

export const defaultSupportThreshold = 10;

export const defaultMeetingTypes: Named[] = [
  { code: 'joint', nameZh: '联席会议', nameEn: 'Joint meeting' },
  { code: 'council', nameZh: '议事会', nameEn: 'Residents’ council' },
  { code: 'after_dinner', nameZh: '晚饭后议事', nameEn: 'After-dinner talk' },
  { code: 'owner_reps', nameZh: '业主代表大会', nameEn: 'Owners’ representatives' },
  { code: 'building', nameZh: '楼栋会', nameEn: 'Building meeting' },
];

export const defaultTopicCategories: Named[] = [
  { code: 'environment', nameZh: '环境卫生', nameEn: 'Environment' },
  { code: 'parking', nameZh: '停车交通', nameEn: 'Parking and traffic' },
  { code: 'facilities', nameZh: '设施维修', nameEn: 'Facilities' },
  { code: 'safety', nameZh: '安全', nameEn: 'Safety' },
  { code: 'neighbours', nameZh: '邻里关系', nameEn: 'Neighbours' },
  { code: 'property', nameZh: '物业服务', nameEn: 'Property services' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
];

export interface DeliberationSettings {
  supportThreshold: number;
  meetingTypes: Named[];
  topicCategories: Named[];
  updatedAt: number | null;
}

export async function deliberationSettings(
  db: Kysely<DB>,
  communityId: string,
): Promise<DeliberationSettings> {
  const row = await db
    .selectFrom('deliberation_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return {
    supportThreshold: row?.support_threshold ?? defaultSupportThreshold,
    meetingTypes: row ? (JSON.parse(row.meeting_types) as Named[]) : defaultMeetingTypes,
    topicCategories: row ? (JSON.parse(row.topic_categories) as Named[]) : defaultTopicCategories,
    updatedAt: row?.updated_at ?? null,
  };
}

/** A code's name in the reader's language; an unknown (since removed) code reads as itself. */
export function nameOf(list: readonly Named[], code: string, locale: Locale): string {
  const found = list.find((n) => n.code === code);
  return found ? (locale === 'en' ? found.nameEn : found.nameZh) : code;
}

/** 400 unless `code` is one of the community's topic categories. */
export function requireCategory(settings: DeliberationSettings, code: string): void {
  if (!settings.topicCategories.some((c) => c.code === code))
    throw new AppError(400, 'topic_category_unknown', { code }, [{ field: 'category' }]);
}

export const SettingsView = Type.Object({
  supportThreshold: Type.Integer({
    description: 'supports (附议) that put a raised topic on the agenda queue',
  }),
  meetingTypes: Type.Array(Named),
  topicCategories: Type.Array(Named),
  updatedAt: Nullable(Type.Integer()),
});

const NamedList = Type.Array(Named, { minItems: 1, maxItems: 30 });

function requireDistinct(list: readonly Named[] | undefined, field: string) {
  if (list && new Set(list.map((n) => n.code)).size !== list.length)
    throw new AppError(400, 'deliberation_codes_repeat', {}, [{ field }]);
}

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/deliberation-settings',
    {
      config: { access: access.community('deliberation.read') },
      schema: {
        tags: ['deliberation'],
        summary: 'The community’s deliberation settings: support threshold, meeting types, topic categories',
        params: CommunityParams,
        response: { 200: SettingsView },
      },
    },
    async (req) => deliberationSettings(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/deliberation-settings',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Change the community’s deliberation settings (whole lists replace the old ones)',
        params: CommunityParams,
        body: Type.Object(
          {
            supportThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            meetingTypes: Type.Optional(NamedList),
            topicCategories: Type.Optional(NamedList),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SettingsView },
      },
    },
    async (req) => {
      // Settings apply to every compound: only a community-wide grant changes them.
      requireCan(req, 'deliberation.manage', {});
      requireDistinct(req.body.meetingTypes, 'meetingTypes');
      requireDistinct(req.body.topicCategories, 'topicCategories');
      const communityId = communityOf(req).id;
      const before = await deliberationSettings(db, communityId);
      const after = {
        supportThreshold: req.body.supportThreshold ?? before.supportThreshold,
        meetingTypes: req.body.meetingTypes ?? before.meetingTypes,
        topicCategories: req.body.topicCategories ?? before.topicCategories,
      };
      const values = {
        support_threshold: after.supportThreshold,
        meeting_types: JSON.stringify(after.meetingTypes),
        topic_categories: JSON.stringify(after.topicCategories),
        updated_by: req.account!.id,
        updated_at: Date.now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('deliberation_settings')
          .values({ community_id: communityId, id: newId(), ...values })
          .onConflict((oc) => oc.columns(['community_id']).doUpdateSet(values))
          .execute();
        // The threshold decides which topics reach the agenda: a public figure, so it is audited.
        await audit(trx, communityId, {
          ...actor(req),
          action: 'deliberation_settings.update',
          targetType: 'deliberation_settings',
          targetId: communityId,
          before: { ...before, updatedAt: undefined },
          after,
        });
      });
      return deliberationSettings(db, communityId);
    },
  );
};
