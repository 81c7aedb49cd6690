import { randomInt } from 'node:crypto';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Dialect } from '../../core/db';
import type { AssembliesTable, AssemblyMattersTable, BallotsTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { developerKey, electorate } from '../people/voters';
import type { ChainedBallot } from './bundle';
import { ballotHash } from './chain';
import { defaultNoticeDays, type AssemblyStatus } from './lifecycle';
import { defaultJointNominators, type MatterKind } from './matters';
import { tally, type TallyMatter, type TallyResult, type TallyUnit } from './tally';
import type { MatterFiles } from './views';

/** SQL shared by the assembly routes and the clock job. Every query names its community. */

export const motionChoices = ['yes', 'no', 'abstain'] as const;
export const ballotChannels = ['online', 'paper', 'proxy'] as const;
export type BallotChannel = (typeof ballotChannels)[number];

export const statusOf = (a: Pick<AssembliesTable, 'status'>) => a.status as AssemblyStatus;
export const kindOf = (m: Pick<AssemblyMattersTable, 'kind'>) => m.kind as MatterKind;

export async function findAssembly(db: Kysely<DB>, communityId: string, id: string) {
  return db
    .selectFrom('assemblies')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function mustAssembly(db: Kysely<DB>, communityId: string, id: string) {
  const row = await findAssembly(db, communityId, id);
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** A matter of the assembly named in the path: 404 when it belongs to another assembly. */
export async function mustMatter(db: Kysely<DB>, a: AssembliesTable, matterId: string) {
  const row = await db
    .selectFrom('assembly_matters')
    .selectAll()
    .where('community_id', '=', a.community_id)
    .where('assembly_id', '=', a.id)
    .where('id', '=', matterId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** The matters owners vote on, in their order on the ballot (withdrawn drafts left out). */
export function liveMatters(db: Kysely<DB>, a: Pick<AssembliesTable, 'community_id' | 'id'>) {
  return db
    .selectFrom('assembly_matters')
    .selectAll()
    .where('community_id', '=', a.community_id)
    .where('assembly_id', '=', a.id)
    .where('withdrawn_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The files attached to these matters, by id, for matterView: one query for a whole list. */
export async function attachmentsOf(
  db: Kysely<DB>,
  matters: readonly Pick<AssemblyMattersTable, 'community_id' | 'id' | 'attachment_ids'>[],
): Promise<MatterFiles> {
  const ids = [...new Set(matters.flatMap((m) => JSON.parse(m.attachment_ids) as string[]))];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('files')
    .select(['id', 'name', 'mime', 'size'])
    .where('community_id', '=', matters[0]!.community_id)
    .where('id', 'in', ids)
    .where('attached_type', '=', 'assembly_matter')
    .where(
      'attached_id',
      'in',
      matters.map((m) => m.id),
    )
    .execute();
  return new Map(rows.map((f) => [f.id, { id: f.id, name: f.name, mime: f.mime, size: Number(f.size) }]));
}

/**
 * Locks a row until the transaction ends, on PostgreSQL (SELECT … FOR UPDATE). SQLite runs one
 * write transaction at a time, so there the transaction itself is the lock.
 */
export function locked<TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, dialect: Dialect) {
  return dialect === 'postgres' ? query.forUpdate() : query;
}

/** Shuffled pseudonyms prefix1…prefixN, so a voter's number says nothing about where they live. */
function pseudonyms(prefix: string, count: number): string[] {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return keys;
}

/**
 * Freezes the compound's electorate for the assembly as voting opens (DESIGN §6, voters.ts): every
 * room with its area and the area's source, every voter under a pseudonym with the co-owners who
 * may be designated to vote for them. Refused while a room has no owner on record: the developer
 * holds unsold rooms, so an ownerless room is a gap in the roll, and every unit needs its voter.
 */
export async function freezeElectorate(trx: Kysely<DB>, a: AssembliesTable, now: number) {
  const where = { community: a.community_id, compound: a.compound_id };
  const [rooms, ownerships] = await Promise.all([
    trx
      .selectFrom('rooms as r')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'r.community_id').onRef('b.id', '=', 'r.building_id'),
      )
      .innerJoin('entrances as e', (j) =>
        j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
      )
      .select([
        'r.id',
        'r.building_id',
        'r.number',
        'r.area_centi',
        'r.area_source',
        'b.name as building',
        'e.name as entrance',
      ])
      .where('r.community_id', '=', where.community)
      .where('r.compound_id', '=', where.compound)
      .where('r.archived_at', 'is', null)
      .orderBy('b.name')
      .orderBy('e.name')
      .orderBy('r.number')
      .orderBy('r.id')
      .execute(),
    trx
      .selectFrom('ownerships')
      .selectAll()
      .where('community_id', '=', where.community)
      .where('compound_id', '=', where.compound)
      .where('ended_at', 'is', null)
      .execute(),
  ]);
  const roll = electorate(
    rooms.map((r) => ({ id: r.id, areaCenti: r.area_centi })),
    ownerships.map((o) => ({
      id: o.id,
      roomId: o.room_id,
      personId: o.person_id,
      isDeveloper: o.is_developer === 1,
      isVoter: o.is_voter === 1,
      createdAt: o.created_at,
    })),
  );
  if (rooms.length === 0) throw new AppError(409, 'assembly_roll_empty');
  const missing = roll.rooms.filter((r) => r.voter === null).length;
  if (missing) throw new AppError(409, 'assembly_roll_incomplete', { count: missing });

  const voterKeys = [...new Set(roll.rooms.map((r) => r.voter!))];
  const names = pseudonyms('v', voterKeys.length);
  const voters = voterKeys.map((key, i) => {
    const roomIds = new Set(roll.rooms.filter((r) => r.voter === key).map((r) => r.roomId));
    const coOwners = new Set(
      ownerships
        .filter((o) => roomIds.has(o.room_id) && o.person_id && o.person_id !== key)
        .map((o) => o.person_id!),
    );
    return {
      community_id: a.community_id,
      id: newId(),
      assembly_id: a.id,
      voter_key: names[i]!,
      person_id: key === developerKey ? null : key,
      is_developer: key === developerKey ? (1 as const) : (0 as const),
      co_owner_ids: JSON.stringify([...coOwners].sort()),
      delegate_person_id: null,
      area_centi: roll.rooms.filter((r) => r.voter === key).reduce((sum, r) => sum + r.areaCenti, 0),
      room_count: roomIds.size,
      created_at: now,
      updated_at: now,
    };
  });
  const voterId = new Map(voterKeys.map((key, i) => [key, voters[i]!.id]));
  const units = pseudonyms('u', rooms.length);
  const snapshot = rooms.map((r, i) => ({
    community_id: a.community_id,
    id: newId(),
    assembly_id: a.id,
    room_id: r.id,
    unit_key: units[i]!,
    building_id: r.building_id,
    label: `${r.building}-${r.entrance}-${r.number}`,
    area_centi: r.area_centi,
    area_source: r.area_source,
    voter_id: voterId.get(roll.rooms[i]!.voter!)!,
    created_at: now,
  }));
  // In slices, to stay under SQLite's limit on bound parameters per statement.
  for (let i = 0; i < voters.length; i += 200)
    await trx
      .insertInto('assembly_voters')
      .values(voters.slice(i, i + 200))
      .execute();
  for (let i = 0; i < snapshot.length; i += 200)
    await trx
      .insertInto('assembly_rooms')
      .values(snapshot.slice(i, i + 200))
      .execute();
  return { totalAreaCenti: roll.totalAreaCenti, totalHeads: roll.heads, roomCount: rooms.length };
}

/** The frozen rooms of an assembly with their voters' pseudonyms: tally's units. */
export async function unitsOf(db: Kysely<DB>, a: Pick<AssembliesTable, 'community_id' | 'id'>) {
  const rows = await db
    .selectFrom('assembly_rooms as r')
    .innerJoin('assembly_voters as v', (j) =>
      j.onRef('v.community_id', '=', 'r.community_id').onRef('v.id', '=', 'r.voter_id'),
    )
    .select(['r.room_id', 'r.unit_key', 'r.building_id', 'r.label', 'r.area_centi', 'v.voter_key'])
    .where('r.community_id', '=', a.community_id)
    .where('r.assembly_id', '=', a.id)
    .orderBy('r.label')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.unit_key,
    roomId: r.room_id,
    label: r.label,
    buildingId: r.building_id,
    areaCenti: r.area_centi,
    voter: r.voter_key,
  }));
}
export type Unit = Awaited<ReturnType<typeof unitsOf>>[number];

/** A matter's chain, in seq order. */
export function chainOf(db: Kysely<DB>, m: Pick<AssemblyMattersTable, 'community_id' | 'id'>) {
  return db
    .selectFrom('ballots')
    .selectAll()
    .where('community_id', '=', m.community_id)
    .where('matter_id', '=', m.id)
    .orderBy('seq')
    .execute();
}

/**
 * Exactly what a ballot's hash covers, as the bundle carries it: {seq, voter, matter, choice} or
 * {seq, voter, matter, choices}. Naming the matter makes every receipt unique: the same voter casting
 * the same choice at the same seq on two matters would otherwise get the same hash.
 */
export function chainBody(
  b: Pick<BallotsTable, 'seq' | 'voter_key' | 'matter_id' | 'choice' | 'choices_json'>,
): ChainedBallot {
  const base = { seq: b.seq, voter: b.voter_key, matter: b.matter_id };
  if (b.choices_json !== null) return { ...base, choices: JSON.parse(b.choices_json) as string[] };
  return { ...base, choice: b.choice ?? '' };
}

export interface NewBallot {
  voterId: string;
  voterKey: string;
  choice?: string;
  choices?: string[];
  channel: BallotChannel;
  castBy: string;
  paperId?: string;
  idempotencyKey?: string;
}

/**
 * Appends a ballot to the matter's chain. The caller holds the matter row locked (see `locked`) in
 * this transaction and passes it as read under the lock: seq and head follow from it, so two
 * devices submitting at once get consecutive seqs, never the same one.
 */
export async function appendBallot(
  trx: Kysely<DB>,
  matter: AssemblyMattersTable,
  ballot: NewBallot,
  now: number,
): Promise<BallotsTable> {
  const seq = matter.ballot_count + 1;
  const body = chainBody({
    seq,
    voter_key: ballot.voterKey,
    matter_id: matter.id,
    choice: ballot.choice ?? null,
    choices_json: ballot.choices ? JSON.stringify(ballot.choices) : null,
  });
  const row: BallotsTable = {
    community_id: matter.community_id,
    id: newId(),
    assembly_id: matter.assembly_id,
    matter_id: matter.id,
    seq,
    voter_id: ballot.voterId,
    voter_key: ballot.voterKey,
    choice: body.choice ?? null,
    choices_json: body.choices ? JSON.stringify(body.choices) : null,
    prev_hash: matter.head_hash,
    hash: ballotHash(matter.head_hash, body),
    channel: ballot.channel,
    cast_by: ballot.castBy,
    paper_id: ballot.paperId ?? null,
    idempotency_key: ballot.idempotencyKey ?? null,
    cast_at: now,
  };
  await trx.insertInto('ballots').values(row).execute();
  const moved = await trx
    .updateTable('assembly_matters')
    .set({ ballot_count: seq, head_hash: row.hash, updated_at: now })
    .where('community_id', '=', matter.community_id)
    .where('id', '=', matter.id)
    .where('ballot_count', '=', matter.ballot_count)
    .executeTakeFirst();
  // The unique (matter, seq) already stops a second writer; this guards a caller that forgot the lock.
  if (Number(moved.numUpdatedRows) !== 1) throw new Error(`matter ${matter.id} chain moved under its lock`);
  matter.ballot_count = seq;
  matter.head_hash = row.hash;
  return row;
}

/** The candidates on an election's published list, in the order they were put forward. */
export async function listedCandidates(db: Kysely<DB>, m: Pick<AssemblyMattersTable, 'community_id' | 'id'>) {
  return db
    .selectFrom('assembly_candidates as c')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'c.community_id').onRef('p.id', '=', 'c.person_id'),
    )
    .select([
      'c.id',
      'c.candidate_key',
      'c.person_id',
      'p.name',
      'c.nomination',
      'c.organisation',
      'c.statement',
      'c.photo_file_id',
    ])
    .where('c.community_id', '=', m.community_id)
    .where('c.matter_id', '=', m.id)
    .where('c.status', '=', 'approved')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/** The matter as tally reads it. */
