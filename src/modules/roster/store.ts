import type { Kysely } from 'kysely';
import { audit, type AuditEntry } from '../../core/audit';
import type { Vault } from '../../core/crypto';
import type { DB, PeopleTable } from '../../core/db/schema';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { storeFlags } from '../people/vocabulary';
import { currentOn } from '../people/store';
import { formatArea } from '../structure/area';
import {
  crossCheck,
  locateProblems,
  parseSheet,
  rowsWithErrors,
  type ParsedSheet,
  type Problem,
  type RosterRow,
  type SheetGrid,
} from './parse';
import { planImport, type Plan, type Snapshot } from './plan';

/** The roster's database side: what a compound already holds, and writing a plan in one transaction. */

/** Large IN lists go in slices small enough for either database's parameter limit. */
function slices<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function loadSnapshot(
  db: Kysely<DB>,
  vault: Vault,
  communityId: string,
  compoundId: string,
  rows: readonly RosterRow[],
): Promise<Snapshot> {
  const [buildings, entrances, rooms, households] = await Promise.all([
    db
      .selectFrom('buildings')
      .select(['id', 'name', 'archived_at'])
      .where('community_id', '=', communityId)
      .where('compound_id', '=', compoundId)
      .execute(),
    db
      .selectFrom('entrances')
      .innerJoin('buildings', (j) =>
        j
          .onRef('buildings.community_id', '=', 'entrances.community_id')
          .onRef('buildings.id', '=', 'entrances.building_id'),
      )
      .select(['entrances.id', 'entrances.building_id', 'entrances.name', 'entrances.archived_at'])
      .where('entrances.community_id', '=', communityId)
      .where('buildings.compound_id', '=', compoundId)
      .execute(),
    db
      .selectFrom('rooms')
      .select(['id', 'building_id', 'entrance_id', 'number', 'area_centi', 'archived_at'])
      .where('community_id', '=', communityId)
      .where('compound_id', '=', compoundId)
      .execute(),
    db
      .selectFrom('households')
      .select(['id', 'room_id', 'head_person_id'])
      .where('community_id', '=', communityId)
      .where('compound_id', '=', compoundId)
      .where('closed_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const residencies = await db
    .selectFrom('residencies')
    .innerJoin('households', (j) =>
      j
        .onRef('households.community_id', '=', 'residencies.community_id')
        .onRef('households.id', '=', 'residencies.household_id'),
    )
    .select(['residencies.household_id', 'residencies.person_id'])
    .where('residencies.community_id', '=', communityId)
    .where('households.compound_id', '=', compoundId)
    .where('households.closed_at', 'is', null)
    .where((eb) => currentOn(eb, 'residencies.until', todayInShanghai()))
    .execute();

  const idHashes = new Set<string>();
  const phoneHashes = new Set<string>();
  for (const r of rows) {
    if (r.person?.idNumber) idHashes.add(vault.lookupHash(r.person.idNumber));
    if (r.person?.phone) phoneHashes.add(vault.lookupHash(r.person.phone));
  }
  const memberIds = [...new Set(residencies.map((r) => r.person_id))];
  const people = new Map<string, Snapshot['people'][number]>();
  const personColumns = ['id', 'name', 'id_number_hash', 'phone_hash', 'archived_at'] as const;
  const lookups = [
    ...slices([...idHashes]).map((hashes) => ({ column: 'id_number_hash' as const, values: hashes })),
    ...slices([...phoneHashes]).map((hashes) => ({ column: 'phone_hash' as const, values: hashes })),
    ...slices(memberIds).map((ids) => ({ column: 'id' as const, values: ids })),
  ];
  for (const { column, values } of lookups) {
    const found = await db
      .selectFrom('people')
      .select(personColumns)
      .where('community_id', '=', communityId)
      .where(column, 'in', values)
      .execute();
    for (const p of found)
      people.set(p.id, {
        id: p.id,
        name: p.name,
        idHash: p.id_number_hash,
        phoneHash: p.phone_hash,
        archived: p.archived_at !== null,
      });
  }

  return {
    buildings: buildings.map((b) => ({ id: b.id, name: b.name, archived: b.archived_at !== null })),
    entrances: entrances.map((e) => ({
      id: e.id,
      buildingId: e.building_id,
      name: e.name,
      archived: e.archived_at !== null,
    })),
    rooms: rooms.map((r) => ({
      id: r.id,
      buildingId: r.building_id,
      entranceId: r.entrance_id,
      number: r.number,
      areaCenti: r.area_centi,
      archived: r.archived_at !== null,
    })),
    households: households.map((h) => ({
      id: h.id,
      roomId: h.room_id,
      headPersonId: h.head_person_id,
      memberIds: residencies.filter((r) => r.household_id === h.id).map((r) => r.person_id),
    })),
    people: [...people.values()],
  };
}

export interface Assessment {
  parsed: ParsedSheet;
  plan: Plan;
  /** Every problem of the rows considered, located by cell, in sheet order. */
  problems: Problem[];
  /** Rows with at least one error (they cannot be imported). */
  badRows: number[];
  /** Rows left out as exact repeats of an earlier row. */
  ignoredRows: number[];
}

/**
 * The whole check, for the preview and again for the import: the sheet's own problems, those across
 * rows, then those against the database. Rows the caller excludes are left out before any of it.
 */
export async function assessRoster(
  db: Kysely<DB>,
  vault: Vault,
  communityId: string,
  compoundId: string,
  grid: SheetGrid,
  excluded: ReadonlySet<number> = new Set(),
): Promise<Assessment> {
  const parsed = parseSheet(grid);
  const kept = parsed.rows.filter((r) => !excluded.has(r.row));
  const cross = crossCheck(kept);
  const sheetProblems = [
    ...parsed.problems.filter((p) => p.row === parsed.headerRow || !excluded.has(p.row)),
    ...cross.problems,
  ];
  const bad = rowsWithErrors(sheetProblems);
  const usable = kept.filter((r) => !bad.has(r.row) && !cross.ignored.has(r.row));
  const snapshot = await loadSnapshot(db, vault, communityId, compoundId, usable);
  const plan = planImport(usable, snapshot, vault.lookupHash, newId);
  const problems = locateProblems([...sheetProblems, ...plan.problems], parsed.columns);
  return {
    parsed,
    plan,
    problems,
    badRows: [...rowsWithErrors(problems)].sort((a, b) => a - b),
    ignoredRows: [...cross.ignored].sort((a, b) => a - b),
  };
}

export interface ImportResult {
  rows: number;
  summary: Plan['summary'];
}

/**
 * Rows are written in about ten chunks, each reporting progress: few large statements, since on
 * PostgreSQL each statement inside a big transaction costs more the more the transaction has written.
 * 1000 rows of 16 columns stay under either database's limit on bound parameters.
 */
const chunkSize = (rows: number) => Math.min(1000, Math.max(200, Math.ceil(rows / 10)));

/**
 * Writes a plan in ONE transaction: buildings, entrances, rooms, people, households, residencies,
 * chunk by chunk in sheet order, then the audit entries. Any failure leaves nothing behind.
 */
export async function applyPlan(
  db: Kysely<DB>,
  vault: Vault,
  target: { communityId: string; compoundId: string },
  plan: Plan,
  who: Pick<AuditEntry, 'actorAccountId' | 'ip' | 'requestId'>,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportResult> {
  const { communityId, compoundId } = target;
  const total = plan.rows.length;
  const now = Date.now();
  const life = { created_at: now, updated_at: now };
  // Chunk boundaries by sheet row: chunk i takes rows (bounds[i-1], bounds[i]].
  const size = chunkSize(total);
  const bounds = slices(plan.rows, size).map((chunk) => chunk[chunk.length - 1]!);
  const inChunk = (row: number, i: number) => row <= bounds[i]! && (i === 0 || row > bounds[i - 1]!);
  const inserted = new Set<string>();
  const deferredHeads: { householdId: string; personId: string }[] = [];

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < bounds.length; i++) {
      const pick = <T extends { row: number }>(list: readonly T[]) => list.filter((x) => inChunk(x.row, i));
      const buildings = pick(plan.buildings);
      if (buildings.length)
        await trx
          .insertInto('buildings')
          .values(
            buildings.map((b) => ({
              community_id: communityId,
              id: b.id,
              compound_id: compoundId,
              name: b.name,
              floors: null,
              ...life,
              archived_at: null,
            })),
          )
          .execute();
      const entrances = pick(plan.entrances);
      if (entrances.length)
        await trx
          .insertInto('entrances')
          .values(
            entrances.map((e) => ({
              community_id: communityId,
              id: e.id,
              building_id: e.buildingId,
              name: e.name,
              ...life,
              archived_at: null,
            })),
          )
          .execute();
      const rooms = pick(plan.rooms);
      if (rooms.length)
        await trx
          .insertInto('rooms')
          .values(
            rooms.map((r) => ({
              community_id: communityId,
              id: r.id,
              compound_id: compoundId,
              building_id: r.buildingId,
              entrance_id: r.entranceId,
              number: r.number,
              floor: r.floor,
              area_centi: r.areaCenti,
              area_source: r.areaSource,
              use: r.use,
              ...life,
              archived_at: null,
            })),
          )
          .execute();
      // A room's area weighs its owner's vote: each new one is audited as the room routes do.
      await audit(
        trx,
        communityId,
        rooms.map((r) => ({
          ...who,
          action: 'room.create',
          targetType: 'room',
          targetId: r.id,
          after: {
            number: r.number,
            area: formatArea(r.areaCenti),
            areaSource: r.areaSource,
            entranceId: r.entranceId,
          },
        })),
      );
      const people = pick(plan.people);
      if (people.length)
        await trx
          .insertInto('people')
          .values(people.map((p) => newPerson(vault, communityId, p.id, p.entry, now)))
          .execute();
      for (const p of people) inserted.add(p.id);
      const households = pick(plan.households);
      if (households.length)
        await trx
          .insertInto('households')
          .values(
            households.map((h) => {
              const headReady = h.headPersonId !== null && inserted.has(h.headPersonId);
              if (h.headPersonId && !headReady)
                deferredHeads.push({ householdId: h.id, personId: h.headPersonId });
              return {
                community_id: communityId,
                id: h.id,
                room_id: h.roomId,
                compound_id: compoundId,
                building_id: h.buildingId,
                name: h.name,
                head_person_id: headReady ? h.headPersonId : null,
                ...life,
                closed_at: null,
                closed_by: null,
              };
            }),
          )
          .execute();
      const residencies = pick(plan.residencies);
      if (residencies.length)
        await trx
          .insertInto('residencies')
          .values(
            residencies.map((r) => ({
              community_id: communityId,
              id: newId(),
              household_id: r.householdId,
              person_id: r.personId,
              kind: r.kind,
              relation: r.relation,
              since: null,
              until: null,
              ...life,
            })),
          )
          .execute();
      for (const f of pick(plan.fills))
        await trx
          .updateTable('people')
          .set({
            ...(f.phone ? { phone_sealed: vault.seal(f.phone), phone_hash: vault.lookupHash(f.phone) } : {}),
            ...(f.idNumber
              ? { id_number_sealed: vault.seal(f.idNumber), id_number_hash: vault.lookupHash(f.idNumber) }
              : {}),
            updated_at: now,
          })
          .where('community_id', '=', communityId)
          .where('id', '=', f.personId)
          .execute();
      onProgress(Math.min((i + 1) * size, total), total);
    }
    for (const h of [...deferredHeads, ...plan.heads])
      await trx
        .updateTable('households')
        .set({ head_person_id: h.personId, updated_at: now })
        .where('community_id', '=', communityId)
        .where('id', '=', h.householdId)
        .execute();
    await audit(trx, communityId, {
      ...who,
      action: 'roster.import',
      targetType: 'compound',
      targetId: compoundId,
      after: { rows: total, ...plan.summary },
    });
  });
  return { rows: total, summary: plan.summary };
}

function newPerson(
  vault: Vault,
  communityId: string,
  id: string,
  entry: Plan['people'][number]['entry'],
  now: number,
): PeopleTable {
  return {
    community_id: communityId,
    id,
    name: entry.name,
    phone_sealed: entry.phone ? vault.seal(entry.phone) : null,
    phone_hash: entry.phone ? vault.lookupHash(entry.phone) : null,
    id_number_sealed: entry.idNumber ? vault.seal(entry.idNumber) : null,
    id_number_hash: entry.idNumber ? vault.lookupHash(entry.idNumber) : null,
    gender: entry.gender,
    birth_year: entry.birthYear,
    political_status: entry.politicalStatus ?? 'masses',
    flags: storeFlags([]),
    account_id: null,
    notes: null,
    created_at: now,
    updated_at: now,
    archived_at: null,
  };
}
