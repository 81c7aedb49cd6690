import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { CareSettingsTable, DB } from '../../core/db/schema';
import { fieldError } from '../../core/errors';
import { access, communityOf, requireCan } from '../../core/http/access';
import { CommunityParams, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';

/**
 * Each community's care settings: the kinds of care people it keeps (a configurable list), how long
 * an alarm may wait for someone to answer before staff are called, and the default contact plan.
 */

export const CareKind = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
  nameZh: Text(20),
  nameEn: Text(40),
});
export type CareKind = Static<typeof CareKind>;

export const defaultKinds: CareKind[] = [
  { code: 'living_alone', nameZh: '独居老人', nameEn: 'Living alone' },
  { code: 'empty_nest', nameZh: '空巢老人', nameEn: 'Empty nest' },
  { code: 'disabled', nameZh: '残疾人', nameEn: 'Disabled' },
  { code: 'left_behind_minor', nameZh: '留守儿童', nameEn: 'Minor left behind' },
  { code: 'hardship', nameZh: '困难家庭', nameEn: 'Hardship' },
  { code: 'serious_illness', nameZh: '重病', nameEn: 'Serious illness' },
];

export const CareSettings = Type.Object({
  kinds: Type.Array(CareKind),
  escalateMinutes: Type.Integer({
    description: 'minutes an alarm waits for an acknowledgement before staff are called',
  }),
  callEveryDays: Type.Integer({ description: 'default days between greeting calls (问候)' }),
  visitEveryDays: Type.Integer({ description: 'default days between home visits (上门探望)' }),
  updatedAt: Type.Integer(),
});

const SettingsInput = Type.Object(
  {
    kinds: Type.Array(CareKind, { minItems: 1, maxItems: 30 }),
    escalateMinutes: Type.Integer({ minimum: 1, maximum: 120 }),
    callEveryDays: Type.Integer({ minimum: 1, maximum: 90 }),
    visitEveryDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);

export interface Settings {
  kinds: CareKind[];
  escalateMinutes: number;
  callEveryDays: number;
  visitEveryDays: number;
  updatedAt: number;
}

const fromRow = (row: CareSettingsTable): Settings => ({
  kinds: JSON.parse(row.kinds_json) as CareKind[],
  escalateMinutes: row.escalate_minutes,
  callEveryDays: row.call_every_days,
  visitEveryDays: row.visit_every_days,
  updatedAt: row.updated_at,
});

/** The community's settings, or the defaults when nobody has changed them. */
export async function careSettings(db: Kysely<DB>, communityId: string): Promise<Settings> {
  const row = await db
    .selectFrom('care_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (row) return fromRow(row);
  return { kinds: defaultKinds, escalateMinutes: 5, callEveryDays: 7, visitEveryDays: 30, updatedAt: 0 };
}

/** 400 unless every code is one of the community's kinds; the codes without repeats. */
export function checkKinds(settings: Settings, kinds: readonly string[]): string[] {
  const known = new Set(settings.kinds.map((k) => k.code));
  const unknown = kinds.find((k) => !known.has(k));
  if (unknown !== undefined) throw fieldError(400, 'care_kind_unknown', 'kinds', { code: unknown });
  return [...new Set(kinds)];
}

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/care/settings',
    {
      config: { access: access.community('care.read') },
      schema: {
        tags: ['care'],
        summary: 'The community’s care kinds, alarm escalation time and default contact plan',
        params: CommunityParams,
        response: { 200: CareSettings },
      },
    },
    async (req) => careSettings(db, communityOf(req).id),
  );

  app.patch(
    '/communities/:communityId/care/settings',
    {
      config: { access: access.community('care.manage') },
      schema: {
        tags: ['care'],
        summary: 'Change the care settings (community staff)',
        params: CommunityParams,
        body: Type.Partial(SettingsInput, { additionalProperties: false, minProperties: 1 }),
        response: { 200: CareSettings },
      },
    },
    async (req) => {
      requireCan(req, 'care.manage', {});
      const communityId = communityOf(req).id;
      const current = await careSettings(db, communityId);
      const codes = (req.body.kinds ?? []).map((k) => k.code);
      if (new Set(codes).size !== codes.length) throw fieldError(400, 'care_kind_repeated', 'kinds');
      const next = { ...current, ...req.body, updatedAt: Date.now() };
      const row = {
        kinds_json: JSON.stringify(next.kinds),
        escalate_minutes: next.escalateMinutes,
        call_every_days: next.callEveryDays,
        visit_every_days: next.visitEveryDays,
        updated_by: req.account!.id,
        updated_at: next.updatedAt,
      };
      await db
        .insertInto('care_settings')
        .values({ community_id: communityId, id: newId(), ...row })
        .onConflict((oc) => oc.column('community_id').doUpdateSet(row))
        .execute();
      return next;
    },
  );
};
