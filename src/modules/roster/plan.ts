import { formatArea } from '../structure/area';
import {
  buildingKey,
  entranceKey,
  placeOf,
  personIdentity,
  roomKey,
  type AreaSource,
  type PersonEntry,
  type Problem,
  type ProblemCode,
  type ResidencyKind,
  type RosterField,
  type RosterRow,
  type RoomUse,
} from './parse';

/**
 * What an import will do to one compound, decided from the sheet's rows and what the compound
 * already holds. Pure: store.ts loads the snapshot and writes the plan. Existing buildings, entrances,
 * rooms, households and people are reused, so importing the same sheet twice adds nothing.
 */

export interface Snapshot {
  buildings: { id: string; name: string; archived: boolean }[];
  entrances: { id: string; buildingId: string; name: string; archived: boolean }[];
  rooms: {
    id: string;
    buildingId: string;
    entranceId: string;
    number: string;
    areaCenti: number;
    archived: boolean;
  }[];
  /** Open households of the compound's rooms with the ids of their current members. */
  households: { id: string; roomId: string; headPersonId: string | null; memberIds: string[] }[];
  /** The households' current members, and people of the community whose ID number or phone the sheet has. */
  people: {
    id: string;
    name: string;
    idHash: string | null;
    phoneHash: string | null;
    archived: boolean;
  }[];
}

export interface NewRoom {
  id: string;
  buildingId: string;
  entranceId: string;
  number: string;
  floor: number | null;
  areaCenti: number;
  areaSource: AreaSource;
  use: RoomUse;
  row: number;
}

export interface Plan {
  buildings: { id: string; name: string; row: number }[];
  entrances: { id: string; buildingId: string; name: string; row: number }[];
  rooms: NewRoom[];
  people: { id: string; entry: PersonEntry; row: number }[];
  households: {
    id: string;
    roomId: string;
    buildingId: string;
    name: string;
    headPersonId: string | null;
    row: number;
  }[];
  residencies: {
    householdId: string;
    personId: string;
    kind: ResidencyKind;
    relation: string | null;
    row: number;
  }[];
  /** Existing people given a phone or ID number they lacked; existing households given a head. */
  fills: { personId: string; phone: string | null; idNumber: string | null; row: number }[];
  heads: { householdId: string; personId: string; row: number }[];
  /** The rows this plan applies, in sheet order. */
  rows: number[];
  problems: Problem[];
  summary: Summary;
}

export interface Summary {
  buildings: Count;
  entrances: Count;
  rooms: Count;
  households: Count;
  people: Count;
  residencies: { created: number };
}
export interface Count {
  created: number;
  existing: number;
}

type Hash = (plain: string) => string;

/**
 * Plans the rows, dropping any row that cannot be applied and re-planning without it until every
 * remaining row applies: a room whose only row with an area is dropped then shows as missing its
 * area, so the preview lists that consequence too.
 */
export function planImport(
  rows: readonly RosterRow[],
  snapshot: Snapshot,
  hash: Hash,
  newId: () => string,
): Plan {
  const errors: Problem[] = [];
  const dropped = new Set<number>();
  for (;;) {
    const plan = planOnce(
      rows.filter((r) => !dropped.has(r.row)),
      snapshot,
      hash,
      newId,
    );
    const found = plan.problems.filter((p) => p.level === 'error');
    if (!found.length)
      return { ...plan, problems: [...errors, ...plan.problems].sort((a, b) => a.row - b.row) };
    errors.push(...found);
    for (const p of found) dropped.add(p.row);
  }
}

