import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { audit } from '../../core/audit';
import { paginate } from '../../core/db/query';
import type { AssembliesTable, AssemblyVotersTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access, actor } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum } from '../../core/http/schemas';
import { maskName } from '../../core/personal';
import { checkChain, checkChoice, lockForBallot, publishTurnout } from './casting';
import { ballotWindowOpen, resultsPublic, visibleToOwners } from './lifecycle';
import { schedule } from './steps';
import { assemblyResults, MatterResult } from './report';
import { ownersMay } from './scope';
import { candidacyOpen, ownersAmong } from './candidates';
import {
  appendBallot,
  attachmentsOf,
  chainOf,
  listedCandidates,
  liveMatters,
  mustMatter,
  myPersons,
  statusOf,
} from './store';
import { Assembly, assemblyView, ballotView, Matter, matterView } from './views';

/**
 * The owner's side (/me): the assemblies of their compound, one matter per screen, the ballot and
 * its receipt, the receipt checked later, the published results. An owner votes for the voter the
 * frozen roll names them as, or for a co-owner who designated them.
 */

const MyVoter = Type.Object({
  voter: Type.String({ description: 'the pseudonym ballots carry' }),
  rooms: Type.Array(Type.String()),
  areaCenti: Type.Integer(),
  self: Type.Boolean({ description: 'I am this voter; false: a co-owner designated me' }),
  delegate: Nullable(Type.Object({ personId: Type.String(), name: Type.String() })),
  coOwners: Type.Array(
    Type.Object({ personId: Type.String(), name: Type.String({ description: 'masked' }) }),
  ),
});

const MyBallot = Type.Object({
  matterId: Type.String(),
  voter: Type.String(),
  seq: Type.Integer(),
  choice: Nullable(Type.String()),
  choices: Nullable(Type.Array(Type.String())),
  receipt: Type.String({ description: 'the ballot’s chain hash' }),
  channel: Type.String(),
  castAt: Type.Integer(),
  counted: Type.Boolean({ description: 'the voter’s last ballot on the matter: the one that counts' }),
});

const Candidate = Type.Object({
  id: Type.String({ description: 'the key a ballot names' }),
  name: Type.String(),
  nomination: Type.String(),
  organisation: Nullable(Type.String()),
  statement: Type.String(),
  photoFileId: Nullable(Type.String()),
});

/** My latest candidacy in an election, so the screen shows where it stands instead of the form. */
const MyCandidacy = Type.Object({
  id: Type.String(),
  status: StringEnum(['pending', 'approved', 'rejected', 'withdrawn'] as const, {
    description: 'pending 待审核 | approved 已确认 | rejected 不符合条件 | withdrawn 已退出',
  }),
  statement: Type.String(),
  photoFileId: Nullable(Type.String()),
  createdAt: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
});

const MyAssembly = Type.Object({
  ...Assembly.properties,
  matters: Type.Array(
    Type.Object({
      ...Matter.properties,
      candidates: Type.Array(Candidate),
      candidacyOpen: Type.Boolean({
        description:
          'an election whose list is still open, and I own a home in the compound: I may put myself forward',
      }),
      myCandidacy: Nullable(MyCandidacy),
    }),
  ),
  voters: Type.Array(MyVoter),
  ballots: Type.Array(MyBallot),
});

const Receipt = Type.Object({
  receipt: Type.String(),
  inChain: Type.Literal(true),
  chainIntact: Type.Boolean({ description: 'the matter’s chain recomputes from its stored ballots' }),
  counted: Type.Boolean({ description: 'the last ballot of its voter on the matter' }),
  assemblyId: Type.String(),
  assemblyTitle: Type.String(),
  matterId: Type.String(),
  matterTitle: Type.String(),
  seq: Type.Integer(),
  voter: Type.String(),
  choice: Nullable(Type.String()),
  choices: Nullable(Type.Array(Type.String())),
  channel: Type.String(),
  castAt: Type.Integer(),
});