export async function tallyMatter(
  db: Kysely<DB>,
  m: AssemblyMattersTable,
): Promise<TallyMatter & { id: string; title: string }> {
  const kind = kindOf(m);
  if (kind !== 'election') return { id: m.id, title: m.title, kind };
  const candidates = await listedCandidates(db, m);
  return {
    id: m.id,
    title: m.title,
    kind,
    seats: m.seats ?? 0,
    candidates: candidates.map((c) => c.candidate_key),
  };
}

/**
 * The frozen roll as tally counts it: one unit per voter holding the area of all their rooms (frozen
 * with the roll as its sum), which counts exactly as their rooms one by one do, and reads two columns
 * of the voters instead of joining and sorting every room (a 100k-room count took seconds that way).
 */
async function votersAsUnits(db: Kysely<DB>, m: Pick<AssemblyMattersTable, 'community_id' | 'assembly_id'>) {
  const rows = await db
    .selectFrom('assembly_voters')
    .select(['voter_key', 'area_centi'])
    .where('community_id', '=', m.community_id)
    .where('assembly_id', '=', m.assembly_id)
    .execute();
  return rows.map((r): TallyUnit => ({
    id: r.voter_key,
    areaCenti: Number(r.area_centi),
    voter: r.voter_key,
  }));
}

