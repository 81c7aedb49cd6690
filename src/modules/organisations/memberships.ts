import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import { access, actor, requireCan } from '../../core/http/access';
import { DateOnly, Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { contains, paginate } from '../../core/db/query';
import { audit } from '../../core/audit';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import type { Target } from '../../core/access/policy';
import type { DB, PeopleTable } from '../../core/db/schema';
import { assertDateOrder, chinaDate, mustFind, mustRefer, type TenantTable } from './common';

/**
 * Who holds which place in an organisation: grid workers (网格长/网格员), party positions (书记…),
 * owners' committee members (主任…) and squad members (分队长/队员). The four tables differ only
 * in column names, so one set of rules and routes serves them all: a person holds at most one
 * current place per organisation, some places have one holder at a time, and ending a place
 * keeps the row with its dates. Every appointment and ending changes someone's standing, so
 * each is audited.
 */

export const membershipTables = {
  grid_workers: { parent: 'grid_id', position: 'role', dated: true, audit: 'grid_worker' },
  party_positions: { parent: 'org_id', position: 'position', dated: true, audit: 'party_position' },
  committee_members: {
    parent: 'committee_id',
    position: 'position',
    dated: true,
    audit: 'committee_member',
  },
  // Squad members carry instants (joined_at, left_at) instead of dates, and their skills (一技之长).
  squad_members: { parent: 'squad_id', position: 'role', dated: false, audit: 'squad_member', skills: true },
} as const;
export type MembershipTable = keyof typeof membershipTables;

/** One membership row, whatever table holds it (dates of squad members derived from instants). */
export interface MembershipView {
  community_id: string;
  id: string;
  parent_id: string;
  person_id: string;
  position: string;
  since: string | null;
  until: string | null;
  ended_at: number | null;
  /** JSON array of skill tags, for tables that keep them (squad members); else null. */
  skills: string | null;
}

const keepsSkills = (table: MembershipTable) => 'skills' in membershipTables[table];

/** A table expression `m` presenting any membership table as a MembershipView. */
export function membershipsOf(table: MembershipTable) {
  const t = membershipTables[table];
  const dates = t.dated
    ? sql`since, until, ended_at`
    : sql`joined_at, left_at as ended_at, cast(null as text) as since, cast(null as text) as until`;
  const skills = keepsSkills(table) ? sql`skills` : sql`cast(null as text) as skills`;
  return sql<MembershipView & { joined_at?: number }>`(select community_id, id, person_id, ${sql.ref(
    t.parent,
  )} as parent_id, ${sql.ref(t.position)} as position, ${dates}, ${skills} from ${sql.table(table)})`.as('m');
}

/** Epoch ms for a date typed by a person: now when it is today, else that day's start in China. */
function instantOf(date: string, now: number): number {
  return date === chinaDate(now) ? now : Date.parse(`${date}T00:00:00+08:00`);
}

export function membershipDates(row: MembershipView & { joined_at?: number }) {
  if (row.joined_at == null) return { since: row.since, until: row.until };
  return { since: chinaDate(row.joined_at), until: row.ended_at == null ? null : chinaDate(row.ended_at) };
}

export const Membership = Type.Object({
  id: Type.String(),
  orgId: Type.String({ description: 'the grid, party organisation, committee term or squad' }),
  personId: Type.String(),
  personName: Type.String(),
  position: Type.String(),
  since: Nullable(DateOnly),
  until: Nullable(DateOnly),
  endedAt: Nullable(Type.Integer({ description: 'when the place was ended; null while current' })),
  skills: Type.Optional(
    Type.Array(Type.String(), { description: 'squad members: skills (一技之长), e.g. 水电, 理发' }),
  ),
});

const Skills = Type.Array(Text(20), { maxItems: 20, description: 'skills (一技之长), e.g. 水电, 理发' });

/** Skill tags as stored: trimmed, blanks dropped, each once. */
const skillsJson = (skills: readonly string[]) =>
  JSON.stringify([...new Set(skills.map((s) => s.trim()).filter(Boolean))]);

type MembershipWithName = MembershipView & { joined_at?: number; person_name: string };

const membership = (m: MembershipWithName) => ({
  id: m.id,
  orgId: m.parent_id,
  personId: m.person_id,
  personName: m.person_name,
  position: m.position,
  ...membershipDates(m),
  endedAt: m.ended_at,
  ...(m.skills != null ? { skills: JSON.parse(m.skills) as string[] } : {}),
});

/** Memberships with the holder's name (never phone or ID number). */
export function membershipsWithNames(db: Kysely<DB>, table: MembershipTable, communityId: string) {
  return db
    .selectFrom(membershipsOf(table))
    .innerJoin('people as p', (join) =>
      join.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
    )
    .selectAll('m')
    .select('p.name as person_name')
    .where('m.community_id', '=', communityId);
}

type Scope = Omit<Target, 'streetId' | 'communityId'>;

export interface MembershipSpec<O extends TenantTable> {
  table: MembershipTable;
  /** The organisation table and how its id appears in the path. */
  orgTable: O;
  orgPath: string;
  orgParam: string;
  /** Last path segment for the list: workers, positions, members. */
  segment: string;
  tag: string;
  noun: string;
  positions: readonly string[];
  positionHelp: string;
  /** Places one person holds at a time (网格长, 书记, 主任, 分队长). */
  soleHolder: readonly string[];
  scopeOf(org: DB[O]): Scope;
  /** An archived organisation or an ended term takes no new members. */
  isClosed(org: DB[O]): boolean;
  /** Extra eligibility rules (party membership, ownership in the compound). */
  checkCandidate?(db: Kysely<DB>, person: PeopleTable, position: string, org: DB[O]): Promise<void>;
}

/** Ends every current place in one organisation: used when it is archived or its term ends. */
export async function endMemberships(
  db: Kysely<DB>,
  table: MembershipTable,
  communityId: string,
  orgId: string,
  who: ReturnType<typeof actor>,
): Promise<number> {
  const current = await db
    .selectFrom(membershipsOf(table))
    .selectAll('m')
    .where('m.community_id', '=', communityId)
    .where('m.parent_id', '=', orgId)
    .where('m.ended_at', 'is', null)
    .execute();
  const now = Date.now();
  for (const m of current) await endOne(db, table, m, chinaDate(now), now, who);
  return current.length;
}

async function endOne(
  db: Kysely<DB>,
  table: MembershipTable,
  m: MembershipView,
  until: string,
  now: number,
  who: ReturnType<typeof actor>,
) {
  const t = membershipTables[table];
  const values = t.dated ? { until, ended_at: now } : { left_at: instantOf(until, now) };
  await db
    .updateTable(table)
    .set(values as never)
    .where('community_id', '=', m.community_id)
    .where('id', '=', m.id)
    .execute();
  await audit(db, m.community_id, {
    ...who,
    action: `${t.audit}.end`,
    targetType: table,
    targetId: m.id,
    before: { orgId: m.parent_id, personId: m.person_id, position: m.position },
    after: { until },
  });
}

/** List, appoint and end routes for one kind of membership. */
export function membershipRoutes<O extends TenantTable>(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  spec: MembershipSpec<O>,
): void {
  const { db } = app.deps;
  const { table } = spec;
  const t = membershipTables[table];
  const listPath = `${spec.orgPath}/${spec.segment}`;
  const OrgParams = Type.Object({ communityId: Id, [spec.orgParam]: Id });
  const OneParams = Type.Object({ communityId: Id, [spec.orgParam]: Id, membershipId: Id });
  const Position = StringEnum(spec.positions, { description: spec.positionHelp });
  // The order people expect to read a roster in: 书记 before 委员, 网格长 before 网格员.
  const rank = sql`case ${sql.ref('m.position')} ${sql.join(
    spec.positions.map((p, i) => sql`when ${sql.lit(p)} then ${sql.lit(i)}`),
    sql` `,
  )} else ${sql.lit(spec.positions.length)} end`;

  async function loadOrg(params: Record<string, string>) {
    return mustFind(db, spec.orgTable, params.communityId ?? '', params[spec.orgParam] ?? '');
  }

  async function loadOne(communityId: string, orgId: string, id: string) {
    const row = await membershipsWithNames(db, table, communityId)
      .where('m.parent_id', '=', orgId)
      .where('m.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  app.get(
    listPath,
    {
      config: { access: access.community('org.read') },
      schema: {
        tags: [spec.tag],
        summary: `${spec.noun}s (current unless ended=true)`,
        params: OrgParams,
        querystring: ListQuery({
          ended: Type.Optional(Type.Boolean({ description: 'true: only places that have ended' })),
          position: Type.Optional(Position),
          personId: Type.Optional(Id),
        }),
        response: { 200: Page(Membership) },
      },
    },
    async (req) => {
      const org = await loadOrg(req.params as Record<string, string>);
      requireCan(req, 'org.read', spec.scopeOf(org));
      const { ended, position, personId, q } = req.query;
      let query = membershipsWithNames(db, table, org.community_id)
        .where('m.parent_id', '=', org.id)
        .where('m.ended_at', ended ? 'is not' : 'is', null);
      if (position) query = query.where('m.position', '=', position);
      if (personId) query = query.where('m.person_id', '=', personId);
      if (q) query = query.where(contains('p.name', q));
      const page = await paginate(
        query
          .orderBy(rank, req.query.order ?? 'asc')
          .orderBy('p.name')
          .orderBy('m.id'),
        req.query,
      );
      return { ...page, items: page.items.map(membership) };
    },
  );

  app.post(
    listPath,
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: [spec.tag],
        summary: `Appoint a ${spec.noun}`,
        params: OrgParams,
        body: Type.Object(
          {
            personId: Id,
            position: Position,
            since: Type.Optional(DateOnly),
            ...(keepsSkills(table) ? { skills: Type.Optional(Skills) } : {}),
          },
          { additionalProperties: false },
        ),
        response: { 201: Membership },
      },
    },
    async (req, reply) => {
      const org = await loadOrg(req.params as Record<string, string>);
      requireCan(req, 'org.write', spec.scopeOf(org));
      if (spec.isClosed(org)) throw new AppError(409, 'org_closed');
      const { personId, position } = req.body;
      const person = await mustRefer(db, 'people', org.community_id, personId, 'personId');
      await spec.checkCandidate?.(db, person, position, org);
      const now = Date.now();
      const since = req.body.since ?? chinaDate(now);
      const id = newId();
      await db.transaction().execute(async (trx) => {
        const current = await membershipsWithNames(trx, table, org.community_id)
          .where('m.parent_id', '=', org.id)
          .where('m.ended_at', 'is', null)
          .execute();
        if (current.some((c) => c.person_id === person.id))
          throw new AppError(409, 'already_member', { name: person.name });
        const holder = spec.soleHolder.includes(position) && current.find((c) => c.position === position);
        if (holder) throw new AppError(409, 'position_taken', { name: holder.person_name });
        const skills = (req.body as { skills?: string[] }).skills;
        const base = {
          community_id: org.community_id,
          id,
          person_id: person.id,
          ...(keepsSkills(table) ? { skills: skillsJson(skills ?? []) } : {}),
        };
        const values = t.dated
          ? { ...base, [t.parent]: org.id, [t.position]: position, since, until: null, created_at: now }
          : { ...base, [t.parent]: org.id, [t.position]: position, joined_at: instantOf(since, now) };
        await trx
          .insertInto(table)
          .values(values as never)
          .execute();
        await audit(trx, org.community_id, {
          ...actor(req),
          action: `${t.audit}.appoint`,
          targetType: table,
          targetId: id,
          after: { orgId: org.id, personId: person.id, position, since },
        });
      });
      return reply.status(201).send(membership(await loadOne(org.community_id, org.id, id)));
    },
  );

  if (keepsSkills(table))
    app.patch(
      `${listPath}/:membershipId`,
      {
        config: { access: access.community('org.write') },
        schema: {
          tags: [spec.tag],
          summary: `Change a ${spec.noun}'s skills (一技之长), which order dispatch proposes members by`,
          params: OneParams,
          body: Type.Object({ skills: Skills }, { additionalProperties: false }),
          response: { 200: Membership },
        },
      },
      async (req) => {
        const params = req.params as Record<string, string>;
        const org = await loadOrg(params);
        requireCan(req, 'org.write', spec.scopeOf(org));
        const row = await loadOne(org.community_id, org.id, params.membershipId ?? '');
        const skills = skillsJson(req.body.skills);
        await db
          .updateTable(table)
          .set({ skills } as never)
          .where('community_id', '=', row.community_id)
          .where('id', '=', row.id)
          .execute();
        await audit(db, row.community_id, {
          ...actor(req),
          action: `${t.audit}.skills`,
          targetType: table,
          targetId: row.id,
          before: { skills: row.skills },
          after: { skills },
        });
        return membership(await loadOne(org.community_id, org.id, row.id));
      },
    );

  app.post(
    `${listPath}/:membershipId/end`,
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: [spec.tag],
        summary: `End a ${spec.noun}'s place (kept on record)`,
        params: OneParams,
        body: Type.Object({ until: Type.Optional(DateOnly) }, { additionalProperties: false }),
        response: { 200: Membership },
      },
    },
    async (req) => {
      const params = req.params as Record<string, string>;
      const org = await loadOrg(params);
      requireCan(req, 'org.write', spec.scopeOf(org));
      const row = await loadOne(org.community_id, org.id, params.membershipId ?? '');
      if (row.ended_at != null) return membership(row);
      const now = Date.now();
      const until = req.body.until ?? chinaDate(now);
      assertDateOrder(membershipDates(row).since, until);
      await db.transaction().execute((trx) => endOne(trx, table, row, until, now, actor(req)));
      return membership(await loadOne(org.community_id, org.id, row.id));
    },
  );
}