function planOnce(rows: readonly RosterRow[], snapshot: Snapshot, hash: Hash, newId: () => string): Plan {
  const problems: Problem[] = [];
  const report = (
    row: number,
    field: RosterField | null,
    level: Problem['level'],
    code: ProblemCode,
    params: Record<string, string | number> = {},
  ) => problems.push({ row, cell: null, column: null, field, level, code, params });
  const plan: Plan = {
    buildings: [],
    entrances: [],
    rooms: [],
    people: [],
    households: [],
    residencies: [],
    fills: [],
    heads: [],
    rows: rows.map((r) => r.row),
    problems,
    summary: {
      buildings: { created: 0, existing: 0 },
      entrances: { created: 0, existing: 0 },
      rooms: { created: 0, existing: 0 },
      households: { created: 0, existing: 0 },
      people: { created: 0, existing: 0 },
      residencies: { created: 0 },
    },
  };
  const existingSeen = {
    buildings: new Set<string>(),
    entrances: new Set<string>(),
    rooms: new Set<string>(),
    households: new Set<string>(),
    people: new Set<string>(),
  };
  const useExisting = (kind: keyof typeof existingSeen, id: string) => {
    if (existingSeen[kind].has(id)) return;
    existingSeen[kind].add(id);
    plan.summary[kind].existing++;
  };

  // Buildings, entrances and rooms, each resolved once by the key people mean.
  const buildingByKey = new Map(snapshot.buildings.map((b) => [buildingKey(b.name), b]));
  const entranceByKey = new Map(snapshot.entrances.map((e) => [`${e.buildingId}|${entranceKey(e.name)}`, e]));
  const roomByKey = new Map(snapshot.rooms.map((r) => [`${r.entranceId}|${roomKey(r.number)}`, r]));
  const resolved = new Map<string, { id: string; archived: string | null }>();

  function place<T extends { id: string; archived: boolean }>(
    key: string,
    found: T | undefined,
    name: string,
    create: (id: string) => void,
    kind: 'buildings' | 'entrances' | 'rooms',
  ) {
    let hit = resolved.get(key);
    if (!hit) {
      if (found) {
        hit = { id: found.id, archived: found.archived ? name : null };
        useExisting(kind, found.id);
      } else {
        hit = { id: newId(), archived: null };
        create(hit.id);
        plan.summary[kind].created++;
      }
      resolved.set(key, hit);
    }
    return hit;
  }

  // A room's figures: the first row of the room that gives each (cross-check has vouched they agree).
  const roomRows = new Map<string, RosterRow[]>();
  for (const row of rows) {
    const key = placeOf(row);
    if (key) roomRows.set(key, [...(roomRows.get(key) ?? []), row]);
  }
  const first = <K extends 'floor' | 'areaCenti' | 'areaSource' | 'use'>(list: RosterRow[], k: K) =>
    list.find((r) => r[k] !== null)?.[k] ?? null;

  const roomOf = new Map<number, string>();
  for (const row of rows) {
    if (!row.building) continue;
    const bKey = buildingKey(row.building);
    const building = place(
      `b|${bKey}`,
      buildingByKey.get(bKey),
      row.building,
      (id) => plan.buildings.push({ id, name: row.building!, row: row.row }),
      'buildings',
    );
    if (building.archived) {
      report(row.row, 'building', 'error', 'place_archived', { name: building.archived });
      continue;
    }
    const eKey = `${building.id}|${entranceKey(row.entrance)}`;
    const entrance = place(
      `e|${eKey}`,
      entranceByKey.get(eKey),
      row.entrance,
      (id) => plan.entrances.push({ id, buildingId: building.id, name: row.entrance, row: row.row }),
      'entrances',
    );
    if (entrance.archived) {
      report(row.row, 'entrance', 'error', 'place_archived', { name: entrance.archived });
      continue;
    }
    if (!row.room) continue;
    const rKey = `${entrance.id}|${roomKey(row.room)}`;
    const existing = roomByKey.get(rKey);
    const sameRoom = roomRows.get(placeOf(row)!)!;
    const areaCenti = first(sameRoom, 'areaCenti');
    if (!existing && areaCenti === null) {
      report(row.row, 'area', 'error', 'area_missing');
      continue;
    }
    const room = place(
      `r|${rKey}`,
      existing,
      row.room,
      (id) =>
        plan.rooms.push({
          id,
          buildingId: building.id,
          entranceId: entrance.id,
          number: row.room!,
          floor: first(sameRoom, 'floor'),
          areaCenti: areaCenti!,
          areaSource: first(sameRoom, 'areaSource') ?? 'register',
          use: first(sameRoom, 'use') ?? 'residence',
          row: row.row,
        }),
      'rooms',
    );
    if (room.archived) {
      report(row.row, 'room', 'error', 'place_archived', { name: room.archived });
      continue;
    }
    if (existing && areaCenti !== null && areaCenti !== existing.areaCenti && row.areaCenti === areaCenti)
      if (sameRoom.find((r) => r.areaCenti !== null) === row)
        report(row.row, 'area', 'warning', 'room_area_kept', { area: formatArea(existing.areaCenti) });
    roomOf.set(row.row, room.id);
  }

  // People: by ID number, else by phone and name, else by name among the room's current members.
  const peopleById = new Map(snapshot.people.map((p) => [p.id, p]));
  const byIdHash = new Map(snapshot.people.filter((p) => p.idHash).map((p) => [p.idHash!, p]));
  const byPhoneName = new Map(
    snapshot.people.filter((p) => p.phoneHash).map((p) => [`${p.phoneHash}|${p.name}`, p]),
  );
  const householdOfRoom = new Map<string, Snapshot['households'][number]>();
  for (const h of snapshot.households) if (!householdOfRoom.has(h.roomId)) householdOfRoom.set(h.roomId, h);
  const personOf = new Map<string, string>();
  const createdPeople = new Map<string, Plan['people'][number]>();
  const newHousehold = new Map<string, Plan['households'][number]>();
  const members = new Map<string, Set<string>>();
  const buildingOfRoom = new Map([
    ...snapshot.rooms.map((r) => [r.id, r.buildingId] as const),
    ...plan.rooms.map((r) => [r.id, r.buildingId] as const),
  ]);

  /** The existing person a row means, or an error code when it names one it cannot be. */
  function existingPerson(entry: PersonEntry, current: Snapshot['households'][number] | undefined) {
    const idHash = entry.idNumber ? hash(entry.idNumber) : null;
    const phoneHash = entry.phone ? hash(entry.phone) : null;
    const byId = idHash ? byIdHash.get(idHash) : undefined;
    if (byId && byId.name !== entry.name)
      return { ok: false as const, problem: 'person_name_differs' as const, field: 'idNumber' as const };
    // Families share a phone, so a phone alone never identifies someone: the name must match too.
    const byPhone = phoneHash ? byPhoneName.get(`${phoneHash}|${entry.name}`) : undefined;
    const member = current?.memberIds
      .map((id) => peopleById.get(id))
      .find((p) => p?.name === entry.name && (!phoneHash || !p.phoneHash || p.phoneHash === phoneHash));
    const found = byId ?? [byPhone, member].find((p) => p && (!idHash || !p.idHash));
    if (found?.archived)
      return { ok: false as const, problem: 'person_archived' as const, field: 'name' as const };
    return { ok: true as const, found, idHash, phoneHash };
  }

  const peopleRows = rows.filter((r) => r.person && roomOf.has(r.row));
  // Heads first, so a household created for a room is named after its head.
  const headFirst = [
    ...peopleRows.filter((r) => r.person!.isHead),
    ...peopleRows.filter((r) => !r.person!.isHead),
  ];
  for (const row of headFirst) {
    const entry = row.person!;
    const roomId = roomOf.get(row.row)!;
    const current = householdOfRoom.get(roomId);
    const identity = personIdentity(row)!;
    let personId = personOf.get(identity);
    // Someone listed in several rooms is written with the earliest of their rows (heads come first here).
    const newPerson = personId && createdPeople.get(personId);
    if (newPerson) newPerson.row = Math.min(newPerson.row, row.row);
    if (!personId) {
      const match = existingPerson(entry, current);
      if (!match.ok) {
        report(row.row, match.field, 'error', match.problem);
        continue;
      }
      const { found } = match;
      if (found) {
        personId = found.id;
        useExisting('people', personId);
        const phone = match.phoneHash && !found.phoneHash ? entry.phone : null;
        const idNumber = match.idHash && !found.idHash ? entry.idNumber : null;
        if (phone || idNumber) plan.fills.push({ personId, phone, idNumber, row: row.row });
      } else {
        personId = newId();
        const created = { id: personId, entry, row: row.row };
        plan.people.push(created);
        createdPeople.set(personId, created);
        plan.summary.people.created++;
      }
      personOf.set(identity, personId);
    }

    let householdId: string;
    if (current) {
      householdId = current.id;
      useExisting('households', current.id);
      if (
        entry.isHead &&
        current.headPersonId === null &&
        !plan.heads.some((h) => h.householdId === current.id)
      )
        plan.heads.push({ householdId: current.id, personId, row: row.row });
      else if (entry.isHead && current.headPersonId !== null && current.headPersonId !== personId)
        report(row.row, 'relation', 'warning', 'head_kept');
    } else {
      let created = newHousehold.get(roomId);
      if (!created) {
        created = {
          id: newId(),
          roomId,
          buildingId: buildingOfRoom.get(roomId)!,
          name: `${entry.name}户`,
          headPersonId: personId,
          row: row.row,
        };
        newHousehold.set(roomId, created);
        plan.households.push(created);
        plan.summary.households.created++;
      }
      created.row = Math.min(created.row, row.row);
      householdId = created.id;
    }

    const already = members.get(householdId) ?? new Set(current?.memberIds);
    members.set(householdId, already);
    if (already.has(personId)) continue;
    already.add(personId);
    plan.residencies.push({
      householdId,
      personId,
      kind: entry.kind,
      relation: entry.relation,
      row: row.row,
    });
    plan.summary.residencies.created++;
  }
  plan.residencies.sort((a, b) => a.row - b.row);
  return plan;
}