/** A matter's chain as tally reads it: what each ballot's hash covers, without the rest of the row. */
async function chainBodies(db: Kysely<DB>, m: Pick<AssemblyMattersTable, 'community_id' | 'id'>) {
  const rows = await db
    .selectFrom('ballots')
    .select(['seq', 'voter_key', 'matter_id', 'choice', 'choices_json'])
    .where('community_id', '=', m.community_id)
    .where('matter_id', '=', m.id)
    .orderBy('seq')
    .execute();
  return rows.map(chainBody);
}

/** Counts a matter from its chain as it stands. */
export async function countMatter(
  db: Kysely<DB>,
  m: AssemblyMattersTable,
  units?: TallyUnit[],
): Promise<TallyResult> {
  const [matter, allUnits, chain] = await Promise.all([
    tallyMatter(db, m),
    units ?? votersAsUnits(db, m),
    chainBodies(db, m),
  ]);
  return tally(matter, allUnits, chain);
}

/** The people records an account is linked to, in every community. */
export async function myPersons(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('people')
    .select(['community_id', 'id'])
    .where('account_id', '=', accountId)
    .where('archived_at', 'is', null)
    .execute();
}

/** Accounts of the compound's current owners: who hears that an assembly is announced, opens, publishes. */
export async function ownerAccounts(
  db: Kysely<DB>,
  a: Pick<AssembliesTable, 'community_id' | 'compound_id'>,
) {
  const rows = await db
    .selectFrom('ownerships as o')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'o.community_id').onRef('p.id', '=', 'o.person_id'),
    )
    .select('p.account_id')
    .distinct()
    .where('o.community_id', '=', a.community_id)
    .where('o.compound_id', '=', a.compound_id)
    .where('o.ended_at', 'is', null)
    .where('p.account_id', 'is not', null)
    .execute();
  return rows.map((r) => r.account_id!);
}

/** A community's assembly settings, or the defaults when it has not set its own. */
export async function settingsOf(db: Kysely<DB>, communityId: string) {
  const row = await db
    .selectFrom('assembly_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return {
    noticeDays: row?.notice_days ?? defaultNoticeDays,
    jointNominators: row?.joint_nominators ?? defaultJointNominators,
    updatedAt: row?.updated_at ?? null,
  };
}
