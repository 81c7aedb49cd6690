import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate, whereVisible } from '../../core/db/query';
import type { DB, DutyRuleReportsTable, DutyRuleSetsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, actor, communityOf, requireCan, visibleRows } from '../../core/http/access';
import { CommunityParams, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { filled } from '../deliberation/store';
import { notify } from '../notifications';
import { ageDays, appealStates, decideAppeal, type AppealState } from './rules';
import { asBranch, changedMeanwhile, committeeMembersOf, compoundNames, decisionRefused } from './store';

/**
 * 九不准: the duty rules binding a compound's owners' committee members, set by the branch (a new
 * version replaces the last and asks every member to acknowledge again), the members' acknowledgements,
 * and the reports of breaches — decided with reasons by the branch or community staff, never by the
 * committee itself.
 */

const action = 'conventions.manage';
const tags = ['duty-rules'];
type Db = Kysely<DB>;

export const RuleSet = Type.Object({
  id: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  title: Type.String(),
  rules: Type.Array(Type.String()),
  version: Type.Integer({ description: '1, 2…: the highest version of a compound is in force' }),
  current: Type.Boolean(),
  createdAt: Type.Integer(),
});

const Member = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  position: Type.String(),
  hasAccount: Type.Boolean(),
  acknowledgedAt: Nullable(Type.Integer()),
});

export const Report = Type.Object({
  id: Type.String(),
  ruleSetId: Type.String(),
  compoundId: Type.String(),
  memberPersonId: Nullable(Type.String()),
  memberName: Nullable(Type.String()),
  ruleIndex: Type.Integer({ description: '1-based: the rule breached' }),
  ruleText: Type.String(),
  text: Type.String(),
  anonymous: Type.Boolean(),
  reporterName: Nullable(Type.String({ description: 'null when the reporter chose to stay anonymous' })),
  state: StringEnum(appealStates),
  createdAt: Type.Integer(),
  ageDays: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
  decisionText: Nullable(Type.String()),
});

export const rulesOf = (s: DutyRuleSetsTable) => JSON.parse(s.rules) as string[];

/** The version in force per compound: the highest. */
export async function latestVersions(db: Db, communityId: string) {
  const rows = await db
    .selectFrom('duty_rule_sets')
    .select((eb) => ['compound_id', eb.fn.max('version').as('v')])
    .where('community_id', '=', communityId)
    .groupBy('compound_id')
    .execute();
  return new Map(rows.map((r) => [r.compound_id, Number(r.v)]));
}

export function ruleSetView(s: DutyRuleSetsTable, compoundName: string, latest: number | undefined) {
  return {
    id: s.id,
    compoundId: s.compound_id,
    compoundName,
    title: s.title,
    rules: rulesOf(s),
    version: s.version,
    current: latest === s.version,
    createdAt: s.created_at,
  };
}