const MeAssemblyParams = Type.Object({ assemblyId: Id });
const MeMatterParams = Type.Object({ assemblyId: Id, matterId: Id });

/** The voter a request acts for: the one it names, or the only one there is. */
function pickVoter(voters: AssemblyVotersTable[], wanted: string | undefined) {
  if (voters.length > 1 && !wanted) throw new AppError(400, 'ballot_voter_required');
  const voter = wanted ? voters.find((v) => v.voter_key === wanted) : voters[0];
  if (!voter) throw new AppError(403, 'ballot_not_voter');
  return voter;
}

export const myAssemblyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** Assemblies an owner may see, with their compound's name. */
  const ownersAssemblies = (persons: Awaited<ReturnType<typeof myPersons>>) =>
    db
      .selectFrom('assemblies as a')
      .where('a.community_id', 'in', persons.length ? persons.map((p) => p.community_id) : [''])
      .where((eb) => ownersMay(eb, persons))
      .innerJoin('compounds as c', (j) =>
        j.onRef('c.community_id', '=', 'a.community_id').onRef('c.id', '=', 'a.compound_id'),
      )
      .selectAll('a')
      .select('c.name as compound_name');

  /** The assembly, when the caller may see it as an owner (404 otherwise: its existence is not for all). */
  async function mine(req: FastifyRequest, assemblyId: string) {
    const persons = await myPersons(db, req.account!.id);
    const row = await ownersAssemblies(persons).where('a.id', '=', assemblyId).executeTakeFirst();
    if (!row || !visibleToOwners(statusOf(row))) throw new AppError(404, 'not_found');
    return { a: row, personIds: persons.filter((p) => p.community_id === row.community_id).map((p) => p.id) };
  }

  /** The voters of the frozen roll the caller may vote for: as the voter, or as the designated co-owner. */
  function myVoters(a: AssembliesTable, personIds: string[]) {
    if (!personIds.length) return Promise.resolve([] as AssemblyVotersTable[]);
    const roll = () =>
      db
        .selectFrom('assembly_voters')
        .selectAll()
        .where('community_id', '=', a.community_id)
        .where('assembly_id', '=', a.id);
    // Two indexed look-ups, not one OR: SQLite answered the OR by reading the whole roll (100k at city scale).
    return roll()
      .where('person_id', 'in', personIds)
      .union(roll().where('delegate_person_id', 'in', personIds))
      .orderBy('voter_key')
      .execute();
  }

  /** Whom I vote for: each voter's rooms, whether I am the voter or their designated co-owner, and the co-owners (masked). */
  async function presentVoters(a: AssembliesTable, voters: AssemblyVotersTable[], personIds: string[]) {
    if (!voters.length) return [];
    const related = [
      ...new Set(
        voters.flatMap((v) => [
          ...(JSON.parse(v.co_owner_ids) as string[]),
          ...(v.delegate_person_id ? [v.delegate_person_id] : []),
        ]),
      ),
    ];
    const [rooms, people] = await Promise.all([
      db
        .selectFrom('assembly_rooms')
        .select(['voter_id', 'label'])
        .where('community_id', '=', a.community_id)
        .where('assembly_id', '=', a.id)
        .where(
          'voter_id',
          'in',
          voters.map((v) => v.id),
        )
        .orderBy('label')
        .execute(),
      related.length
        ? db
            .selectFrom('people')
            .select(['id', 'name'])
            .where('community_id', '=', a.community_id)
            .where('id', 'in', related)
            .execute()
        : [],
    ]);
    const names = new Map(people.map((p) => [p.id, maskName(p.name)]));
    return voters.map((v) => ({
      voter: v.voter_key,
      rooms: rooms.filter((r) => r.voter_id === v.id).map((r) => r.label),
      areaCenti: v.area_centi,
      self: v.person_id !== null && personIds.includes(v.person_id),
      delegate: v.delegate_person_id
        ? { personId: v.delegate_person_id, name: names.get(v.delegate_person_id) ?? '' }
        : null,
      coOwners: (JSON.parse(v.co_owner_ids) as string[]).map((id) => ({
        personId: id,
        name: names.get(id) ?? '',
      })),
    }));
  }

  async function myBallots(a: AssembliesTable, voterIds: string[]) {
    if (!voterIds.length) return [];
    const rows = await db
      .selectFrom('ballots')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('assembly_id', '=', a.id)
      .where('voter_id', 'in', voterIds)
      .orderBy('matter_id')
      .orderBy('seq')
      .execute();
    const last = new Map(rows.map((b) => [`${b.matter_id}:${b.voter_id}`, b.id]));
    return rows.map((b) => ({
      id: b.id,
      matterId: b.matter_id,
      voter: b.voter_key,
      seq: b.seq,
      choice: b.choice,
      choices: b.choices_json === null ? null : (JSON.parse(b.choices_json) as string[]),
      receipt: b.hash,
      channel: b.channel,
      castAt: b.cast_at,
      counted: last.get(`${b.matter_id}:${b.voter_id}`) === b.id,
    }));
  }

  app.get(
    '/me/assemblies',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary: 'The owners’ assemblies of the compounds where I own a home, newest first',
        querystring: ListQuery({}),
        response: { 200: Page(Assembly) },
      },
    },
    async (req) => {
      const persons = await myPersons(db, req.account!.id);
      if (!persons.length)
        return { items: [], total: 0, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 };
      const query = ownersAssemblies(persons);
      const page = await paginate(
        query.orderBy('a.voting_starts_at', req.query.order ?? 'desc').orderBy('a.id'),
        req.query,
      );
      return { ...page, items: page.items.map(assemblyView) };
    },
  );

  app.get(
    '/me/assemblies/:assemblyId',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary:
          'An assembly as an owner sees it: matters with attachments and candidates, whom I vote for, my ballots',
        params: MeAssemblyParams,
        response: { 200: MyAssembly },
      },
    },
    async (req) => {
      const { a, personIds } = await mine(req, req.params.assemblyId);
      const [matters, voters, owner, standing] = await Promise.all([
        liveMatters(db, a),
        myVoters(a, personIds),
        ownersAmong(db, a, personIds),
        personIds.length
          ? db
              .selectFrom('assembly_candidates')
              .select(['id', 'matter_id', 'status', 'statement', 'photo_file_id', 'created_at', 'decided_at'])
              .where('community_id', '=', a.community_id)
              .where('assembly_id', '=', a.id)
              .where('person_id', 'in', personIds)
              .orderBy('created_at')
              .orderBy('id')
              .execute()
          : [],
      ]);
      const files = await attachmentsOf(db, matters);
      const withCandidates = [];
      for (const m of matters) {
        const listed = m.candidates_published_at === null ? [] : await listedCandidates(db, m);
        const latest = standing.filter((c) => c.matter_id === m.id).at(-1);
        withCandidates.push({
          ...matterView(m, files),
          candidacyOpen: owner.size > 0 && candidacyOpen(a, m),
          myCandidacy: latest
            ? {
                id: latest.id,
                status: latest.status as Static<typeof MyCandidacy>['status'],
                statement: latest.statement,
                photoFileId: latest.photo_file_id,
                createdAt: latest.created_at,
                decidedAt: latest.decided_at,
              }
            : null,
          candidates: listed.map((c) => ({
            id: c.candidate_key,
            name: c.name,
            nomination: c.nomination,
            organisation: c.organisation,
            statement: c.statement,
            photoFileId: c.photo_file_id,
          })),
        });
      }
      return {
        ...assemblyView(a),
        matters: withCandidates,
        voters: await presentVoters(a, voters, personIds),
        ballots: await myBallots(
          a,
          voters.map((v) => v.id),
        ),
      };
    },
  );

  app.post(
    '/me/assemblies/:assemblyId/matters/:matterId/ballots',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary:
          'Vote on one matter. The last ballot before voting closes counts; a retried submission with the same idempotencyKey records one ballot',
        params: MeMatterParams,
        body: Type.Object(
          {
            choice: Type.Optional(
              StringEnum(['yes', 'no', 'abstain'] as const, { description: '同意 | 反对 | 弃权' }),
            ),
            choices: Type.Optional(
              Type.Array(Type.String({ maxLength: 20 }), {
                maxItems: 50,
                description: 'candidate ids, at most the seats',
              }),
            ),
            voter: Type.Optional(
              Type.String({ maxLength: 20, description: 'needed when I vote for more than one voter' }),
            ),
            idempotencyKey: Type.Optional(
              Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: MyBallot, 200: MyBallot },
      },
    },
    async (req, reply) => {
      const { a, personIds } = await mine(req, req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      if (m.withdrawn_at !== null) throw new AppError(404, 'not_found');
      const now = Date.now();
      // Checked again under the matter's lock; here so that a closed window is what the owner hears.
      if (!ballotWindowOpen(schedule(a), now)) throw new AppError(409, 'ballot_window_closed');
      const voter = pickVoter(await myVoters(a, personIds), req.body.voter);
      const { idempotencyKey } = req.body;
      const choice = await checkChoice(db, m, req.body, false);
      const me = req.account!.id;
      const { ballot, replayed } = await db.transaction().execute(async (trx) => {
        const locked = await lockForBallot(trx, app.deps, a, m.id, now);
        if (idempotencyKey) {
          const earlier = await trx
            .selectFrom('ballots')
            .selectAll()
            .where('community_id', '=', a.community_id)
            .where('matter_id', '=', m.id)
            .where('idempotency_key', '=', idempotencyKey)
            .executeTakeFirst();
          if (earlier) {
            if (earlier.cast_by !== me || earlier.voter_id !== voter.id)
              throw new AppError(409, 'idempotency_conflict');
            return { ballot: earlier, replayed: true };
          }
        }
        const appended = await appendBallot(
          trx,
          locked,
          {
            voterId: voter.id,
            voterKey: voter.voter_key,
            ...choice,
            channel: 'online',
            castBy: me,
            ...(idempotencyKey ? { idempotencyKey } : {}),
          },
          now,
        );
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'ballot.cast',
          targetType: 'ballots',
          targetId: appended.id,
          after: {
            matterId: m.id,
            seq: appended.seq,
            voter: voter.voter_key,
            channel: 'online',
            hash: appended.hash,
          },
        });
        return { ballot: appended, replayed: false };
      });
      if (!replayed) await publishTurnout(app.deps, a, [m.id]);
      const counted = (await myBallots(a, [voter.id])).find((b) => b.id === ballot.id)!;
      return reply.status(replayed ? 200 : 201).send(counted);
    },
  );

  app.post(
    '/me/assemblies/:assemblyId/delegate',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary: 'As the voter for my rooms, let a co-owner vote online in my stead too (null: nobody)',
        params: MeAssemblyParams,
        body: Type.Object(
          { voter: Type.Optional(Type.String({ maxLength: 20 })), personId: Nullable(Id) },
          { additionalProperties: false },
        ),
        response: { 200: MyVoter },
      },
    },
    async (req) => {
      const { a, personIds } = await mine(req, req.params.assemblyId);
      if (statusOf(a) !== 'voting') throw new AppError(409, 'ballot_window_closed');
      // Only the voter designates, not a co-owner designated earlier.
      const own = (await myVoters(a, personIds)).filter(
        (v) => v.person_id !== null && personIds.includes(v.person_id),
      );
      const voter = pickVoter(own, req.body.voter);
      const coOwners = JSON.parse(voter.co_owner_ids) as string[];
      const { personId } = req.body;
      if (personId !== null && !coOwners.includes(personId))
        throw new AppError(400, 'delegate_not_co_owner', {}, [{ field: 'personId' }]);
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assembly_voters')
          .set({ delegate_person_id: personId, updated_at: now })
          .where('community_id', '=', voter.community_id)
          .where('id', '=', voter.id)
          .execute();
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'assembly_voter.delegate',
          targetType: 'assembly_voters',
          targetId: voter.id,
          before: { delegate: voter.delegate_person_id },
          after: { delegate: personId },
        });
      });
      const [view] = await presentVoters(a, [{ ...voter, delegate_person_id: personId }], personIds);
      return view!;
    },
  );

  app.get(
    '/me/assemblies/:assemblyId/results',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary:
          'The published results (公示): figures, thresholds in words, the rooms that took part, the final hashes',
        params: MeAssemblyParams,
        response: { 200: Type.Object({ publishedAt: Type.Integer(), matters: Type.Array(MatterResult) }) },
      },
    },
    async (req) => {
      const { a } = await mine(req, req.params.assemblyId);
      if (!resultsPublic(statusOf(a)) || a.published_at === null)
        throw new AppError(409, 'assembly_no_results');
      return { publishedAt: a.published_at, matters: await assemblyResults(db, a, req.locale) };
    },
  );

  app.get(
    '/me/receipts/:hash',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary:
          'Check a ballot receipt among my ballots: is it in the chain, is the chain intact, is it the ballot that counts',
        params: Type.Object({ hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        querystring: Type.Object({ matterId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            receipt: Type.String(),
            ballots: Type.Array(Receipt, {
              description:
                'usually one; the hash covers only seq, voter and choice, so the same vote at the same place in two chains shares it',
            }),
          }),
        },
      },
    },
    async (req) => {
      const persons = await myPersons(db, req.account!.id);
      const personIds = persons.map((p) => p.id);
      // Only the caller's own ballots are searched: to anyone else a receipt says nothing, not even that it exists.
      let query = db
        .selectFrom('ballots as b')
        .innerJoin('assembly_voters as v', (j) =>
          j.onRef('v.community_id', '=', 'b.community_id').onRef('v.id', '=', 'b.voter_id'),
        )
        .innerJoin('assemblies as a', (j) =>
          j.onRef('a.community_id', '=', 'b.community_id').onRef('a.id', '=', 'b.assembly_id'),
        )
        .innerJoin('assembly_matters as m', (j) =>
          j.onRef('m.community_id', '=', 'b.community_id').onRef('m.id', '=', 'b.matter_id'),
        )
        .selectAll('b')
        .select(['a.title as assembly_title', 'm.title as matter_title'])
        .where('b.community_id', 'in', persons.length ? persons.map((p) => p.community_id) : [''])
        .where('b.hash', '=', req.params.hash)
        .where((eb) =>
          eb.or([
            eb('b.cast_by', '=', req.account!.id),
            ...(personIds.length
              ? [eb('v.person_id', 'in', personIds), eb('v.delegate_person_id', 'in', personIds)]
              : []),
          ]),
        );
      if (req.query.matterId) query = query.where('b.matter_id', '=', req.query.matterId);
      const found = await query.orderBy('b.cast_at').orderBy('b.id').execute();
      if (!found.length) throw new AppError(404, 'not_found');
      const ballots = [];
      for (const b of found) {
        const m = await db
          .selectFrom('assembly_matters')
          .selectAll()
          .where('community_id', '=', b.community_id)
          .where('id', '=', b.matter_id)
          .executeTakeFirstOrThrow();
        const chain = await chainOf(db, m);
        const view = ballotView(b);
        ballots.push({
          receipt: b.hash,
          inChain: true as const,
          chainIntact: checkChain(chain, m).ok,
          counted: chain.filter((x) => x.voter_id === b.voter_id).at(-1)?.id === b.id,
          assemblyId: b.assembly_id,
          assemblyTitle: b.assembly_title,
          matterId: b.matter_id,
          matterTitle: b.matter_title,
          seq: view.seq,
          voter: view.voter,
          choice: view.choice,
          choices: view.choices,
          channel: view.channel,
          castAt: view.castAt,
        });
      }
      return { receipt: req.params.hash, ballots };
    },
  );
};
