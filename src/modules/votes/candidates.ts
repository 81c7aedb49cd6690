import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type {
  AssembliesTable,
  AssemblyCandidatesTable,
  AssemblyMattersTable,
  DB,
} from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { attachFiles, registerFileAccess } from '../../core/files';
import { access, actor } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { nominationProblem, nominations, type Nomination } from './matters';
import { canOnAssembly, loadAssembly, ownerSees } from './scope';
import { assemblyTopic } from './steps';
import { kindOf, mustAssembly, mustMatter, myPersons, settingsOf, statusOf } from './store';
import { MatterParams, requiredText } from './views';

/**
 * 业委会候选人: candidates for an election, put forward by themselves (自荐), by an organisation
 * (组织推荐) or jointly by owners (业主联名推荐); each must own a home in the compound. The list is
 * published before voting opens and does not change after.
 */

const candidateStatuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
const StatusHelp = 'pending 待审核 | approved 已确认 | rejected 不符合条件 | withdrawn 已退出';

const Candidate = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'what ballots name (c1…)' }),
  matterId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  nomination: StringEnum(nominations, {
    description: 'self 自荐 | organisation 组织推荐 | joint 业主联名推荐',
  }),
  organisation: Nullable(Type.String()),
  nominatorIds: Type.Array(Type.String()),
  statement: Type.String(),
  photoFileId: Nullable(Type.String()),
  status: StringEnum(candidateStatuses, { description: StatusHelp }),
  createdAt: Type.Integer(),
  decidedAt: Nullable(Type.Integer()),
});

const CandidateParams = Type.Object({ communityId: Id, assemblyId: Id, matterId: Id, candidateId: Id });

const Statement = Text(2000);

type Row = AssemblyCandidatesTable & { name: string };

const candidateView = (c: Row) => ({
  id: c.id,
  key: c.candidate_key,
  matterId: c.matter_id,
  personId: c.person_id,
  name: c.name,
  nomination: c.nomination as Nomination,
  organisation: c.organisation,
  nominatorIds: JSON.parse(c.nominator_ids) as string[],
  statement: c.statement,
  photoFileId: c.photo_file_id,
  status: c.status as (typeof candidateStatuses)[number],
  createdAt: c.created_at,
  decidedAt: c.decided_at,
});

/** The list may change while the assembly is being prepared and until it is published: why not, or null. */
function listProblem(
  a: Pick<AssembliesTable, 'status'>,
  m: Pick<AssemblyMattersTable, 'kind' | 'withdrawn_at' | 'candidates_published_at'>,
): AppError | null {
  if (kindOf(m) !== 'election') return new AppError(409, 'matter_not_election');
  if (m.withdrawn_at !== null || !['draft', 'announced'].includes(statusOf(a)))
    return new AppError(409, 'assembly_step_invalid', { step: 'candidates', status: a.status });
  if (m.candidates_published_at !== null) return new AppError(409, 'candidates_published');
  return null;
}

function requireListOpen(a: AssembliesTable, m: AssemblyMattersTable) {
  const problem = listProblem(a, m);
  if (problem) throw problem;
}

/** Whether owners may still come forward for this election (自荐 while the list is open). */
export const candidacyOpen = (
  a: Pick<AssembliesTable, 'status'>,
  m: Pick<AssemblyMattersTable, 'kind' | 'withdrawn_at' | 'candidates_published_at'>,
) => listProblem(a, m) === null;