export async function ruleSetRow(db: Db, id: string, communityId?: string) {
  let query = db.selectFrom('duty_rule_sets').selectAll().where('id', '=', id);
  if (communityId) query = query.where('community_id', '=', communityId);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

type ReportRow = DutyRuleReportsTable & {
  rules: string;
  member_name: string | null;
  reporter_name: string | null;
};

function reportView(r: ReportRow, now: number) {
  return {
    id: r.id,
    ruleSetId: r.rule_set_id,
    compoundId: r.compound_id,
    memberPersonId: r.member_person_id,
    memberName: r.member_name,
    ruleIndex: r.rule_index,
    ruleText: (JSON.parse(r.rules) as string[])[r.rule_index - 1] ?? '',
    text: r.text,
    anonymous: r.reporter_account_id === null,
    reporterName: r.reporter_name,
    state: r.state as AppealState,
    createdAt: r.created_at,
    ageDays: ageDays(r.created_at, r.decided_at ?? now),
    decidedAt: r.decided_at,
    decisionText: r.decision_text,
  };
}

function reportRows(db: Db) {
  return db
    .selectFrom('duty_rule_reports as r')
    .innerJoin('duty_rule_sets as s', (j) =>
      j.onRef('s.community_id', '=', 'r.community_id').onRef('s.id', '=', 'r.rule_set_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'r.community_id').onRef('p.id', '=', 'r.member_person_id'),
    )
    .leftJoin('accounts as a', 'a.id', 'r.reporter_account_id')
    .selectAll('r')
    .select(['s.rules', 'p.name as member_name', 'a.display_name as reporter_name']);
}

export const dutyRuleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  async function load(req: FastifyRequest, id: string) {
    const row = await ruleSetRow(db, id, communityOf(req).id);
    requireCan(req, action, { compoundId: row.compound_id });
    return row;
  }

  app.get(
    '/communities/:communityId/duty-rules',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Duty rule sets (九不准) in my scope, with how many members acknowledged',
        params: CommunityParams,
        querystring: ListQuery({
          compoundId: Type.Optional(Id),
          current: Type.Optional(Type.Boolean({ description: 'only the version in force per compound' })),
        }),
        response: {
          200: Page(
            Type.Object({
              ...RuleSet.properties,
              members: Type.Integer(),
              acknowledged: Type.Integer({ description: 'current members who acknowledged this version' }),
            }),
          ),
        },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, action);
      let query = db
        .selectFrom('duty_rule_sets as s')
        .selectAll('s')
        .where('s.community_id', '=', communityId)
        .where((eb) => whereVisible(eb, filter, { compound: 's.compound_id' }));
      const { compoundId, current, q } = req.query;
      const latest = await latestVersions(db, communityId);
      if (compoundId) query = query.where('s.compound_id', '=', compoundId);
      if (current)
        query = query.where('s.version', '=', (eb) =>
          eb
            .selectFrom('duty_rule_sets as x')
            .select((x) => x.fn.max('x.version').as('v'))
            .whereRef('x.community_id', '=', 's.community_id')
            .whereRef('x.compound_id', '=', 's.compound_id'),
        );
      if (q) query = query.where(contains('s.title', q));
      const page = await paginate(
        query.orderBy('s.created_at', req.query.order ?? 'desc').orderBy('s.id'),
        req.query,
      );
      const names = await compoundNames(
        db,
        communityId,
        page.items.map((s) => s.compound_id),
      );
      const items = await Promise.all(
        page.items.map(async (s) => {
          const members = await committeeMembersOf(db, communityId, s.compound_id);
          const acks = await acksOf(communityId, s.id);
          return {
            ...ruleSetView(s, names.get(s.compound_id) ?? '', latest.get(s.compound_id)),
            members: members.length,
            acknowledged: members.filter((m) => acks.has(m.personId)).length,
          };
        }),
      );
      return { ...page, items };
    },
  );

  async function acksOf(communityId: string, ruleSetId: string) {
    const rows = await db
      .selectFrom('duty_rule_acks')
      .select(['person_id', 'acknowledged_at'])
      .where('community_id', '=', communityId)
      .where('rule_set_id', '=', ruleSetId)
      .execute();
    return new Map(rows.map((r) => [r.person_id, r.acknowledged_at]));
  }

  app.post(
    '/communities/:communityId/duty-rules',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary:
          'Set the duty rules of a compound’s committee members; a new version asks every member again',
        params: CommunityParams,
        body: Type.Object(
          {
            compoundId: Id,
            title: Text(80),
            rules: Type.Array(Text(300), { minItems: 1, maxItems: 30 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: RuleSet },
      },
    },
    async (req, reply) => {
      const communityId = communityOf(req).id;
      const { compoundId } = req.body;
      const names = await compoundNames(db, communityId, [compoundId]);
      if (!names.has(compoundId)) throw fieldError(400, 'bad_reference', 'compoundId', { what: 'compound' });
      requireCan(req, action, { compoundId });
      const rules = req.body.rules.map((r, i) => filled(r, `rules/${i}`));
      const now = Date.now();
      const row = await db.transaction().execute(async (trx) => {
        const last = await trx
          .selectFrom('duty_rule_sets')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('community_id', '=', communityId)
          .where('compound_id', '=', compoundId)
          .executeTakeFirst();
        const set: DutyRuleSetsTable = {
          community_id: communityId,
          id: newId(),
          compound_id: compoundId,
          title: filled(req.body.title, 'title'),
          rules: JSON.stringify(rules),
          version: Number(last?.v ?? 0) + 1,
          created_by: req.account!.id,
          created_at: now,
        };
        await trx.insertInto('duty_rule_sets').values(set).execute().catch(changedMeanwhile);
        await audit(trx, communityId, {
          ...actor(req),
          action: 'duty_rules.issued',
          targetType: 'duty_rule_set',
          targetId: set.id,
          after: { compoundId, version: set.version, rules },
        });
        const members = await committeeMembersOf(trx, communityId, compoundId);
        const told = await notify(
          app.deps,
          communityId,
          members.flatMap((m) => (m.accountId ? [m.accountId] : [])),
          { kind: 'duty_rules_issued', params: { title: set.title }, link: '/duty-rules' },
          { trx },
        );
        return { set, told };
      });
      await row.told.publish();
      return reply.status(201).send(ruleSetView(row.set, names.get(compoundId)!, row.set.version));
    },
  );

  app.get(
    '/communities/:communityId/duty-rules/:ruleSetId',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'A rule set with the current committee members and whether each acknowledged it',
        params: Type.Object({ communityId: Id, ruleSetId: Id }),
        response: { 200: Type.Object({ ...RuleSet.properties, members: Type.Array(Member) }) },
      },
    },
    async (req) => {
      const s = await load(req, req.params.ruleSetId);
      const [names, latest, members, acks] = await Promise.all([
        compoundNames(db, s.community_id, [s.compound_id]),
        latestVersions(db, s.community_id),
        committeeMembersOf(db, s.community_id, s.compound_id),
        acksOf(s.community_id, s.id),
      ]);
      return {
        ...ruleSetView(s, names.get(s.compound_id) ?? '', latest.get(s.compound_id)),
        members: members.map((m) => ({
          personId: m.personId,
          name: m.name,
          position: m.position,
          hasAccount: m.accountId !== null,
          acknowledgedAt: acks.get(m.personId) ?? null,
        })),
      };
    },
  );

  app.get(
    '/communities/:communityId/duty-rule-reports',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary:
          'Reports of breaches of the duty rules in my scope, oldest first, with their age (exportable)',
        params: CommunityParams,
        querystring: ListQuery({
          state: Type.Optional(StringEnum(appealStates)),
          compoundId: Type.Optional(Id),
          ruleSetId: Type.Optional(Id),
        }),
        response: { 200: Page(Report) },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const filter = visibleRows(req, action);
      let query = reportRows(db)
        .where('r.community_id', '=', communityId)
        .where((eb) => whereVisible(eb, filter, { compound: 'r.compound_id' }));
      const { state, compoundId, ruleSetId, q } = req.query;
      if (state) query = query.where('r.state', '=', state);
      if (compoundId) query = query.where('r.compound_id', '=', compoundId);
      if (ruleSetId) query = query.where('r.rule_set_id', '=', ruleSetId);
      if (q) query = query.where(contains('r.text', q));
      const page = await paginate(
        query.orderBy('r.created_at', req.query.order ?? 'asc').orderBy('r.id'),
        req.query,
      );
      const now = Date.now();
      return { ...page, items: page.items.map((r) => reportView(r, now)) };
    },
  );

  app.post(
    '/communities/:communityId/duty-rule-reports/:reportId/decide',
    {
      config: { access: access.community(action) },
      schema: {
        tags,
        summary: 'Decide a report with reasons (the branch or community staff; never the committee itself)',
        params: Type.Object({ communityId: Id, reportId: Id }),
        body: Type.Object({ uphold: Type.Boolean(), text: Text(1000) }, { additionalProperties: false }),
        response: { 200: Report },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const r = await reportRows(db)
        .where('r.community_id', '=', communityId)
        .where('r.id', '=', req.params.reportId)
        .executeTakeFirst();
      if (!r) throw new AppError(404, 'not_found');
      requireCan(req, action, { compoundId: r.compound_id });
      if (!asBranch(req, r.compound_id)) throw new AppError(403, 'duty_report_decider');
      const now = Date.now();
      const out = decideAppeal(
        {
          state: r.state as AppealState,
          createdAt: r.created_at,
          decidedBy: r.decided_by,
          decidedAt: r.decided_at,
          decisionText: r.decision_text,
        },
        { by: req.account!.id, at: now, uphold: req.body.uphold, text: req.body.text },
      );
      if (!out.ok) throw decisionRefused(out.reason);
      const told = await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('duty_rule_reports')
          .set({
            state: out.appeal.state,
            decided_by: out.appeal.decidedBy,
            decided_at: out.appeal.decidedAt,
            decision_text: out.appeal.decisionText,
          })
          .where('community_id', '=', communityId)
          .where('id', '=', r.id)
          .where('state', '=', 'open')
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'red_black_appeal_decided');
        await audit(trx, communityId, {
          ...actor(req),
          action: 'duty_rules.report_decided',
          targetType: 'duty_rule_report',
          targetId: r.id,
          before: { state: 'open' },
          after: {
            state: out.appeal.state,
            text: out.appeal.decisionText,
            memberPersonId: r.member_person_id,
          },
        });
        return r.reporter_account_id
          ? notify(
              app.deps,
              communityId,
              [r.reporter_account_id],
              {
                kind: 'duty_report_decided',
                params: { title: reportView(r, now).ruleText },
                link: '/duty-rules',
              },
              { trx },
            )
          : null;
      });
      await told?.publish();
      const after = await reportRows(db)
        .where('r.community_id', '=', communityId)
        .where('r.id', '=', r.id)
        .executeTakeFirstOrThrow();
      return reportView(after, now);
    },
  );
};
