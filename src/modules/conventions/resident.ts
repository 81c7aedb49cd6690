import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, RedBlackAppealsTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, Nullable, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { maskName } from '../../core/personal';
import { filled, isUniqueViolation } from '../deliberation/store';
import { notify } from '../notifications';
import { householdsOf } from '../orders/people';
import { addOpinion, addPledge, pledgeView } from './conventionStore';
import { RuleSet, latestVersions, ruleSetRow, ruleSetView, rulesOf } from './dutyRules';
import { announceEntry, PublicEntry, entryRows, publicEntryView, wherePublished } from './entries';
import {
  appealStates,
  channels,
  effectiveState,
  entryStates,
  stances,
  type AppealState,
  type EntryState,
} from './rules';
import {
  branchAccountsOf,
  committeeMembersOf,
  compoundNames,
  householdInfo,
  redBlackSettings,
  reviewersOf,
} from './store';
import {
  Article,
  Convention,
  conventionRows,
  conventionView,
  StanceCounts,
  stanceCounts,
  versionRow,
  versionView,
} from './views';

/**
 * The resident's side (/me): the conventions of where they live, with their opinions and their
 * household's pledge; the red/black lists of their compounds (masked) and their own household's
 * entries, with appeals; and, for a committee member, the duty rules to acknowledge. Anyone living in
 * the compound may report a breach of those rules, anonymously if they wish.
 */

const tags = ['conventions'];
type Db = Kysely<DB>;
type Home = Awaited<ReturnType<typeof householdsOf>>[number];

/** Conventions residents see: open for opinions, or adopted and published. */
const seenStates = ['consulting', 'adopted'] as const;

const MyHousehold = Type.Object({
  householdId: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  pledgedAt: Nullable(Type.Integer()),
});

const MyOpinion = Type.Object({
  id: Type.String(),
  householdId: Type.String(),
  articleNumber: Nullable(Type.Integer()),
  stance: StringEnum(stances),
  text: Type.String(),
  channel: StringEnum(channels),
  createdAt: Type.Integer(),
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.Integer()),
});

const MyAppeal = Type.Object({
  id: Type.String(),
  entryId: Type.String(),
  text: Type.String(),
  state: StringEnum(appealStates),
  createdAt: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
  decisionText: Nullable(Type.String()),
});

const myAppealView = (a: RedBlackAppealsTable) => ({
  id: a.id,
  entryId: a.entry_id,
  text: a.text,
  state: a.state as AppealState,
  createdAt: a.created_at,
  decidedAt: a.decided_at,
  decisionText: a.decision_text,
});

/** Where the account lives: its homes, and the convention, list or rule set reaching a compound. */
const livesIn = (homes: Home[], communityId: string, compoundId: string | null) =>
  homes.filter((h) => h.communityId === communityId && (!compoundId || h.compoundId === compoundId));