/** The people among `personIds` who own a home in the compound now. */
export async function ownersAmong(
  db: Kysely<DB>,
  a: Pick<AssembliesTable, 'community_id' | 'compound_id'>,
  personIds: readonly string[],
) {
  if (!personIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('ownerships')
    .select('person_id')
    .distinct()
    .where('community_id', '=', a.community_id)
    .where('compound_id', '=', a.compound_id)
    .where('ended_at', 'is', null)
    .where('person_id', 'in', [...personIds])
    .execute();
  return new Set(rows.map((r) => r.person_id!));
}

async function nameOf(db: Kysely<DB>, communityId: string, personId: string) {
  const row = await db
    .selectFrom('people')
    .select('name')
    .where('community_id', '=', communityId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return row?.name;
}

export const candidateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const candidates = (communityId: string) =>
    db
      .selectFrom('assembly_candidates as c')
      .innerJoin('people as p', (j) =>
        j.onRef('p.community_id', '=', 'c.community_id').onRef('p.id', '=', 'c.person_id'),
      )
      .selectAll('c')
      .select('p.name')
      .where('c.community_id', '=', communityId);

  async function present(communityId: string, id: string) {
    return candidateView(await candidates(communityId).where('c.id', '=', id).executeTakeFirstOrThrow());
  }

  /**
   * Adds a candidacy after checking the candidate and every joint nominator own a home in the
   * compound and the nomination is complete. Approved at once when organisers add it; pending
   * when an owner puts themselves forward.
   */
  async function nominate(
    req: FastifyRequest,
    a: AssembliesTable,
    m: AssemblyMattersTable,
    input: {
      personId: string;
      nomination: Nomination;
      organisation?: string | null;
      nominatorIds?: string[];
      statement: string;
      photoFileId?: string | null;
    },
    status: 'approved' | 'pending',
  ) {
    requireListOpen(a, m);
    const name = await nameOf(db, a.community_id, input.personId);
    if (!name) throw new AppError(400, 'bad_reference', { what: 'personId' });
    const nominators = [...new Set(input.nominatorIds ?? [])];
    const owners = await ownersAmong(db, a, [input.personId, ...nominators]);
    if (!owners.has(input.personId)) throw new AppError(400, 'not_an_owner', { name });
    const { jointNominators } = await settingsOf(db, a.community_id);
    const problem = nominationProblem({ ...input, nominators }, input.personId, jointNominators);
    if (problem) throw new AppError(400, problem, { min: jointNominators });
    const stranger = input.nomination === 'joint' ? nominators.find((id) => !owners.has(id)) : undefined;
    if (stranger)
      throw new AppError(400, 'candidate_nominator_not_owner', {
        name: (await nameOf(db, a.community_id, stranger)) ?? stranger,
      });
    const statement = requiredText(input.statement, 'statement');
    const now = Date.now();
    const id = newId();
    await db.transaction().execute(async (trx) => {
      const live = await trx
        .selectFrom('assembly_candidates')
        .select('id')
        .where('community_id', '=', m.community_id)
        .where('matter_id', '=', m.id)
        .where('person_id', '=', input.personId)
        .where('status', 'in', ['pending', 'approved'])
        .executeTakeFirst();
      if (live) throw new AppError(409, 'duplicate', { what: name });
      const count = await trx
        .selectFrom('assembly_candidates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('community_id', '=', m.community_id)
        .where('matter_id', '=', m.id)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('assembly_candidates')
        .values({
          community_id: m.community_id,
          id,
          assembly_id: a.id,
          matter_id: m.id,
          candidate_key: `c${Number(count.n) + 1}`,
          person_id: input.personId,
          nomination: input.nomination,
          organisation: input.nomination === 'organisation' ? input.organisation!.trim() : null,
          nominator_ids: JSON.stringify(input.nomination === 'joint' ? nominators : []),
          statement,
          photo_file_id: input.photoFileId ?? null,
          status,
          created_by: req.account!.id,
          created_at: now,
          decided_by: status === 'approved' ? req.account!.id : null,
          decided_at: status === 'approved' ? now : null,
          updated_at: now,
        })
        .execute();
      if (input.photoFileId)
        await attachFiles(
          trx,
          m.community_id,
          [input.photoFileId],
          { type: 'assembly_candidate', id },
          req.account!.id,
          { imagesOnly: true },
        );
      await audit(trx, m.community_id, {
        ...actor(req),
        action: 'assembly_candidate.nominate',
        targetType: 'assembly_candidates',
        targetId: id,
        after: { matterId: m.id, personId: input.personId, nomination: input.nomination, status },
      });
    });
    return present(m.community_id, id);
  }

  // A candidate's photo is for whoever may see the assembly.
  registerFileAccess(app, 'assembly_candidate', async (req, candidateId) => {
    const c = await db
      .selectFrom('assembly_candidates')
      .select('assembly_id')
      .where('community_id', '=', req.community!.id)
      .where('id', '=', candidateId)
      .executeTakeFirst();
    if (!c) return false;
    const a = await mustAssembly(db, req.community!.id, c.assembly_id);
    return (
      (await canOnAssembly(req, 'assemblies.read', a)) || ownerSees(db, req.account!.id, a.community_id, a.id)
    );
  });

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/candidates',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'Candidates of an election, in the order they came forward; q searches the name',
        params: MatterParams,
        querystring: ListQuery({ status: Type.Optional(StringEnum(candidateStatuses)) }),
        response: { 200: Page(Candidate) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      let query = candidates(a.community_id).where('c.matter_id', '=', m.id);
      if (req.query.status) query = query.where('c.status', '=', req.query.status);
      if (req.query.q) query = query.where(contains('p.name', req.query.q));
      const page = await paginate(
        query.orderBy('c.created_at', req.query.order ?? 'asc').orderBy('c.id'),
        req.query,
      );
      return { ...page, items: page.items.map(candidateView) };
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/candidates',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Put a candidate forward (approved at once): an owner of the compound, with a statement and photo',
        params: MatterParams,
        body: Type.Object(
          {
            personId: Id,
            nomination: StringEnum(nominations),
            organisation: Type.Optional(Nullable(Text(100))),
            nominatorIds: Type.Optional(
              Type.Array(Id, { maxItems: 500, description: 'owners signing a joint nomination' }),
            ),
            statement: Statement,
            photoFileId: Type.Optional(Nullable(Id)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Candidate },
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      return reply.status(201).send(await nominate(req, a, m, req.body, 'approved'));
    },
  );

  app.patch(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/candidates/:candidateId',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Approve, reject or withdraw a candidacy, or change its statement or photo, before the list is published',
        params: CandidateParams,
        body: Type.Object(
          {
            status: Type.Optional(StringEnum(['approved', 'rejected', 'withdrawn'] as const)),
            statement: Type.Optional(Statement),
            photoFileId: Type.Optional(Nullable(Id)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Candidate },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      const c = await candidates(a.community_id)
        .where('c.matter_id', '=', m.id)
        .where('c.id', '=', req.params.candidateId)
        .executeTakeFirst();
      if (!c) throw new AppError(404, 'not_found');
      requireListOpen(a, m);
      const { status, photoFileId } = req.body;
      const statement =
        req.body.statement === undefined ? undefined : requiredText(req.body.statement, 'statement');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assembly_candidates')
          .set({
            ...(status !== undefined ? { status, decided_by: req.account!.id, decided_at: now } : {}),
            ...(statement !== undefined ? { statement } : {}),
            ...(photoFileId !== undefined ? { photo_file_id: photoFileId } : {}),
            updated_at: now,
          })
          .where('community_id', '=', c.community_id)
          .where('id', '=', c.id)
          .execute();
        if (photoFileId)
          await attachFiles(
            trx,
            c.community_id,
            [photoFileId],
            { type: 'assembly_candidate', id: c.id },
            req.account!.id,
            { imagesOnly: true },
          );
        if (status !== undefined && status !== c.status)
          await audit(trx, c.community_id, {
            ...actor(req),
            action: 'assembly_candidate.status',
            targetType: 'assembly_candidates',
            targetId: c.id,
            before: { status: c.status },
            after: { status },
          });
      });
      return present(c.community_id, c.id);
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/candidates/publish',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary: 'Publish the candidate list (候选人名单公示): the approved candidates, fixed from now on',
        params: MatterParams,
        response: { 200: Type.Object({ publishedAt: Type.Integer(), candidates: Type.Array(Candidate) }) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      requireListOpen(a, m);
      const approved = await candidates(a.community_id)
        .where('c.matter_id', '=', m.id)
        .where('c.status', '=', 'approved')
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute();
      if (!approved.length) throw new AppError(409, 'candidates_none');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('assembly_matters')
          .set({ candidates_published_at: now, updated_at: now })
          .where('community_id', '=', m.community_id)
          .where('id', '=', m.id)
          .where('candidates_published_at', 'is', null)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'candidates_published');
        await audit(trx, m.community_id, {
          ...actor(req),
          action: 'assembly_candidates.publish',
          targetType: 'assembly_matters',
          targetId: m.id,
          after: { candidates: approved.map((c) => ({ key: c.candidate_key, personId: c.person_id })) },
        });
      });
      await app.deps.events.publish(assemblyTopic(a.id), 'candidates', { matterId: m.id });
      return { publishedAt: now, candidates: approved.map(candidateView) };
    },
  );

  app.post(
    '/me/assemblies/:assemblyId/matters/:matterId/candidacy',
    {
      config: { access: access.session() },
      schema: {
        tags: ['assemblies'],
        summary: 'Put myself forward for the owners’ committee (自荐); organisers then approve it',
        params: Type.Object({ assemblyId: Id, matterId: Id }),
        body: Type.Object(
          { statement: Statement, photoFileId: Type.Optional(Nullable(Id)) },
          { additionalProperties: false },
        ),
        response: { 201: Candidate },
      },
    },
    async (req, reply) => {
      const persons = await myPersons(db, req.account!.id);
      for (const p of persons) {
        const a = await db
          .selectFrom('assemblies')
          .selectAll()
          .where('community_id', '=', p.community_id)
          .where('id', '=', req.params.assemblyId)
          .executeTakeFirst();
        if (!a || !(await ownerSees(db, req.account!.id, a.community_id, a.id))) continue;
        const m = await mustMatter(db, a, req.params.matterId);
        const mine = await ownersAmong(
          db,
          a,
          persons.filter((x) => x.community_id === a.community_id).map((x) => x.id),
        );
        const personId = [...mine][0];
        if (!personId) break;
        const candidate = await nominate(req, a, m, { personId, nomination: 'self', ...req.body }, 'pending');
        return reply.status(201).send(candidate);
      }
      throw new AppError(404, 'not_found');
    },
  );
};
