import type { Kysely } from 'kysely';
import type { Deps } from '../../core/deps';
import type { AssembliesTable, AssemblyMattersTable, BallotsTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { verifyChain } from './chain';
import { ballotWindowOpen } from './lifecycle';
import { assemblyTopic, schedule } from './steps';
import { chainBody, kindOf, listedCandidates, locked, motionChoices } from './store';

/**
 * What every ballot goes through, whichever channel it came by: its choice checked against the
 * matter, the matter row locked, the voting window checked under the lock, then the append. And
 * what the chain is checked with afterwards.
 */

export interface Choice {
  choice?: string;
  choices?: string[];
}

/**
 * A choice fit for the matter: yes / no / abstain for a motion; distinct listed candidates, no more
 * than the seats, for an election. Paper may also record a sheet as spoilt (废票), which counts as
 * taking part and supports nothing; online ballots cannot be spoilt.
 */
export async function checkChoice(
  db: Kysely<DB>,
  m: AssemblyMattersTable,
  given: Choice,
  allowSpoilt: boolean,
): Promise<{ choice?: string; choices?: string[] }> {
  if (allowSpoilt && given.choice === 'spoilt' && given.choices === undefined) return { choice: 'spoilt' };
  if (kindOf(m) !== 'election') {
    if (!given.choice || !(motionChoices as readonly string[]).includes(given.choice) || given.choices)
      throw new AppError(400, 'ballot_choice_required', {}, [{ field: 'choice' }]);
    return { choice: given.choice };
  }
  const invalid = (detail: string) =>
    new AppError(400, 'ballot_choices_invalid', { detail }, [{ field: 'choices' }]);
  if (!given.choices || given.choice !== undefined) throw invalid('choices');
  const listed = new Set((await listedCandidates(db, m)).map((c) => c.candidate_key));
  const unknown = given.choices.find((key) => !listed.has(key));
  if (unknown !== undefined) throw invalid(unknown);
  if (new Set(given.choices).size !== given.choices.length) throw invalid('duplicate');
  if (given.choices.length > (m.seats ?? 0)) throw invalid(`> ${m.seats}`);
  return { choices: given.choices };
}

/** The matter row, locked for this transaction, with a check that ballots are being taken now. */
export async function lockForBallot(
  trx: Kysely<DB>,
  deps: Pick<Deps, 'database'>,
  a: AssembliesTable,
  matterId: string,
  now: number,
) {
  const m = await locked(
    trx
      .selectFrom('assembly_matters')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('id', '=', matterId),
    deps.database.dialect,
  ).executeTakeFirstOrThrow();
  // Read under the lock: a close that committed first is seen here.
  const current = await trx
    .selectFrom('assemblies')
    .selectAll()
    .where('community_id', '=', a.community_id)
    .where('id', '=', a.id)
    .executeTakeFirstOrThrow();
  if (!ballotWindowOpen(schedule(current), now)) throw new AppError(409, 'ballot_window_closed');
  return m;
}

/**
 * A matter's participation as far as its chain has been read: who has voted (a voter's every ballot
 * counts them once, whatever they chose) and the area they hold. Kept per process and caught up by
 * seq, so a new ballot costs one indexed read of the ballots after the last one seen instead of a
 * recount of the whole roll (which at 100k rooms took longer than the ballot itself). Every process
 * reads the same append-only chain, so each one's figures agree with a full tally.
 */
interface Participation {
  seq: number;
  voters: Set<string>;
  areaCenti: number;
  totalAreaCenti: number;
  totalHeads: number;
}

const participations = new Map<string, Participation>();
/** Matters followed at once per process; the least recently updated is dropped (and re-read if needed). */
const followedMatters = 64;

async function participationOf(db: Kysely<DB>, m: AssemblyMattersTable): Promise<Participation> {
  let p = participations.get(m.id);
  // A chain shorter than what was read (a test rewound it) is read again from the start.
  if (!p || p.seq > m.ballot_count) {
    const roll = await db
      .selectFrom('assembly_voters')
      .select((eb) => [eb.fn.countAll<number>().as('heads'), eb.fn.sum<number>('area_centi').as('area')])
      .where('community_id', '=', m.community_id)
      .where('assembly_id', '=', m.assembly_id)
      .executeTakeFirstOrThrow();
    p = {
      seq: 0,
      voters: new Set(),
      areaCenti: 0,
      totalAreaCenti: Number(roll.area ?? 0),
      totalHeads: Number(roll.heads),
    };
  }
  participations.delete(m.id);
  participations.set(m.id, p);
  if (participations.size > followedMatters) participations.delete(participations.keys().next().value!);
  if (p.seq >= m.ballot_count) return p;
  const after = p.seq;
  const rows = await db
    .selectFrom('ballots as b')
    .innerJoin('assembly_voters as v', (j) =>
      j.onRef('v.community_id', '=', 'b.community_id').onRef('v.id', '=', 'b.voter_id'),
    )
    .select(['b.seq', 'b.voter_id', 'v.area_centi'])
    .where('b.community_id', '=', m.community_id)
    .where('b.matter_id', '=', m.id)
    .where('b.seq', '>', after)
    .orderBy('b.seq')
    .execute();
  // Another call may have caught up meanwhile: the set keeps each voter counted once either way.
  for (const r of rows) {
    if (!p.voters.has(r.voter_id)) {
      p.voters.add(r.voter_id);
      p.areaCenti += Number(r.area_centi);
    }
    p.seq = Math.max(p.seq, r.seq);
  }
  return p;
}

/** Tells open turnout pages that a matter's participation moved (figures only, no choices). */
export async function publishTurnout(
  deps: Pick<Deps, 'db' | 'events'>,
  a: AssembliesTable,
  matterIds: string[],
) {
  for (const matterId of matterIds) {
    const m = await deps.db
      .selectFrom('assembly_matters')
      .selectAll()
      .where('community_id', '=', a.community_id)
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    const p = await participationOf(deps.db, m);
    // The quorum as tally.ts has it: at least 2/3 of the area and of the heads, exactly.
    const quorumArea = p.areaCenti * 3 >= p.totalAreaCenti * 2;
    const quorumHeads = p.voters.size * 3 >= p.totalHeads * 2;
    await deps.events.publish(assemblyTopic(a.id), 'turnout', {
      matterId,
      ballots: m.ballot_count,
      participatingAreaCenti: p.areaCenti,
      participatingHeads: p.voters.size,
      quorumArea,
      quorumHeads,
      quorum: quorumArea && quorumHeads,
    });
  }
}

export type ChainCheck =
  { ok: true; ballots: number; head: string } | { ok: false; ballots: number; seq: number };

/**
 * Recomputes a matter's chain from the stored rows: each hash from its row's content and the hash
 * before it, the seqs running 1…n without a gap, and the last hash equal to the head the matter row
 * recorded. A row edited, removed or reordered in the database names the first seq that breaks.
 */
export function checkChain(
  rows: readonly BallotsTable[],
  m: Pick<AssemblyMattersTable, 'head_hash' | 'ballot_count'>,
): ChainCheck {
  const gap = rows.findIndex((r, i) => r.seq !== i + 1);
  const verdict = verifyChain(rows.map((r) => ({ ...chainBody(r), hash: r.hash })));
  if (!verdict.ok)
    return { ok: false, ballots: rows.length, seq: gap >= 0 ? Math.min(gap + 1, verdict.seq) : verdict.seq };
  if (gap >= 0) return { ok: false, ballots: rows.length, seq: gap + 1 };
  if (rows.length !== m.ballot_count || verdict.head !== m.head_hash)
    return { ok: false, ballots: rows.length, seq: Math.min(rows.length, m.ballot_count) + 1 };
  return { ok: true, ballots: rows.length, head: verdict.head };
}
