import type { Vault } from '../src/core/crypto';
import type {
  AccountsTable,
  AssembliesTable,
  AssemblyMattersTable,
  AssemblyRoomsTable,
  AssemblyVotersTable,
  AuditLogTable,
  BallotsTable,
  DB,
  HouseholdsTable,
  OrderCategoriesTable,
  OrderEventsTable,
  OrdersTable,
  OwnershipsTable,
  PeopleTable,
  RoomsTable,
} from '../src/core/db/schema';
import { defaultCategories } from '../src/modules/orders/categories';
import {
  applyOrderEvent,
  clockLengths,
  defaultAutoCloseDays,
  finalStates,
  unresolvedStates,
  waitingStates,
  type ActorRole,
  type CategoryClocks,
  type ClockKind,
  type OrderEvent,
  type OrderSnapshot,
  type RecordedEvent,
  type Urgency,
} from '../src/modules/orders/rules';
import { derivedColumns, eventData, reasonOf } from '../src/modules/orders/store';
import { storeFlags } from '../src/modules/people/vocabulary';
import { ballotHash } from '../src/modules/votes/chain';
import { chainBody } from '../src/modules/votes/store';
import { tally, type TallyBallot, type TallyUnit } from '../src/modules/votes/tally';
import * as words from '../src/modules/demo/order-words';
import type { CategoryCode } from '../src/modules/demo/order-words';
import { Rng, fakeIdNumber, fullName, type Gender } from '../src/modules/demo/random';

/**
 * The synthetic city the benchmarks run on (issue #10): communities of compounds of rooms with the
 * households, people and owners living there, two years of service orders with their timelines, closed
 * owners' assemblies, and one new town whose 100k-room assembly is open for the ballot workload. Pure:
 * rows in memory, drawn by seeded PRNGs (one stream per community and per chunk of orders, so any part
 * can be drawn alone and always comes out the same). Every order's timeline goes through the orders
 * module's own machine and its row through derivedColumns, as the app would have stored them.
 */

export const scales = ['small', 'city'] as const;
export type Scale = (typeof scales)[number];

export interface CityShape {
  communities: number;
  compoundsPerCommunity: number;
  buildingsPerCompound: number;
  entrancesPerBuilding: number;
  floors: number;
  roomsPerFloor: number;
  orders: number;
  /** Days of order history, ending now. */
  days: number;
  /** Orders per generated chunk (one transaction's worth of rows). */
  ordersPerChunk: number;
  closedAssemblies: number;
  ballotsPerClosedMatter: number;
  /** The new town: one compound whose assembly is open, for the ballot workload. */
  town: { buildings: number; entrances: number; floors: number; roomsPerFloor: number; turnout: number };
  /** Share of households with a resident registered in the app. */
  accountShare: number;
  staffPerCommunity: number;
  /** Accounts the load clients log in as. */
  loadResidents: number;
  loadVoters: number;
}

export const shapes: Record<Scale, CityShape> = {
  small: {
    communities: 2,
    compoundsPerCommunity: 3,
    buildingsPerCompound: 4,
    entrancesPerBuilding: 2,
    floors: 6,
    roomsPerFloor: 2,
    orders: 20_000,
    days: 730,
    ordersPerChunk: 5_000,
    closedAssemblies: 6,
    ballotsPerClosedMatter: 30,
    town: { buildings: 10, entrances: 2, floors: 10, roomsPerFloor: 10, turnout: 0.65 },
    accountShare: 0.3,
    staffPerCommunity: 3,
    loadResidents: 100,
    loadVoters: 100,
  },
  city: {
    communities: 10,
    compoundsPerCommunity: 10,
    buildingsPerCompound: 10,
    entrancesPerBuilding: 2,
    floors: 25,
    roomsPerFloor: 2,
    orders: 1_000_000,
    days: 730,
    ordersPerChunk: 20_000,
    closedAssemblies: 200,
    ballotsPerClosedMatter: 40,
    town: { buildings: 100, entrances: 4, floors: 25, roomsPerFloor: 10, turnout: 0.65 },
    accountShare: 0.3,
    staffPerCommunity: 3,
    loadResidents: 1_000,
    loadVoters: 1_000,
  },
};

export const benchStreetCode = 'BENCH-ST';
export const benchPassword = 'bench2026';

export type Rows = { [T in keyof DB]?: DB[T][] };

/** Parents before children, so every foreign key finds its row. */
export const insertOrder = [
  'streets',
  'communities',
  'accounts',
  'street_grants',
  'grants',
  'compounds',
  'buildings',
  'entrances',
  'rooms',
  'people',
  'households',
  'residencies',
  'ownerships',
  'grids',
  'grid_buildings',
  'squads',
  'squad_members',
  'household_bindings',
  'order_categories',
  'orders',
  'order_events',
  'assemblies',
  'assembly_matters',
  'assembly_voters',
  'assembly_rooms',
  'ballots',
  'audit_log',
] as const satisfies readonly (keyof DB)[];

export interface CityEnv {
  seed: number;
  /** The instant the history ends at (epoch ms). */
  now: number;
  vault: Pick<Vault, 'seal' | 'lookupHash'>;
  /** The load accounts' password, hashed once by the caller. */
  passwordHash: string;
}

/** Who the load clients are and what they act on: written beside the database for bench/run.ts. */
export interface Manifest {
  scale: Scale;
  seed: number;
  now: number;
  password: string;
  streetId: string;
  communities: { id: string; name: string; categoryIds: string[]; staffPhones: string[] }[];
  residents: { phone: string; communityId: string }[];
  voters: { phone: string }[];
  assembly: { communityId: string; id: string; matterId: string; rooms: number; ballots: number };
}

const minute = 60_000;
const hour = 60 * minute;
export const dayMs = 24 * hour;
const shanghai = 8 * hour;

/** Orders through the day by hour (Shanghai): a morning peak and the evening when people are home. */
export const hourWeights = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 2.5, 4, 4.5, 4, 3.5, 2.5, 2.5, 3, 3, 3.5, 4.5, 6, 7, 6.5, 4, 1.5, 0.6,
];
/** Weekends bring a quarter more requests than a weekday. */
const weekendFactor = 1.25;