export const residentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The convention, if it reaches one of my homes and residents may see it; 404 otherwise. */
  async function myConvention(req: FastifyRequest, id: string) {
    const c = await conventionRows(db).where('c.id', '=', id).executeTakeFirst();
    if (!c || !(seenStates as readonly string[]).includes(c.state)) throw new AppError(404, 'not_found');
    if (c.state === 'adopted' && c.published_at === null) throw new AppError(404, 'not_found');
    const homes = livesIn(await householdsOf(db, req.account!.id), c.community_id, c.compound_id);
    if (!homes.length) throw new AppError(404, 'not_found');
    return { c, homes };
  }

  /** 403 unless the household is one of mine (and in the convention's area, checked by the store). */
  const requireMine = (homes: Home[], householdId: string) => {
    if (!homes.some((h) => h.householdId === householdId))
      throw fieldError(403, 'convention_not_your_household', 'householdId');
  };

  async function pledgesOf(db: Db, conventionId: string, homes: Home[]) {
    if (!homes.length) return new Map<string, number>();
    const rows = await db
      .selectFrom('convention_pledges')
      .select(['household_id', 'created_at'])
      .where('community_id', '=', homes[0]!.communityId)
      .where('convention_id', '=', conventionId)
      .where(
        'household_id',
        'in',
        homes.map((h) => h.householdId),
      )
      .execute();
    return new Map(rows.map((r) => [r.household_id, r.created_at]));
  }

  const myHouseholds = async (conventionId: string, homes: Home[]) => {
    const pledges = await pledgesOf(db, conventionId, homes);
    return homes.map((h) => ({
      householdId: h.householdId,
      communityId: h.communityId,
      compoundId: h.compoundId,
      pledgedAt: pledges.get(h.householdId) ?? null,
    }));
  };

  app.get(
    '/me/conventions',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary:
          'Conventions of where I live: open for opinions, or adopted and published; my households’ pledges',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ ...Convention.properties, households: Type.Array(MyHousehold) })),
          }),
        },
      },
    },
    async (req) => {
      const homes = await householdsOf(db, req.account!.id);
      const communities = [...new Set(homes.map((h) => h.communityId))];
      if (!communities.length) return { items: [] };
      const rows = await conventionRows(db)
        .where('c.community_id', 'in', communities)
        .where((eb) =>
          eb.or([
            eb('c.state', '=', 'consulting'),
            eb.and([eb('c.state', '=', 'adopted'), eb('c.published_at', 'is not', null)]),
          ]),
        )
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id')
        .execute();
      const mine = rows.filter((c) => livesIn(homes, c.community_id, c.compound_id).length);
      return {
        items: await Promise.all(
          mine.map(async (c) => ({
            ...conventionView(c),
            households: await myHouseholds(c.id, livesIn(homes, c.community_id, c.compound_id)),
          })),
        ),
      };
    },
  );

  app.get(
    '/me/conventions/:conventionId',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary:
          'A convention’s articles, my households’ opinions and pledges, and the opinions counted per article',
        description:
          'Others’ opinions are never shown, except those staff replied to publicly (without names).',
        params: Type.Object({ conventionId: Id }),
        response: {
          200: Type.Object({
            ...Convention.properties,
            versionNumber: Type.Integer(),
            articles: Type.Array(Article),
            households: Type.Array(MyHousehold),
            myOpinions: Type.Array(MyOpinion),
            opinionCounts: Type.Array(StanceCounts),
            publicReplies: Type.Array(
              Type.Object({
                articleNumber: Nullable(Type.Integer()),
                stance: StringEnum(stances),
                text: Type.String(),
                reply: Type.String(),
                repliedAt: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { c, homes } = await myConvention(req, req.params.conventionId);
      const version = await versionRow(db, c.community_id, c.adopted_version_id ?? c.current_version_id!);
      const [households, mine, counts, replies] = await Promise.all([
        myHouseholds(c.id, homes),
        db
          .selectFrom('convention_opinions')
          .selectAll()
          .where('community_id', '=', c.community_id)
          .where('convention_id', '=', c.id)
          .where(
            'household_id',
            'in',
            homes.map((h) => h.householdId),
          )
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .execute(),
        stanceCounts(db, c.community_id, c.id),
        db
          .selectFrom('convention_opinions')
          .select(['article_number', 'stance', 'text', 'reply', 'replied_at'])
          .where('community_id', '=', c.community_id)
          .where('convention_id', '=', c.id)
          .where('reply_public', '=', 1)
          .where('replied_at', 'is not', null)
          .orderBy('replied_at', 'desc')
          .orderBy('id')
          .limit(100)
          .execute(),
      ]);
      return {
        ...conventionView(c),
        versionNumber: version.number,
        articles: versionView(version).articles,
        households,
        myOpinions: mine.map((o) => ({
          id: o.id,
          householdId: o.household_id,
          articleNumber: o.article_number,
          stance: o.stance as (typeof stances)[number],
          text: o.text,
          channel: o.channel as (typeof channels)[number],
          createdAt: o.created_at,
          reply: o.reply,
          repliedAt: o.replied_at,
        })),
        opinionCounts: counts,
        publicReplies: replies.map((r) => ({
          articleNumber: r.article_number,
          stance: r.stance as (typeof stances)[number],
          text: r.text,
          reply: r.reply ?? '',
          repliedAt: r.replied_at!,
        })),
      };
    },
  );

  app.post(
    '/me/conventions/:conventionId/opinions',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary:
          'Give my household’s opinion on an article (or on the whole draft) while it is open for opinions',
        description:
          'A repeat with the same clientKey returns the first opinion (200) instead of a second one.',
        params: Type.Object({ conventionId: Id }),
        body: Type.Object(
          {
            householdId: Id,
            articleNumber: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            stance: StringEnum(stances),
            text: Text(1000),
            clientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MyOpinion, 201: MyOpinion },
      },
    },
    async (req, reply) => {
      const { c, homes } = await myConvention(req, req.params.conventionId);
      requireMine(homes, req.body.householdId);
      const accountId = req.account!.id;
      const { row, created } = await addOpinion(db, c, req.body, {
        channel: 'online',
        accountId,
        enteredBy: accountId,
      });
      return reply.status(created ? 201 : 200).send({
        id: row.id,
        householdId: row.household_id,
        articleNumber: row.article_number,
        stance: row.stance as (typeof stances)[number],
        text: row.text,
        channel: row.channel as (typeof channels)[number],
        createdAt: row.created_at,
        reply: row.reply,
        repliedAt: row.replied_at,
      });
    },
  );

  app.post(
    '/me/conventions/:conventionId/pledge',
    {
      config: { access: access.session() },
      schema: {
        tags,
        summary:
          'Pledge that my household keeps the published convention (承诺); a repeat returns the pledge',
        params: Type.Object({ conventionId: Id }),
        body: Type.Object({ householdId: Id }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            id: Type.String(),
            conventionId: Type.String(),
            householdId: Type.String(),
            channel: StringEnum(channels),
            createdAt: Type.Integer(),
          }),
          201: Type.Object({
            id: Type.String(),
            conventionId: Type.String(),
            householdId: Type.String(),
            channel: StringEnum(channels),
            createdAt: Type.Integer(),
          }),
        },
      },
    },
    async (req, reply) => {
      const { c, homes } = await myConvention(req, req.params.conventionId);
      requireMine(homes, req.body.householdId);
      const accountId = req.account!.id;
      const { row, created } = await addPledge(db, c, req.body.householdId, {
        channel: 'online',
        accountId,
        enteredBy: accountId,
      });
      return reply.status(created ? 201 : 200).send(pledgeView(row));
    },
  );

  app.get(
    '/me/red-black',
    {
      config: { access: access.session() },
      schema: {
        tags: ['red-black'],
        summary:
          'The published red/black lists of my compounds (masked) and my households’ own entries with appeals',
        response: {
          200: Type.Object({
            lists: Type.Array(PublicEntry),
            mine: Type.Array(
              Type.Object(
                {
                  ...PublicEntry.properties,
                  householdId: Type.String(),
                  state: StringEnum(entryStates),
                  removedAt: Nullable(Type.Integer()),
                  removalReason: Nullable(Type.String()),
                  appeals: Type.Array(MyAppeal),
                },
                { description: 'who proposed and who reviewed are not shown to the household' },
              ),
            ),
          }),
        },
      },
    },
    async (req) => {
      const homes = await householdsOf(db, req.account!.id);
      const now = Date.now();
      const lists = [];
      const mine = [];
      for (const communityId of [...new Set(homes.map((h) => h.communityId))]) {
        const here = homes.filter((h) => h.communityId === communityId);
        const settings = await redBlackSettings(db, communityId);
        const published = await wherePublished(entryRows(db), now)
          .where('e.community_id', '=', communityId)
          .where('e.compound_id', 'in', [...new Set(here.map((h) => h.compoundId))])
          .orderBy('e.publish_from', 'desc')
          .orderBy('e.id')
          .limit(200)
          .execute();
        const own = await entryRows(db)
          .where('e.community_id', '=', communityId)
          .where(
            'e.household_id',
            'in',
            here.map((h) => h.householdId),
          )
          .where('e.state', 'in', ['published', 'expired', 'removed'])
          .where('e.publish_from', 'is not', null)
          .orderBy('e.created_at', 'desc')
          .orderBy('e.id')
          .execute();
        const infos = await householdInfo(
          db,
          communityId,
          [...published, ...own].map((e) => e.household_id),
        );
        lists.push(...published.map((e) => publicEntryView(e, infos.get(e.household_id), settings)));
        const appeals = own.length
          ? await db
              .selectFrom('red_black_appeals')
              .selectAll()
              .where('community_id', '=', communityId)
              .where(
                'entry_id',
                'in',
                own.map((e) => e.id),
              )
              .orderBy('created_at')
              .execute()
          : [];
        mine.push(
          ...own.map((e) => ({
            ...publicEntryView(e, infos.get(e.household_id), settings),
            householdId: e.household_id,
            state: effectiveState(
              { state: e.state as EntryState, publishFrom: e.publish_from, publishUntil: e.publish_until },
              now,
            ),
            removedAt: e.removed_at,
            removalReason: e.removal_reason,
            appeals: appeals.filter((a) => a.entry_id === e.id).map(myAppealView),
          })),
        );
      }
      return { lists, mine };
    },
  );

  app.post(
    '/me/red-black/:entryId/appeals',
    {
      config: { access: access.session() },
      schema: {
        tags: ['red-black'],
        summary: 'Appeal against a published entry about my household (one open appeal per entry)',
        description:
          'The entry stays on the list marked 申诉中 until the appeal is decided. A repeat with the same clientKey returns the first appeal (200).',
        params: Type.Object({ entryId: Id }),
        body: Type.Object(
          { text: Text(2000), clientKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: MyAppeal, 201: MyAppeal },
      },
    },
    async (req, reply) => {
      const accountId = req.account!.id;
      const e = await db
        .selectFrom('red_black_entries')
        .selectAll()
        .where('id', '=', req.params.entryId)
        .executeTakeFirst();
      const homes = await householdsOf(db, accountId);
      // Only the household concerned learns the entry exists.
      if (!e || !homes.some((h) => h.communityId === e.community_id && h.householdId === e.household_id))
        throw new AppError(404, 'not_found');
      const { clientKey } = req.body;
      const replayed = () =>
        clientKey
          ? db
              .selectFrom('red_black_appeals')
              .selectAll()
              .where('community_id', '=', e.community_id)
              .where('account_id', '=', accountId)
              .where('client_key', '=', clientKey)
              .executeTakeFirst()
          : undefined;
      const first = await replayed();
      if (first) return reply.status(200).send(myAppealView(first));
      // Off the list or not, a published entry's record can be appealed until it is removed.
      if (e.state !== 'published' && e.state !== 'expired') throw new AppError(409, 'red_black_state');
      const row: RedBlackAppealsTable = {
        community_id: e.community_id,
        id: newId(),
        entry_id: e.id,
        compound_id: e.compound_id,
        household_id: e.household_id,
        account_id: accountId,
        text: filled(req.body.text, 'text'),
        state: 'open',
        open_key: e.id,
        client_key: clientKey ?? null,
        decided_by: null,
        decided_at: null,
        decision_text: null,
        reminded_at: null,
        created_at: Date.now(),
      };
      try {
        const told = await db.transaction().execute(async (trx) => {
          await trx.insertInto('red_black_appeals').values(row).execute();
          const reviewers = await reviewersOf(trx, e.community_id, e.compound_id);
          return notify(
            app.deps,
            e.community_id,
            reviewers,
            {
              kind: 'red_black_appeal_filed',
              params: { title: e.title },
              link: `/console/red-black/${e.id}`,
            },
            { trx },
          );
        });
        await told.publish();
        await announceEntry(app.deps, e);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const again = await replayed();
        if (again) return reply.status(200).send(myAppealView(again));
        throw new AppError(409, 'red_black_appeal_open');
      }
      return reply.status(201).send(myAppealView(row));
    },
  );

  /** The rule sets in force where I live or serve on the committee, and whether I am a member. */
  async function myRuleSets(accountId: string) {
    const homes = await householdsOf(db, accountId);
    const served = await db
      .selectFrom('committee_members as m')
      .innerJoin('owner_committees as oc', (j) =>
        j.onRef('oc.community_id', '=', 'm.community_id').onRef('oc.id', '=', 'm.committee_id'),
      )
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
      )
      .select(['m.community_id', 'oc.compound_id', 'm.person_id'])
      .where('p.account_id', '=', accountId)
      .where('oc.status', '=', 'serving')
      .where('m.ended_at', 'is', null)
      .execute();
    const places = new Map<string, { communityId: string; compoundId: string; personId: string | null }>();
    for (const h of homes)
      places.set(`${h.communityId}/${h.compoundId}`, {
        communityId: h.communityId,
        compoundId: h.compoundId,
        personId: null,
      });
    for (const s of served)
      places.set(`${s.community_id}/${s.compound_id}`, {
        communityId: s.community_id,
        compoundId: s.compound_id,
        personId: s.person_id,
      });
    return [...places.values()];
  }

  app.get(
    '/me/duty-rules',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty-rules'],
        summary:
          'The duty rules (九不准) in force where I live or serve on the owners’ committee, and my acknowledgement',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                ...RuleSet.properties,
                member: Type.Boolean({
                  description: 'I am a current member of this committee: I acknowledge it',
                }),
                acknowledgedAt: Nullable(Type.Integer()),
                members: Type.Array(
                  Type.Object({
                    personId: Type.String(),
                    name: Type.String({ description: 'masked' }),
                    position: Type.String(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const places = await myRuleSets(req.account!.id);
      const items = [];
      for (const p of places) {
        const latest = (await latestVersions(db, p.communityId)).get(p.compoundId);
        if (latest === undefined) continue;
        const s = await db
          .selectFrom('duty_rule_sets')
          .selectAll()
          .where('community_id', '=', p.communityId)
          .where('compound_id', '=', p.compoundId)
          .where('version', '=', latest)
          .executeTakeFirstOrThrow();
        const [names, members, ack] = await Promise.all([
          compoundNames(db, p.communityId, [p.compoundId]),
          committeeMembersOf(db, p.communityId, p.compoundId),
          p.personId
            ? db
                .selectFrom('duty_rule_acks')
                .select('acknowledged_at')
                .where('community_id', '=', p.communityId)
                .where('rule_set_id', '=', s.id)
                .where('person_id', '=', p.personId)
                .executeTakeFirst()
            : undefined,
        ]);
        items.push({
          ...ruleSetView(s, names.get(p.compoundId) ?? '', latest),
          member: p.personId !== null,
          acknowledgedAt: ack?.acknowledged_at ?? null,
          members: members.map((m) => ({
            personId: m.personId,
            name: maskName(m.name),
            position: m.position,
          })),
        });
      }
      return { items };
    },
  );

  app.post(
    '/me/duty-rules/:ruleSetId/ack',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty-rules'],
        summary: 'Acknowledge the duty rules as a current committee member (a repeat returns the first)',
        params: Type.Object({ ruleSetId: Id }),
        response: {
          200: Type.Object({ ruleSetId: Type.String(), acknowledgedAt: Type.Integer() }),
          201: Type.Object({ ruleSetId: Type.String(), acknowledgedAt: Type.Integer() }),
        },
      },
    },
    async (req, reply) => {
      const s = await ruleSetRow(db, req.params.ruleSetId);
      const me = (await committeeMembersOf(db, s.community_id, s.compound_id)).find(
        (m) => m.accountId === req.account!.id,
      );
      if (!me) throw new AppError(403, 'duty_rules_not_member');
      const existing = () =>
        db
          .selectFrom('duty_rule_acks')
          .select('acknowledged_at')
          .where('community_id', '=', s.community_id)
          .where('rule_set_id', '=', s.id)
          .where('person_id', '=', me.personId)
          .executeTakeFirst();
      const first = await existing();
      if (first) return reply.status(200).send({ ruleSetId: s.id, acknowledgedAt: first.acknowledged_at });
      const at = Date.now();
      try {
        await db
          .insertInto('duty_rule_acks')
          .values({
            community_id: s.community_id,
            id: newId(),
            rule_set_id: s.id,
            person_id: me.personId,
            account_id: req.account!.id,
            acknowledged_at: at,
          })
          .execute();
      } catch (err) {
        const again = isUniqueViolation(err) ? await existing() : undefined;
        if (again) return reply.status(200).send({ ruleSetId: s.id, acknowledgedAt: again.acknowledged_at });
        throw err;
      }
      return reply.status(201).send({ ruleSetId: s.id, acknowledgedAt: at });
    },
  );

  app.post(
    '/me/duty-rules/:ruleSetId/reports',
    {
      config: { access: access.session() },
      schema: {
        tags: ['duty-rules'],
        summary:
          'Report a breach of the duty rules by a committee member (residents of the compound and members)',
        description:
          'With anonymous: true the report keeps no trace of who sent it, and no answer can reach them.',
        params: Type.Object({ ruleSetId: Id }),
        body: Type.Object(
          {
            memberPersonId: Type.Optional(Nullable(Id)),
            ruleIndex: Type.Integer({ minimum: 1, description: '1-based' }),
            text: Text(2000),
            anonymous: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            state: StringEnum(appealStates),
            anonymous: Type.Boolean(),
            createdAt: Type.Integer(),
          }),
        },
      },
    },
    async (req, reply) => {
      const s = await ruleSetRow(db, req.params.ruleSetId);
      const accountId = req.account!.id;
      const places = await myRuleSets(accountId);
      if (!places.some((p) => p.communityId === s.community_id && p.compoundId === s.compound_id))
        throw new AppError(403, 'duty_report_not_allowed');
      const rules = rulesOf(s);
      if (req.body.ruleIndex > rules.length)
        throw fieldError(400, 'duty_rule_index', 'ruleIndex', { number: req.body.ruleIndex });
      const memberPersonId = req.body.memberPersonId ?? null;
      if (memberPersonId) {
        const members = await committeeMembersOf(db, s.community_id, s.compound_id);
        if (!members.some((m) => m.personId === memberPersonId))
          throw fieldError(400, 'duty_report_member_unknown', 'memberPersonId');
      }
      const row = {
        community_id: s.community_id,
        id: newId(),
        rule_set_id: s.id,
        compound_id: s.compound_id,
        member_person_id: memberPersonId,
        rule_index: req.body.ruleIndex,
        text: filled(req.body.text, 'text'),
        reporter_account_id: req.body.anonymous ? null : accountId,
        state: 'open',
        decided_by: null,
        decided_at: null,
        decision_text: null,
        reminded_at: null,
        created_at: Date.now(),
      };
      const told = await db.transaction().execute(async (trx) => {
        await trx.insertInto('duty_rule_reports').values(row).execute();
        const deciders = await branchAccountsOf(trx, s.community_id, s.compound_id);
        return notify(
          app.deps,
          s.community_id,
          deciders,
          {
            kind: 'duty_report_filed',
            params: { title: rules[req.body.ruleIndex - 1]! },
            link: '/console/duty-rule-reports',
          },
          { trx },
        );
      });
      await told.publish();
      return reply.status(201).send({
        id: row.id,
        state: 'open' as const,
        anonymous: row.reporter_account_id === null,
        createdAt: row.created_at,
      });
    },
  );
};
