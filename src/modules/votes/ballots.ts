import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../core/audit';
import { contains, paginate } from '../../core/db/query';
import type { PaperBallotsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { attachFiles, registerFileAccess } from '../../core/files';
import { access, actor } from '../../core/http/access';
import { Id, ListQuery, Nullable, Page, StringEnum, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { checkChain, checkChoice, lockForBallot, publishTurnout, type Choice } from './casting';
import { ballotWindowOpen } from './lifecycle';
import { canOnAssembly, loadAssembly } from './scope';
import { schedule } from './steps';
import { appendBallot, chainOf, liveMatters, mustMatter } from './store';
import { AssemblyParams, Ballot, ballotView, MatterParams, requiredText } from './views';

/**
 * Ballots on paper and by proxy (纸质票, 委托投票), entered by one staff member with the scanned,
 * signed sheet (and the written authorisation for a proxy), counted only once a second staff member
 * confirms; and the chain of every matter, listed and verified.
 */

const paperStatuses = ['pending', 'confirmed', 'rejected'] as const;
const paperChannels = ['paper', 'proxy'] as const;

const PaperChoice = Type.Object(
  {
    matterId: Id,
    choice: Type.Optional(
      StringEnum(['yes', 'no', 'abstain', 'spoilt'] as const, { description: 'a motion; spoilt 废票' }),
    ),
    choices: Type.Optional(
      Type.Array(Type.String({ maxLength: 20 }), { maxItems: 50, description: 'an election' }),
    ),
  },
  { additionalProperties: false },
);

const PaperBallot = Type.Object({
  id: Type.String(),
  assemblyId: Type.String(),
  roomId: Type.String(),
  roomLabel: Type.String(),
  voter: Type.String({ description: 'the voter’s pseudonym' }),
  channel: StringEnum(paperChannels),
  sheetFileId: Type.String(),
  authorisationFileId: Nullable(Type.String()),
  proxyName: Nullable(Type.String()),
  choices: Type.Array(
    Type.Object({
      matterId: Type.String(),
      choice: Type.Optional(Type.String()),
      choices: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  status: StringEnum(paperStatuses),
  enteredBy: Type.String(),
  enteredByName: Type.String({ description: 'who entered the sheet (the account’s display name)' }),
  enteredAt: Type.Integer(),
  decidedBy: Nullable(Type.String()),
  decidedByName: Nullable(Type.String({ description: 'who confirmed or sent it back' })),
  decidedAt: Nullable(Type.Integer()),
  rejectReason: Nullable(Type.String()),
});

const PaperParams = Type.Object({ communityId: Id, assemblyId: Id, paperId: Id });

const ChainCheck = Type.Object({
  ok: Type.Boolean(),
  ballots: Type.Integer(),
  head: Nullable(Type.String({ description: 'the chain’s last hash when intact' })),
  brokenAt: Nullable(Type.Integer({ description: 'the first seq that does not follow' })),
});

export const ballotRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  const papers = (communityId: string) =>
    db
      .selectFrom('paper_ballots as pb')
      .innerJoin('assembly_voters as v', (j) =>
        j.onRef('v.community_id', '=', 'pb.community_id').onRef('v.id', '=', 'pb.voter_id'),
      )
      .innerJoin('assembly_rooms as r', (j) =>
        j
          .onRef('r.community_id', '=', 'pb.community_id')
          .onRef('r.assembly_id', '=', 'pb.assembly_id')
          .onRef('r.room_id', '=', 'pb.room_id'),
      )
      .innerJoin('accounts as entered', 'entered.id', 'pb.entered_by')
      .leftJoin('accounts as decided', 'decided.id', 'pb.decided_by')
      .selectAll('pb')
      .select([
        'v.voter_key',
        'r.label',
        'entered.display_name as entered_by_name',
        'decided.display_name as decided_by_name',
      ])
      .where('pb.community_id', '=', communityId);

  const paperView = (
    p: PaperBallotsTable & {
      voter_key: string;
      label: string;
      entered_by_name: string;
      decided_by_name: string | null;
    },
  ) => ({
    id: p.id,
    assemblyId: p.assembly_id,
    roomId: p.room_id,
    roomLabel: p.label,
    voter: p.voter_key,
    channel: p.channel as (typeof paperChannels)[number],
    sheetFileId: p.sheet_file_id,
    authorisationFileId: p.authorisation_file_id,
    proxyName: p.proxy_name,
    choices: JSON.parse(p.choices_json) as (Choice & { matterId: string })[],
    status: p.status as (typeof paperStatuses)[number],
    enteredBy: p.entered_by,
    enteredByName: p.entered_by_name,
    enteredAt: p.entered_at,
    decidedBy: p.decided_by,
    decidedByName: p.decided_by_name,
    decidedAt: p.decided_at,
    rejectReason: p.reject_reason,
  });

  async function loadPaper(communityId: string, assemblyId: string, paperId: string) {
    const row = await papers(communityId)
      .where('pb.assembly_id', '=', assemblyId)
      .where('pb.id', '=', paperId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found');
    return row;
  }

  // The scanned sheet and the authorisation are for those who enter and check ballots.
  registerFileAccess(app, 'paper_ballot', async (req, paperId) => {
    const paper = await db
      .selectFrom('paper_ballots as pb')
      .innerJoin('assemblies as a', (j) =>
        j.onRef('a.community_id', '=', 'pb.community_id').onRef('a.id', '=', 'pb.assembly_id'),
      )
      .select(['a.community_id', 'a.compound_id'])
      .where('pb.community_id', '=', req.community!.id)
      .where('pb.id', '=', paperId)
      .executeTakeFirst();
    return !!paper && (await canOnAssembly(req, 'ballots.enter', paper));
  });

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/paper-ballots',
    {
      config: { access: access.community('ballots.enter') },
      schema: {
        tags: ['assemblies'],
        summary: 'Enter a paper or proxy ballot sheet with its scan; a second staff member confirms it',
        params: AssemblyParams,
        body: Type.Object(
          {
            roomId: Id,
            channel: Type.Optional(
              StringEnum(paperChannels, { description: 'paper 纸质票 (default) | proxy 委托' }),
            ),
            sheetFileId: Id,
            authorisationFileId: Type.Optional(Id),
            proxyName: Type.Optional(Text(40)),
            choices: Type.Array(PaperChoice, { minItems: 1, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: PaperBallot },
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'ballots.enter', req.params.assemblyId);
      const now = Date.now();
      if (!ballotWindowOpen(schedule(a), now)) throw new AppError(409, 'ballot_window_closed');
      const { roomId, channel = 'paper', sheetFileId, authorisationFileId, choices } = req.body;
      const proxyName = req.body.proxyName?.trim() || null;
      if (channel === 'proxy' && (!authorisationFileId || !proxyName))
        throw new AppError(400, 'paper_authorisation_required', {}, [{ field: 'authorisationFileId' }]);
      const room = await db
        .selectFrom('assembly_rooms')
        .select(['voter_id'])
        .where('community_id', '=', a.community_id)
        .where('assembly_id', '=', a.id)
        .where('room_id', '=', roomId)
        .executeTakeFirst();
      if (!room?.voter_id) throw new AppError(400, 'paper_room_unknown', {}, [{ field: 'roomId' }]);
      const matters = new Map((await liveMatters(db, a)).map((m) => [m.id, m]));
      const seen = new Set<string>();
      const checked: (Choice & { matterId: string })[] = [];
      for (const given of choices) {
        const m = matters.get(given.matterId);
        if (!m || seen.has(given.matterId))
          throw new AppError(400, 'paper_matter_unknown', { matterId: given.matterId });
        seen.add(given.matterId);
        checked.push({ matterId: m.id, ...(await checkChoice(db, m, given, true)) });
      }
      const row: PaperBallotsTable = {
        community_id: a.community_id,
        id: newId(),
        assembly_id: a.id,
        voter_id: room.voter_id,
        room_id: roomId,
        channel,
        sheet_file_id: sheetFileId,
        authorisation_file_id: channel === 'proxy' ? authorisationFileId! : null,
        proxy_name: channel === 'proxy' ? proxyName : null,
        choices_json: JSON.stringify(checked),
        status: 'pending',
        entered_by: req.account!.id,
        entered_at: now,
        decided_by: null,
        decided_at: null,
        reject_reason: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('paper_ballots').values(row).execute();
        const files = [sheetFileId, ...(row.authorisation_file_id ? [row.authorisation_file_id] : [])];
        await attachFiles(trx, a.community_id, files, { type: 'paper_ballot', id: row.id }, req.account!.id);
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'paper_ballot.enter',
          targetType: 'paper_ballots',
          targetId: row.id,
          after: { assemblyId: a.id, roomId, channel, matters: checked.map((c) => c.matterId) },
        });
      });
      return reply.status(201).send(paperView(await loadPaper(a.community_id, a.id, row.id)));
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/paper-ballots',
    {
      config: { access: access.community('ballots.enter') },
      schema: {
        tags: ['assemblies'],
        summary: 'Paper and proxy sheets entered; q searches the room',
        params: AssemblyParams,
        querystring: ListQuery({
          status: Type.Optional(StringEnum(paperStatuses)),
          roomId: Type.Optional(Id),
        }),
        response: { 200: Page(PaperBallot) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'ballots.enter', req.params.assemblyId);
      let query = papers(a.community_id).where('pb.assembly_id', '=', a.id);
      if (req.query.status) query = query.where('pb.status', '=', req.query.status);
      if (req.query.roomId) query = query.where('pb.room_id', '=', req.query.roomId);
      if (req.query.q) query = query.where(contains('r.label', req.query.q));
      const page = await paginate(
        query.orderBy('pb.entered_at', req.query.order ?? 'desc').orderBy('pb.id'),
        req.query,
      );
      return { ...page, items: page.items.map(paperView) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/paper-ballots/:paperId',
    {
      config: { access: access.community('ballots.enter') },
      schema: {
        tags: ['assemblies'],
        summary: 'One paper or proxy sheet',
        params: PaperParams,
        response: { 200: PaperBallot },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'ballots.enter', req.params.assemblyId);
      return paperView(await loadPaper(a.community_id, a.id, req.params.paperId));
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/paper-ballots/:paperId/confirm',
    {
      config: { access: access.community('ballots.enter') },
      schema: {
        tags: ['assemblies'],
        summary: 'Confirm a sheet entered by someone else: its ballots join the chains and count',
        params: PaperParams,
        response: { 200: Type.Object({ paper: PaperBallot, ballots: Type.Array(Ballot) }) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'ballots.enter', req.params.assemblyId);
      const paper = await loadPaper(a.community_id, a.id, req.params.paperId);
      const me = req.account!.id;
      if (paper.entered_by === me) throw new AppError(409, 'paper_same_staff');
      if (paper.status !== 'pending') throw new AppError(409, 'paper_decided');
      const now = Date.now();
      const choices = JSON.parse(paper.choices_json) as (Choice & { matterId: string })[];
      // Matters are locked in ballot order, as closing locks them, so the two never deadlock.
      const order = new Map((await liveMatters(db, a)).map((m) => [m.id, m.position]));
      choices.sort((x, y) => (order.get(x.matterId) ?? 0) - (order.get(y.matterId) ?? 0));
      const ballots = await db.transaction().execute(async (trx) => {
        const taken = await trx
          .updateTable('paper_ballots')
          .set({ status: 'confirmed', decided_by: me, decided_at: now })
          .where('community_id', '=', a.community_id)
          .where('id', '=', paper.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw new AppError(409, 'paper_decided');
        const appended = [];
        for (const c of choices) {
          const m = await lockForBallot(trx, app.deps, a, c.matterId, now);
          appended.push(
            await appendBallot(
              trx,
              m,
              {
                voterId: paper.voter_id,
                voterKey: paper.voter_key,
                ...(c.choices ? { choices: c.choices } : { choice: c.choice }),
                channel: paper.channel as 'paper' | 'proxy',
                castBy: me,
                paperId: paper.id,
              },
              now,
            ),
          );
        }
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'paper_ballot.confirm',
          targetType: 'paper_ballots',
          targetId: paper.id,
          after: { ballots: appended.map((b) => ({ matterId: b.matter_id, seq: b.seq, hash: b.hash })) },
        });
        return appended;
      });
      await publishTurnout(
        app.deps,
        a,
        ballots.map((b) => b.matter_id),
      );
      return {
        paper: paperView(await loadPaper(a.community_id, a.id, paper.id)),
        ballots: ballots.map(ballotView),
      };
    },
  );

  app.post(
    '/communities/:communityId/assemblies/:assemblyId/paper-ballots/:paperId/reject',
    {
      config: { access: access.community('ballots.enter') },
      schema: {
        tags: ['assemblies'],
        summary: 'Send a sheet back (unreadable scan, wrong room): it is not counted',
        params: PaperParams,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: { 200: PaperBallot },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'ballots.enter', req.params.assemblyId);
      const paper = await loadPaper(a.community_id, a.id, req.params.paperId);
      const reason = requiredText(req.body.reason, 'reason');
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        const taken = await trx
          .updateTable('paper_ballots')
          .set({ status: 'rejected', decided_by: req.account!.id, decided_at: now, reject_reason: reason })
          .where('community_id', '=', a.community_id)
          .where('id', '=', paper.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) !== 1) throw new AppError(409, 'paper_decided');
        await audit(trx, a.community_id, {
          ...actor(req),
          action: 'paper_ballot.reject',
          targetType: 'paper_ballots',
          targetId: paper.id,
          after: { reason },
        });
      });
      return paperView(await loadPaper(a.community_id, a.id, paper.id));
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/ballots',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary:
          'A matter’s hash chain, in seq order: every ballot, superseded ones included, under voter pseudonyms',
        params: MatterParams,
        querystring: ListQuery({ voter: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Page(Ballot) },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      let query = db
        .selectFrom('ballots')
        .selectAll()
        .where('community_id', '=', m.community_id)
        .where('matter_id', '=', m.id);
      if (req.query.voter) query = query.where('voter_key', '=', req.query.voter);
      const page = await paginate(query.orderBy('seq', req.query.order ?? 'asc'), req.query);
      return { ...page, items: page.items.map(ballotView) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/verify',
    {
      config: { access: access.community('assemblies.manage') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Recompute the matter’s hash chain from the stored ballots: intact, or the first seq that breaks',
        params: MatterParams,
        response: { 200: ChainCheck },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.manage', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      const check = checkChain(await chainOf(db, m), m);
      return check.ok
        ? { ok: true, ballots: check.ballots, head: check.head, brokenAt: null }
        : { ok: false, ballots: check.ballots, head: null, brokenAt: check.seq };
    },
  );
};