/** How often each category is asked for (水电 and 疏通 most). */
export const categoryWeights: Record<CategoryCode, number> = {
  utilities_repair: 24,
  drain_clearing: 17,
  appliance_repair: 8,
  home_haircut: 8,
  policy_advice: 6,
  paperwork: 7,
  book_lending: 2,
  job_information: 3,
  sanitation: 9,
  safety_hazard: 5,
  neighbour_dispute: 2,
  other: 3,
};
const publicShare: Partial<Record<CategoryCode, number>> = {
  sanitation: 0.9,
  safety_hazard: 0.85,
  neighbour_dispute: 0.4,
  drain_clearing: 0.08,
};
const urgentShare: Partial<Record<CategoryCode, number>> = {
  utilities_repair: 0.1,
  drain_clearing: 0.08,
  safety_hazard: 0.35,
};
/** Median hours from taking an order to resolving it, and the minutes the work takes. */
const workHours: Record<CategoryCode, [number, number, number]> = {
  utilities_repair: [3, 30, 150],
  drain_clearing: [4, 40, 180],
  appliance_repair: [18, 45, 180],
  home_haircut: [28, 20, 45],
  policy_advice: [3, 15, 60],
  paperwork: [55, 90, 300],
  book_lending: [22, 15, 40],
  job_information: [18, 20, 60],
  sanitation: [5, 30, 120],
  safety_hazard: [1.2, 20, 90],
  neighbour_dispute: [14, 60, 240],
  other: [18, 20, 90],
};
const householdSizes = { '1': 18, '2': 32, '3': 28, '4': 14, '5': 8 };
const squadTypesUsed = [
  'repair',
  'general',
  'care',
  'mediation',
  'environment',
  'safety_patrol',
  'publicity_arts',
] as const;

