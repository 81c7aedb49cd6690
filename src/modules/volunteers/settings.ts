import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Nullable } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { Named, nameOf } from '../deliberation/settings';

/**
 * A community's volunteer settings: its list of skills (一技之长), whether it keeps points (积分) and
 * how many an hour earns, and how many minutes an order done, a visit and a patrol credit. The
 * defaults hold until someone saves.
 */

export const defaultSkills: Named[] = [
  { code: 'repair', nameZh: '水电维修', nameEn: 'Repairs' },
  { code: 'haircut', nameZh: '理发', nameEn: 'Haircuts' },
  { code: 'medical', nameZh: '医疗', nameEn: 'Medical' },
  { code: 'legal', nameZh: '法律', nameEn: 'Legal advice' },
  { code: 'arts', nameZh: '文艺', nameEn: 'Arts' },
  { code: 'counselling', nameZh: '心理', nameEn: 'Counselling' },
  { code: 'computer', nameZh: '电脑', nameEn: 'Computers' },
  { code: 'driving', nameZh: '驾驶', nameEn: 'Driving' },
  { code: 'companion', nameZh: '陪护', nameEn: 'Companionship' },
];

export interface VolunteerSettings {
  skills: Named[];
  pointsEnabled: boolean;
  pointsPerHour: number;
  /** Minutes credited to the member who resolves an order. */
  orderMinutes: number;
  /** Minutes credited to the visitor for a door-knock visit. */
  visitMinutes: number;
  /** The most a patrol run credits, however long it took. */
  patrolMaxMinutes: number;
  updatedAt: number | null;
}

export async function volunteerSettings(db: Kysely<DB>, communityId: string): Promise<VolunteerSettings> {
  const row = await db
    .selectFrom('volunteer_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return {
    skills: row ? (JSON.parse(row.skills) as Named[]) : defaultSkills,
    pointsEnabled: row ? row.points_enabled === 1 : false,
    pointsPerHour: row?.points_per_hour ?? 10,
    orderMinutes: row?.order_minutes ?? 60,
    visitMinutes: row?.visit_minutes ?? 30,
    patrolMaxMinutes: row?.patrol_max_minutes ?? 240,
    updatedAt: row?.updated_at ?? null,
  };
}

/** 400 unless every code is one of the community's skills. */
export function requireSkills(settings: VolunteerSettings, codes: readonly string[], field = 'skills'): void {
  const unknown = codes.find((c) => !settings.skills.some((s) => s.code === c));
  if (unknown !== undefined)
    throw new AppError(400, 'volunteer_skill_unknown', { code: unknown }, [{ field }]);
}

/** Skill codes with their names in the reader's language. */
export const skillNames = (settings: VolunteerSettings, codes: readonly string[], locale: 'zh-CN' | 'en') =>
  codes.map((code) => ({ code, name: nameOf(settings.skills, code, locale) }));

export const SkillName = Type.Object({ code: Type.String(), name: Type.String() });

const Minutes = (max: number) => Type.Integer({ minimum: 0, maximum: max });

export const SettingsView = Type.Object({
  skills: Type.Array(Named),
  pointsEnabled: Type.Boolean({ description: 'volunteer points (积分) shown to volunteers' }),
  pointsPerHour: Type.Integer(),
  orderMinutes: Type.Integer({ description: 'minutes credited for an order resolved' }),
  visitMinutes: Type.Integer({ description: 'minutes credited for a door-knock visit' }),
  patrolMaxMinutes: Type.Integer({ description: 'the most one patrol run credits' }),
  updatedAt: Nullable(Type.Integer()),
});

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/volunteer-settings',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'The community’s volunteer settings: skills, points, minutes credited per kind of service',
        params: CommunityParams,
        response: { 200: SettingsView },
      },
    },
    async (req) => volunteerSettings(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/volunteer-settings',
    {
      config: { access: access.community('volunteers.manage') },
      schema: {
        tags: ['volunteers'],
        summary: 'Change the volunteer settings (a skills list replaces the old one)',
        params: CommunityParams,
        body: Type.Object(
          {
            skills: Type.Optional(Type.Array(Named, { minItems: 1, maxItems: 60 })),
            pointsEnabled: Type.Optional(Type.Boolean()),
            pointsPerHour: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            orderMinutes: Type.Optional(Minutes(24 * 60)),
            visitMinutes: Type.Optional(Minutes(24 * 60)),
            patrolMaxMinutes: Type.Optional(Minutes(24 * 60)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SettingsView },
      },
    },
    async (req) => {
      // Settings apply to every compound and squad: only a community-wide grant changes them.
      requireCan(req, 'volunteers.manage', {});
      const { skills } = req.body;
      if (skills && new Set(skills.map((s) => s.code)).size !== skills.length)
        throw new AppError(400, 'volunteer_codes_repeat', {}, [{ field: 'skills' }]);
      const communityId = communityOf(req).id;
      const before = await volunteerSettings(db, communityId);
      const after = { ...before, ...req.body, updatedAt: undefined };
      const values = {
        skills: JSON.stringify(after.skills),
        points_enabled: after.pointsEnabled ? (1 as const) : (0 as const),
        points_per_hour: after.pointsPerHour,
        order_minutes: after.orderMinutes,
        visit_minutes: after.visitMinutes,
        patrol_max_minutes: after.patrolMaxMinutes,
        updated_by: req.account!.id,
        updated_at: Date.now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('volunteer_settings')
          .values({ community_id: communityId, id: newId(), ...values })
          .onConflict((oc) => oc.columns(['community_id']).doUpdateSet(values))
          .execute();
        // Minutes per service and points decide every volunteer's figures.
        await audit(trx, communityId, {
          ...actor(req),
          action: 'volunteer_settings.update',
          targetType: 'volunteer_settings',
          targetId: communityId,
          before: { ...before, updatedAt: undefined },
          after,
        });
      });
      return volunteerSettings(db, communityId);
    },
  );
};