/** A seed for one stream of the city, from the city's seed and where in the city it is. */
export function streamSeed(seed: number, ...path: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of path) {
    h = Math.imul(h ^ (p + 0x7f4a7c15), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

const hex = (n: number, digits: number) => Math.floor(n).toString(16).padStart(digits, '0').slice(-digits);

/** A UUIDv7-shaped id for an instant, its random bits drawn from the stream: time-ordered like newId. */
export function idAt(rng: Rng, ms: number): string {
  const r = () => rng.int(0, 0xffff);
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(r(), 3)}-${hex(0x8000 | (r() & 0x3fff), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

/** A Shanghai calendar date. */
const dateOf = (ms: number) => new Date(ms + shanghai).toISOString().slice(0, 10);

interface Home {
  household: HouseholdsTable;
  room: RoomsTable;
  buildingName: string;
  entranceName: string;
  gridId: string;
  head: PeopleTable;
  /** How the head lives there: owner, or tenant of an owner living elsewhere. */
  kind: 'owner' | 'tenant';
  /** The app account of the household's head, if they registered. */
  accountId: string | null;
  phone: string | null;
  /** The phone as orders carry it, sealed once per home (the seal is randomised, so any one opens the same). */
  sealedPhone?: string | null;
}

interface Squad {
  id: string;
  type: string;
  members: { personId: string; accountId: string }[];
}

/** A community as its orders and assemblies need it, once its rows are drawn. */
export interface CommunityPlan {
  index: number;
  id: string;
  homes: Home[];
  compounds: {
    id: string;
    rooms: RoomsTable[];
    labels: Map<string, string>;
    ownerships: OwnershipsTable[];
  }[];
  categories: (OrderCategoriesTable & { code: CategoryCode })[];
  squads: Map<string, Squad>;
  staff: { accountId: string; phone: string }[];
}

export class City {
  readonly shape: CityShape;
  readonly streetId: string;
  readonly manifest: Manifest;
  private readonly start: number;

  constructor(
    readonly scale: Scale,
    readonly env: CityEnv,
  ) {
    this.shape = shapes[scale];
    this.start = env.now - this.shape.days * dayMs;
    this.streetId = idAt(new Rng(streamSeed(env.seed, 0)), this.start);
    this.manifest = {
      scale,
      seed: env.seed,
      now: env.now,
      password: benchPassword,
      streetId: this.streetId,
      communities: [],
      residents: [],
      voters: [],
      assembly: { communityId: '', id: '', matterId: '', rooms: 0, ballots: 0 },
    };
  }

  street(): Rows {
    return {
      streets: [
        {
          id: this.streetId,
          name: '基准街道（压测）',
          code: benchStreetCode,
          created_at: this.start,
          archived_at: null,
        },
      ],
    };
  }

  private account(rows: Rows, rng: Rng, name: string, phone: string, at: number): AccountsTable {
    const row: AccountsTable = {
      id: idAt(rng, at),
      phone_sealed: this.env.vault.seal(phone),
      phone_hash: this.env.vault.lookupHash(phone),
      display_name: name,
      password_hash: this.env.passwordHash,
      locale: null,
      large_text: 0,
      is_platform_admin: 0,
      created_at: at,
      password_changed_at: at,
      password_expires_at: null,
      disabled_at: null,
    };
    (rows.accounts ??= []).push(row);
    return row;
  }

  private person(
    rows: Rows,
    rng: Rng,
    communityId: string,
    phone: string | null,
    p: { gender: Gender; birthYear: number; family?: string },
    idNumbers: Set<string>,
  ): PeopleTable {
    const age = new Date(this.env.now).getUTCFullYear() - p.birthYear;
    let idNumber: string | null = null;
    if (age >= 18)
      do idNumber = fakeIdNumber(rng, p.birthYear, p.gender);
      while (idNumbers.has(idNumber));
    if (idNumber) idNumbers.add(idNumber);
    const flags = age >= 80 ? storeFlags(['elderly_80']) : '[]';
    const row: PeopleTable = {
      community_id: communityId,
      id: idAt(rng, this.start),
      name: fullName(rng, p.gender, p.birthYear, p.family),
      phone_sealed: phone && this.env.vault.seal(phone),
      phone_hash: phone && this.env.vault.lookupHash(phone),
      id_number_sealed: idNumber && this.env.vault.seal(idNumber),
      id_number_hash: idNumber && this.env.vault.lookupHash(idNumber),
      gender: p.gender,
      birth_year: p.birthYear,
      political_status: age >= 18 && rng.chance(0.09) ? 'party_member' : 'masses',
      flags,
      account_id: null,
      notes: null,
      created_at: this.start,
      updated_at: this.start,
      archived_at: null,
    };
    (rows.people ??= []).push(row);
    return row;
  }

  /** Rooms, buildings and entrances of one compound, laid out floor by floor. */
  private layout(
    rows: Rows,
    rng: Rng,
    communityId: string,
    compoundId: string,
    dims: { buildings: number; entrances: number; floors: number; roomsPerFloor: number },
  ) {
    const at = this.start;
    const rooms: RoomsTable[] = [];
    const labels = new Map<string, string>();
    const names = new Map<string, { buildingName: string; entranceName: string }>();
    const buildingIds: string[] = [];
    for (let b = 1; b <= dims.buildings; b++) {
      const building = `${b}栋`;
      const buildingId = idAt(rng, at);
      buildingIds.push(buildingId);
      (rows.buildings ??= []).push({
        community_id: communityId,
        id: buildingId,
        compound_id: compoundId,
        name: building,
        floors: dims.floors,
        created_at: at,
        updated_at: at,
        archived_at: null,
      });
      for (let e = 1; e <= dims.entrances; e++) {
        const entrance = `${e}单元`;
        const entranceId = idAt(rng, at);
        (rows.entrances ??= []).push({
          community_id: communityId,
          id: entranceId,
          building_id: buildingId,
          name: entrance,
          created_at: at,
          updated_at: at,
          archived_at: null,
        });
        for (let f = 1; f <= dims.floors; f++)
          for (let n = 1; n <= dims.roomsPerFloor; n++) {
            const number = `${f}${String(n).padStart(2, '0')}`;
            const room: RoomsTable = {
              community_id: communityId,
              id: idAt(rng, at),
              compound_id: compoundId,
              building_id: buildingId,
              entrance_id: entranceId,
              number,
              floor: f,
              area_centi: rng.int(5_500, 14_000),
              area_source: 'register',
              use: 'residence',
              created_at: at,
              updated_at: at,
              archived_at: null,
            };
            rooms.push(room);
            labels.set(room.id, `${building}-${entrance}-${number}`);
            names.set(room.id, { buildingName: building, entranceName: entrance });
          }
      }
    }
    (rows.rooms ??= []).push(...rooms);
    return { rooms, labels, names, buildingIds };
  }

  /** One community: compounds, people, households, owners, its grid, squads, staff and app accounts. */
  community(index: number): { rows: Rows; plan: CommunityPlan } {
    this.phones.clear();
    const rng = new Rng(streamSeed(this.env.seed, 1, index));
    const shape = this.shape;
    const at = this.start;
    const rows: Rows = {};
    const id = idAt(rng, at);
    const name = `第${index + 1}社区`;
    rows.communities = [
      {
        id,
        street_id: this.streetId,
        name,
        code: `BENCH-${String(index + 1).padStart(2, '0')}`,
        address: null,
        created_at: at,
        archived_at: null,
      },
    ];
    const plan: CommunityPlan = {
      index,
      id,
      homes: [],
      compounds: [],
      categories: [],
      squads: new Map(),
      staff: [],
    };
    const idNumbers = new Set<string>();
    let personNo = 0;
    const phoneOf = () => `139${String(index).padStart(2, '0')}${String(personNo++).padStart(6, '0')}`;

    for (let s = 0; s < shape.staffPerCommunity; s++) {
      const phone = `138${String(index).padStart(2, '0')}${String(s).padStart(6, '0')}`;
      const account = this.account(rows, rng, `社区工作人员${s + 1}`, phone, at);
      plan.staff.push({ accountId: account.id, phone });
      this.grant(rows, rng, id, account.id, 'communityStaff', 'community', id);
    }

    for (let c = 0; c < shape.compoundsPerCommunity; c++) {
      const compoundId = idAt(rng, at);
      (rows.compounds ??= []).push({
        community_id: id,
        id: compoundId,
        name: `${name}${c + 1}号小区`,
        address: null,
        year_built: rng.int(1990, 2020),
        property_company_id: null,
        created_at: at,
        updated_at: at,
        archived_at: null,
      });
      const { rooms, labels, names, buildingIds } = this.layout(rows, rng, id, compoundId, {
        buildings: shape.buildingsPerCompound,
        entrances: shape.entrancesPerBuilding,
        floors: shape.floors,
        roomsPerFloor: shape.roomsPerFloor,
      });
      const gridId = idAt(rng, at);
      (rows.grids ??= []).push({
        community_id: id,
        id: gridId,
        compound_id: compoundId,
        name: `${name}第${c + 1}网格`,
        created_at: at,
        updated_at: at,
        archived_at: null,
      });
      for (const buildingId of buildingIds)
        (rows.grid_buildings ??= []).push({ community_id: id, grid_id: gridId, building_id: buildingId });
      const ownerships: OwnershipsTable[] = [];
      for (const room of rooms) {
        const home = this.household(rows, rng, id, room, idNumbers, phoneOf, ownerships);
        if (home) plan.homes.push({ ...home, gridId, ...names.get(room.id)! });
      }
      plan.compounds.push({ id: compoundId, rooms, labels, ownerships });
    }

    for (const type of squadTypesUsed) {
      const squadId = idAt(rng, at);
      (rows.squads ??= []).push({
        community_id: id,
        id: squadId,
        name: `${name}${type}分队`,
        type,
        compound_id: null,
        grid_id: null,
        created_at: at,
        updated_at: at,
        archived_at: null,
      });
      const squad: Squad = { id: squadId, type, members: [] };
      for (let m = 0; m < 8; m++) {
        const phone = this.phoned(phoneOf())!;
        const person = this.person(
          rows,
          rng,
          id,
          phone,
          { gender: rng.pick(['male', 'female'] as const), birthYear: rng.int(1955, 1995) },
          idNumbers,
        );
        const account = this.account(rows, rng, person.name, phone, at);
        person.account_id = account.id;
        (rows.squad_members ??= []).push({
          community_id: id,
          id: idAt(rng, at),
          squad_id: squadId,
          person_id: person.id,
          role: m === 0 ? 'leader' : 'member',
          joined_at: at,
          left_at: null,
          skills: '[]',
        });
        squad.members.push({ personId: person.id, accountId: account.id });
      }
      plan.squads.set(type, squad);
    }

    defaultCategories.forEach((c, position) => {
      const row = {
        community_id: id,
        id: idAt(rng, at),
        code: c.code as CategoryCode,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        squad_type: c.squadType,
        accept_minutes: c.acceptMinutes,
        resolve_minutes: c.resolveMinutes,
        position,
        created_at: at,
        updated_at: at,
        archived_at: null,
      };
      (rows.order_categories ??= []).push(row);
      plan.categories.push(row);
    });

    // Residents registered in the app and confirmed in their household (入户绑定), with their role.
    for (const home of plan.homes) {
      if (!home.phone || !rng.chance(shape.accountShare)) continue;
      const joined = at + rng.int(0, 60) * dayMs;
      const account = this.account(rows, rng, home.head.name, home.phone, joined);
      home.accountId = account.id;
      home.head.account_id = account.id;
      (rows.household_bindings ??= []).push({
        community_id: id,
        id: idAt(rng, joined),
        household_id: home.household.id,
        account_id: account.id,
        invitation_id: null,
        claimed_name: home.head.name,
        kind: home.kind,
        relation: '本人',
        status: 'confirmed',
        person_id: home.head.id,
        requested_at: joined,
        decided_by: plan.staff[0]!.accountId,
        decided_at: joined + dayMs,
        reason: null,
      });
      const role = home.kind === 'owner' ? 'owner' : 'resident';
      this.grant(rows, rng, id, account.id, role, 'compound', home.household.compound_id);
    }
    const perCommunity = Math.ceil(shape.loadResidents / shape.communities);
    const registered = plan.homes.filter((h) => h.accountId && h.phone);
    for (const home of rng.sample(registered, perCommunity))
      this.manifest.residents.push({ phone: home.phone!, communityId: id });
    this.manifest.communities.push({
      id,
      name,
      categoryIds: plan.categories.map((c) => c.id),
      staffPhones: plan.staff.map((s) => s.phone),
    });
    return { rows, plan };
  }

  /** Plain phone numbers by their look-up hash, for the accounts made after their person. */
  private readonly phones = new Map<string, string>();

  private phoned(phone: string | null) {
    if (phone) this.phones.set(this.env.vault.lookupHash(phone), phone);
    return phone;
  }

  private grant(
    rows: Rows,
    rng: Rng,
    communityId: string,
    accountId: string,
    role: string,
    scopeKind: string,
    scopeId: string,
  ) {
    (rows.grants ??= []).push({
      community_id: communityId,
      id: idAt(rng, this.start),
      account_id: accountId,
      role,
      scope_kind: scopeKind,
      scope_id: scopeId,
      granted_by: null,
      granted_at: this.start,
      revoked_by: null,
      revoked_at: null,
    });
  }

  /**
   * Who lives in a room and who owns it: most homes are lived in by their owners, some are let (the
   * owner lives elsewhere), a few stand empty, and the developer still holds some unsold.
   */
  private household(
    rows: Rows,
    rng: Rng,
    communityId: string,
    room: RoomsTable,
    idNumbers: Set<string>,
    phoneOf: () => string,
    ownerships: OwnershipsTable[],
  ): Omit<Home, 'gridId' | 'buildingName' | 'entranceName'> | null {
    const at = this.start;
    const tenure = rng.weighted({ owner: 83, let: 10, empty: 5, developer: 2 });
    const own = (person: PeopleTable | null, voter: boolean) => {
      const row: OwnershipsTable = {
        community_id: communityId,
        id: idAt(rng, at),
        room_id: room.id,
        compound_id: room.compound_id,
        person_id: person?.id ?? null,
        is_developer: person ? 0 : 1,
        is_voter: voter ? 1 : 0,
        since: null,
        until: null,
        created_at: at,
        updated_at: at,
        ended_at: null,
      };
      (rows.ownerships ??= []).push(row);
      ownerships.push(row);
    };
    const adult = (family?: string) => {
      const gender = rng.pick(['male', 'female'] as const);
      const birthYear = rng.int(1940, 2000);
      const phone = this.phoned(rng.chance(birthYear < 1946 ? 0.55 : 0.92) ? phoneOf() : null);
      return this.person(
        rows,
        rng,
        communityId,
        phone,
        { gender, birthYear, ...(family ? { family } : {}) },
        idNumbers,
      );
    };
    if (tenure === 'developer') {
      own(null, true);
      return null;
    }
    if (tenure === 'empty' || tenure === 'let') own(adult(), true);
    if (tenure === 'empty') return null;
    const size = Number(rng.weighted(householdSizes));
    const head = adult();
    if (tenure === 'owner') own(head, true);
    const householdId = idAt(rng, at);
    const household: HouseholdsTable = {
      community_id: communityId,
      id: householdId,
      room_id: room.id,
      compound_id: room.compound_id,
      building_id: room.building_id,
      name: head.name,
      head_person_id: head.id,
      created_at: at,
      updated_at: at,
      closed_at: null,
      closed_by: null,
    };
    (rows.households ??= []).push(household);
    const live = (person: PeopleTable, relation: string) =>
      (rows.residencies ??= []).push({
        community_id: communityId,
        id: idAt(rng, at),
        household_id: householdId,
        person_id: person.id,
        kind: tenure === 'owner' ? (relation === '本人' ? 'owner' : 'family') : 'tenant',
        relation,
        since: dateOf(at),
        until: null,
        created_at: at,
        updated_at: at,
      });
    live(head, '本人');
    const family = Array.from(head.name)[0]!;
    for (let i = 1; i < size; i++) {
      if (i === 1) {
        const spouse = adult();
        live(spouse, '配偶');
        if (tenure === 'owner' && rng.chance(0.4)) own(spouse, false);
      } else {
        const birthYear = rng.int(1995, 2022);
        const gender = rng.pick(['male', 'female'] as const);
        const phone = this.phoned(birthYear < 2006 && rng.chance(0.9) ? phoneOf() : null);
        live(this.person(rows, rng, communityId, phone, { gender, birthYear, family }, idNumbers), '子女');
      }
    }
    const phone = this.phones.get(head.phone_hash ?? '') ?? null;
    return { household, room, head, kind: tenure === 'owner' ? 'owner' : 'tenant', accountId: null, phone };
  }

  /** How many orders each chunk of a community's history holds. */
  chunksOf(): number[] {
    const perCommunity = Math.round(this.shape.orders / this.shape.communities);
    const sizes: number[] = [];
    for (let left = perCommunity; left > 0; left -= this.shape.ordersPerChunk)
      sizes.push(Math.min(left, this.shape.ordersPerChunk));
    return sizes;
  }

  /** A stretch of a community's order history: the orders made in its slice of the days, with their timelines. */
  orders(plan: CommunityPlan, chunk: number): Pick<Rows, 'orders' | 'order_events'> {
    const sizes = this.chunksOf();
    const count = sizes[chunk]!;
    const rng = new Rng(streamSeed(this.env.seed, 2, plan.index, chunk));
    const span = (this.shape.days * dayMs) / sizes.length;
    const from = this.start + chunk * span;
    const created: number[] = [];
    while (created.length < count) {
      const day = Math.floor(from / dayMs) * dayMs + Math.floor(rng.uniform() * (span / dayMs)) * dayMs;
      const weekday = new Date(day + shanghai).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !rng.chance(1 / weekendFactor)) continue;
      const hourOfDay = rng.pickBy(
        hourWeights.map((w, h) => [h, w] as const),
        ([, w]) => w,
      )[0];
      const t = day - shanghai + hourOfDay * hour + rng.int(0, hour - 1);
      if (t < this.env.now - 60_000) created.push(t);
    }
    created.sort((a, b) => a - b);
    const orders: OrdersTable[] = [];
    const events: OrderEventsTable[] = [];
    for (const t of created) this.order(rng, plan, t, orders, events);
    return { orders, order_events: events };
  }

  private order(
    rng: Rng,
    plan: CommunityPlan,
    createdAt: number,
    orders: OrdersTable[],
    out: OrderEventsTable[],
  ) {
    const now = this.env.now;
    const home = rng.pick(plan.homes);
    const code = rng.weighted(categoryWeights);
    const category = plan.categories.find((c) => c.code === code)!;
    const squad = plan.squads.get(category.squad_type)!;
    const urgency: Urgency = rng.chance(urgentShare[code] ?? 0) ? 'urgent' : 'normal';
    const isPublic = rng.chance(publicShare[code] ?? 0);
    const byApp = home.accountId !== null && rng.chance(0.85);
    const staff = rng.pick(plan.staff);
    const clocks: CategoryClocks = {
      acceptMinutes: category.accept_minutes,
      resolveMinutes: category.resolve_minutes,
    };
    const { acceptMs, resolveMs } = clockLengths(clocks, urgency);
    const member = rng.pick(squad.members);

    type Step = { at: number; event: OrderEvent; role: ActorRole; account: string | null; person?: string };
    const steps: Step[] = [];
    const resident = byApp ? home.accountId : null;
    const asker = {
      role: (byApp ? 'resident' : 'staff') as ActorRole,
      account: byApp ? home.accountId : staff.accountId,
    };
    steps.push({ at: createdAt, event: { type: 'create', squadId: squad.id, urgency }, ...asker });
    let t = createdAt;
    const later = (ms: number) => (t += Math.max(minute, Math.round(ms)));
    const outcome = rng.weighted({ done: 88, cancelled: 5, reopened: 2, escalated: 2, declined: 3 });
    if (outcome === 'cancelled') {
      later(rng.logNormal(acceptMs / 3, 0.8));
      steps.push({
        at: t,
        event: { type: 'cancel', reason: rng.pick(byApp ? words.cancelByResident : words.cancelByStaff) },
        role: asker.role,
        account: asker.account,
      });
    } else {
      const work = workHours[code];
      const round = (first: boolean) => {
        const viaBoard = rng.chance(0.6);
        later(rng.logNormal(acceptMs * 0.35, 0.9));
        if (viaBoard) {
          steps.push({
            at: t,
            event: { type: 'publish', squadId: squad.id },
            role: 'staff',
            account: staff.accountId,
          });
          later(rng.logNormal(acceptMs * 0.3, 0.9));
          steps.push({
            at: t,
            event: { type: 'grab', personId: member.personId },
            role: 'member',
            account: member.accountId,
            person: member.personId,
          });
        } else {
          steps.push({
            at: t,
            event: { type: 'assign', squadId: squad.id, personId: member.personId },
            role: 'staff',
            account: staff.accountId,
          });
          if (first && outcome === 'declined') {
            later(rng.logNormal(acceptMs * 0.2, 0.8));
            steps.push({
              at: t,
              event: { type: 'decline', reason: rng.pick(words.declineReasons) },
              role: 'member',
              account: member.accountId,
              person: member.personId,
            });
            later(rng.logNormal(acceptMs * 0.2, 0.8));
            steps.push({
              at: t,
              event: { type: 'assign', squadId: squad.id, personId: member.personId },
              role: 'staff',
              account: staff.accountId,
            });
          }
          later(rng.logNormal(acceptMs * 0.3, 0.9));
          steps.push({
            at: t,
            event: { type: 'accept' },
            role: 'member',
            account: member.accountId,
            person: member.personId,
          });
        }
        if (first && outcome === 'escalated') {
          later(30 * minute);
          steps.push({
            at: t,
            event: { type: 'escalate', to: 'property', reason: rng.pick(words.escalations.property) },
            role: 'member',
            account: member.accountId,
            person: member.personId,
          });
        }
        if (rng.chance(0.5)) {
          later(rng.logNormal(work[0] * hour * 0.3, 0.7));
          steps.push({
            at: t,
            event: { type: 'progress', note: rng.pick(words.progressNotes[code]), fileIds: [] },
            role: 'member',
            account: member.accountId,
            person: member.personId,
          });
        }
        later(rng.logNormal(work[0] * hour, 0.8));
        steps.push({
          at: t,
          event: {
            type: 'resolve',
            note: rng.pick(words.resolveNotes[code]),
            minutesSpent: rng.int(work[1], work[2]),
            fileIds: [],
          },
          role: 'member',
          account: member.accountId,
          person: member.personId,
        });
      };
      round(true);
      if (outcome === 'reopened') {
        later(rng.logNormal(20 * hour, 0.6));
        if (resident)
          steps.push({
            at: t,
            event: { type: 'reopen', reason: rng.pick(words.reopenReasons) },
            role: 'resident',
            account: resident,
          });
        if (resident) round(false);
      }
      // Residents on the app confirm and rate most of the time; the rest close themselves after a week.
      const confirmAt = t + Math.round(rng.logNormal(10 * hour, 1));
      if (rng.chance(byApp ? 0.75 : 0.5) && confirmAt < t + defaultAutoCloseDays * dayMs) {
        const rating = rng.weighted({ '5': 62, '4': 25, '3': 8, '2': 3, '1': 2 });
        const stars = Number(rating);
        const comment = stars >= 4 ? rng.pick(words.praise) : rng.pick(words.complaints[stars as 1 | 2 | 3]);
        steps.push({
          at: confirmAt,
          event: { type: 'confirm', rating: stars, comment },
          role: byApp ? 'resident' : 'staff',
          account: byApp ? resident : staff.accountId,
        });
      } else {
        steps.push({
          at: t + defaultAutoCloseDays * dayMs + rng.int(0, 59_000),
          event: { type: 'auto_close', days: defaultAutoCloseDays },
          role: 'system',
          account: null,
        });
      }
    }
    // What has not happened yet by now stays in the future; the clocks job's overdue marks are added.
    const happened = steps.filter((s) => s.at < now);
    const timeline = withOverdueMarks(happened, acceptMs, resolveMs, now);

    const orderId = idAt(rng, createdAt);
    let snapshot: OrderSnapshot | null = null as OrderSnapshot | null;
    const recorded: RecordedEvent[] = [];
    const eventRows: OrderEventsTable[] = [];
    for (const [i, s] of timeline.entries()) {
      const actor = {
        role: s.role,
        personId: s.person ?? null,
        squadIds: s.role === 'member' ? [squad.id] : [],
      };
      const step = applyOrderEvent(snapshot, s.event, actor);
      if (!step.ok) throw new Error(`bench order timeline: ${s.event.type} refused (${step.error})`);
      eventRows.push({
        community_id: plan.id,
        id: idAt(rng, s.at),
        order_id: orderId,
        seq: i + 1,
        type: s.event.type,
        from_state: snapshot?.state ?? null,
        to_state: step.next.state,
        actor_account_id: s.account,
        actor_role: s.role,
        actor_person_id: s.person ?? null,
        reason: reasonOf(s.event),
        data_json: eventData(s.event),
        at: s.at,
      });
      recorded.push({ seq: i + 1, at: s.at, event: s.event });
      snapshot = step.next;
    }
    const { phone } = home;
    const row: OrdersTable = {
      community_id: plan.id,
      id: orderId,
      category_id: category.id,
      description: rng.pick(words.requests[code]),
      urgency,
      home_hours: isPublic ? null : rng.pick(words.homeHours),
      place_kind: isPublic ? 'public' : 'home',
      place_text: isPublic ? rng.pick(words.publicPlaces(home.buildingName, home.entranceName)) : null,
      compound_id: home.household.compound_id,
      building_id: home.household.building_id,
      room_id: isPublic ? null : home.room.id,
      household_id: home.household.id,
      grid_id: home.gridId,
      requester_account_id: resident,
      requester_person_id: home.head.id,
      contact_name: home.head.name,
      contact_phone_sealed: (home.sealedPhone ??= phone ? this.env.vault.seal(phone) : null),
      channel: byApp ? 'app' : rng.chance(0.8) ? 'phone' : 'walk_in',
      created_by: asker.account!,
      idempotency_key: byApp ? idAt(rng, createdAt) : null,
      ...derivedColumns(recorded, snapshot!, clocks, now),
      deliberation_topic_id: null,
      version: recorded.length,
      created_at: createdAt,
      updated_at: recorded.at(-1)!.at,
    };
    orders.push(row);
    out.push(...eventRows);
  }

  /** Closed owners' assemblies of a community's compounds, with frozen rolls and a few ballots each. */
  closedAssemblies(plan: CommunityPlan): Rows {
    const rng = new Rng(streamSeed(this.env.seed, 3, plan.index));
    const rows: Rows = {};
    const perCommunity = Math.round(this.shape.closedAssemblies / this.shape.communities);
    for (let i = 0; i < perCommunity; i++) {
      const compound = plan.compounds[i % plan.compounds.length]!;
      const opened = this.start + Math.round(((i + 0.5) / perCommunity) * (this.shape.days - 40) * dayMs);
      const a = this.assembly(
        rows,
        rng,
        plan.id,
        compound,
        opened,
        'published',
        `${2024 + (i % 2)}年业主大会`,
      );
      for (const [position, kind] of (['ordinary', 'special'] as const).entries()) {
        const m = this.matter(rows, rng, a, position, kind);
        const voters = rng.sample(a.voters, this.shape.ballotsPerClosedMatter);
        this.ballots(rows, rng, a.row, m, voters, opened, a.units);
      }
    }
    return rows;
  }

  /** An assembly over a compound, its electorate frozen as freezeElectorate does (shuffled pseudonyms). */
  private assembly(
    rows: Rows,
    rng: Rng,
    communityId: string,
    compound: CommunityPlan['compounds'][number],
    opened: number,
    status: 'voting' | 'published',
    title: string,
  ) {
    const closed = status === 'published' ? opened + 30 * dayMs : null;
    const row: AssembliesTable = {
      community_id: communityId,
      id: idAt(rng, opened - 20 * dayMs),
      compound_id: compound.id,
      title,
      description: null,
      status,
      public_votes: 0,
      notice_days: 15,
      voting_starts_at: opened,
      voting_ends_at: status === 'published' ? closed! : this.env.now + 60 * dayMs,
      original_ends_at: null,
      extension_reason: null,
      extended_at: null,
      total_area_centi: 0,
      total_heads: 0,
      room_count: compound.rooms.length,
      announced_at: opened - 16 * dayMs,
      opened_at: opened,
      closed_at: closed,
      published_at: closed && closed + dayMs,
      archived_at: null,
      cancelled_at: null,
      cancel_reason: null,
      created_by: null,
      created_at: opened - 20 * dayMs,
      updated_at: closed ?? opened,
    };
    (rows.assemblies ??= []).push(row);
    const voterOf = new Map<string, string>();
    for (const o of compound.ownerships)
      if (o.is_voter === 1) voterOf.set(o.room_id, o.person_id ?? 'developer');
    const keys = [...new Set(compound.rooms.map((r) => voterOf.get(r.id)!))];
    const pseudonyms = shuffled(
      rng,
      keys.map((_, i) => `v${i + 1}`),
    );
    const voters: AssemblyVotersTable[] = keys.map((key, i) => ({
      community_id: communityId,
      id: idAt(rng, opened),
      assembly_id: row.id,
      voter_key: pseudonyms[i]!,
      person_id: key === 'developer' ? null : key,
      is_developer: key === 'developer' ? 1 : 0,
      co_owner_ids: '[]',
      delegate_person_id: null,
      area_centi: 0,
      room_count: 0,
      created_at: opened,
      updated_at: opened,
    }));
    const byKey = new Map(keys.map((k, i) => [k, voters[i]!]));
    const unitKeys = shuffled(
      rng,
      compound.rooms.map((_, i) => `u${i + 1}`),
    );
    const units: TallyUnit[] = [];
    const assemblyRooms: AssemblyRoomsTable[] = compound.rooms.map((r, i) => {
      const voter = byKey.get(voterOf.get(r.id)!)!;
      voter.area_centi += r.area_centi;
      voter.room_count += 1;
      units.push({ id: unitKeys[i]!, areaCenti: r.area_centi, voter: voter.voter_key });
      return {
        community_id: communityId,
        id: idAt(rng, opened),
        assembly_id: row.id,
        room_id: r.id,
        unit_key: unitKeys[i]!,
        building_id: r.building_id,
        label: compound.labels.get(r.id)!,
        area_centi: r.area_centi,
        area_source: r.area_source,
        voter_id: voter.id,
        created_at: opened,
      };
    });
    row.total_area_centi = units.reduce((sum, u) => sum + u.areaCenti, 0);
    row.total_heads = voters.length;
    (rows.assembly_voters ??= []).push(...voters);
    (rows.assembly_rooms ??= []).push(...assemblyRooms);
    return { row, voters, units };
  }

  private matter(
    rows: Rows,
    rng: Rng,
    a: { row: AssembliesTable },
    position: number,
    kind: 'ordinary' | 'special',
  ): AssemblyMattersTable {
    const m: AssemblyMattersTable = {
      community_id: a.row.community_id,
      id: idAt(rng, a.row.created_at),
      assembly_id: a.row.id,
      compound_id: a.row.compound_id,
      position,
      item: kind === 'ordinary' ? 4 : 6,
      kind,
      title: kind === 'ordinary' ? '续聘物业服务企业' : '筹集和使用专项维修资金更换电梯',
      description: null,
      seats: null,
      attachment_ids: '[]',
      candidates_published_at: null,
      ballot_count: 0,
      head_hash: '',
      result_json: null,
      withdrawn_at: null,
      created_at: a.row.created_at,
      updated_at: a.row.created_at,
    };
    (rows.assembly_matters ??= []).push(m);
    return m;
  }

  /** Ballots appended to a matter's chain as appendBallot does, each with its audit entry. */
  private ballots(
    rows: Rows,
    rng: Rng,
    a: AssembliesTable,
    m: AssemblyMattersTable,
    voters: readonly AssemblyVotersTable[],
    opened: number,
    units: TallyUnit[],
  ) {
    const span = (a.closed_at ?? this.env.now) - opened;
    const times = voters.map(() => opened + Math.floor(rng.uniform() * span)).sort((x, y) => x - y);
    const counted: TallyBallot[] = [];
    voters.forEach((v, i) => {
      const seq = m.ballot_count + 1;
      const choice = rng.weighted({ yes: 70, no: 20, abstain: 10 });
      const body = chainBody({ seq, voter_key: v.voter_key, matter_id: m.id, choice, choices_json: null });
      const at = times[i]!;
      const ballot: BallotsTable = {
        community_id: m.community_id,
        id: idAt(rng, at),
        assembly_id: m.assembly_id,
        matter_id: m.id,
        seq,
        voter_id: v.id,
        voter_key: v.voter_key,
        choice,
        choices_json: null,
        prev_hash: m.head_hash,
        hash: ballotHash(m.head_hash, body),
        channel: 'online',
        cast_by: v.person_id ?? 'developer',
        paper_id: null,
        idempotency_key: null,
        cast_at: at,
      };
      (rows.ballots ??= []).push(ballot);
      const entry: AuditLogTable = {
        community_id: m.community_id,
        id: idAt(rng, at),
        at,
        actor_account_id: null,
        action: 'ballot.cast',
        target_type: 'ballots',
        target_id: ballot.id,
        before_json: null,
        after_json: JSON.stringify({
          matterId: m.id,
          seq,
          voter: v.voter_key,
          channel: 'online',
          hash: ballot.hash,
        }),
        ip: null,
        request_id: null,
      };
      (rows.audit_log ??= []).push(entry);
      counted.push({ seq, voter: v.voter_key, choice });
      m.ballot_count = seq;
      m.head_hash = ballot.hash;
      m.updated_at = at;
    });
    if (a.status === 'published')
      m.result_json = JSON.stringify(tally({ kind: m.kind as 'ordinary' }, units, counted));
  }

  /**
   * The new town (新城社区): one compound of 100k rooms (at city scale), one owner each, its assembly
   * open with most owners having voted already; the load's voters are owners with app accounts.
   */
  town(): Rows {
    this.phones.clear();
    const index = this.shape.communities;
    const rng = new Rng(streamSeed(this.env.seed, 4));
    const rows: Rows = {};
    const at = this.start;
    const id = idAt(rng, at);
    rows.communities = [
      {
        id,
        street_id: this.streetId,
        name: '新城社区',
        code: 'BENCH-TOWN',
        address: null,
        created_at: at,
        archived_at: null,
      },
    ];
    const compoundId = idAt(rng, at);
    rows.compounds = [
      {
        community_id: id,
        id: compoundId,
        name: '万家新城',
        address: null,
        year_built: 2021,
        property_company_id: null,
        created_at: at,
        updated_at: at,
        archived_at: null,
      },
    ];
    const { rooms, labels } = this.layout(rows, rng, id, compoundId, this.shape.town);
    const ownerships: OwnershipsTable[] = [];
    const idNumbers = new Set<string>();
    const owners: PeopleTable[] = [];
    let personNo = 0;
    for (const room of rooms) {
      const phone = this.phoned(`139${String(index).padStart(2, '0')}${String(personNo++).padStart(6, '0')}`);
      const gender = rng.pick(['male', 'female'] as const);
      const owner = this.person(rows, rng, id, phone, { gender, birthYear: rng.int(1960, 1998) }, idNumbers);
      owners.push(owner);
      const row: OwnershipsTable = {
        community_id: id,
        id: idAt(rng, at),
        room_id: room.id,
        compound_id: compoundId,
        person_id: owner.id,
        is_developer: 0,
        is_voter: 1,
        since: null,
        until: null,
        created_at: at,
        updated_at: at,
        ended_at: null,
      };
      ownerships.push(row);
    }
    rows.ownerships = ownerships;
    for (const owner of owners.slice(0, this.shape.loadVoters)) {
      const phone = this.phones.get(owner.phone_hash!)!;
      const account = this.account(rows, rng, owner.name, phone, at);
      owner.account_id = account.id;
      this.grant(rows, rng, id, account.id, 'owner', 'compound', compoundId);
      this.manifest.voters.push({ phone });
    }
    const opened = this.env.now - 3 * dayMs;
    const a = this.assembly(
      rows,
      rng,
      id,
      { id: compoundId, rooms, labels, ownerships },
      opened,
      'voting',
      '万家新城第一次业主大会',
    );
    const m = this.matter(rows, rng, a, 0, 'ordinary');
    const voted = a.voters.filter(() => rng.chance(this.shape.town.turnout));
    this.ballots(rows, rng, a.row, m, shuffled(rng, voted), opened, a.units);
    this.manifest.assembly = {
      communityId: id,
      id: a.row.id,
      matterId: m.id,
      rooms: rooms.length,
      ballots: m.ballot_count,
    };
    return rows;
  }
}

/** A Fisher–Yates shuffle drawn from the stream. */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Timed = { at: number; event: OrderEvent; role: ActorRole; account: string | null; person?: string };

/**
 * The clocks job's overdue marks (overdue, level 1–3) that a timeline earns: a level is marked within
 * the minute its clock runs that far over, while the order still waits (acceptance) or is unresolved.
 */
export function withOverdueMarks(steps: Timed[], acceptMs: number, resolveMs: number, now: number): Timed[] {
  if (!steps.length) return steps;
  const marks: Timed[] = [];
  const created = steps[0]!.at;
  const until = (states: readonly string[]) => {
    // The first step that leaves the clock's states ends it (a reopening starts a new round: ignored here).
    let state = 'submitted';
    for (const s of steps.slice(1)) {
      const next = nextState(state, s.event);
      if (!states.includes(next) && states.includes(state)) return s.at;
      state = next;
    }
    return finalStates.includes(state as never) ? steps.at(-1)!.at : now;
  };
  const mark = (clock: ClockKind, lengthMs: number, end: number) => {
    for (let level = 1; level <= 3; level++) {
      const at = created + lengthMs * level + 30_000;
      if (at >= end) break;
      marks.push({
        at,
        event: { type: 'overdue', clock, level: level as 1 | 2 | 3 },
        role: 'system',
        account: null,
      });
    }
  };
  mark('accept', acceptMs, until(waitingStates));
  mark('resolve', resolveMs, until(unresolvedStates));
  return [...steps, ...marks].sort((a, b) => a.at - b.at);
}

/** The state an event leads to, for the marks above (the machine itself checks the real timeline). */
function nextState(state: string, event: OrderEvent): string {
  switch (event.type) {
    case 'publish':
      return 'published';
    case 'assign':
      return 'assigned';
    case 'grab':
    case 'accept':
      return 'accepted';
    case 'decline':
      return 'submitted';
    case 'progress':
      return 'in_progress';
    case 'resolve':
      return 'resolved';
    case 'confirm':
      return 'closed';
    case 'reopen':
      return 'reopened';
    case 'cancel':
      return 'cancelled';
    case 'auto_close':
      return 'auto_closed';
    default:
      return state;
  }
}
