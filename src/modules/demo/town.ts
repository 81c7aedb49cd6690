import type { Role, ScopeKind } from '../../core/access/roles';
import type { Vault } from '../../core/crypto';
import type {
  BuildingsTable,
  CommunitiesTable,
  CompoundsTable,
  DB,
  GridsTable,
  HouseholdsTable,
  PartyOrgsTable,
  PeopleTable,
  ResidenciesTable,
  RoomsTable,
  SquadsTable,
} from '../../core/db/schema';
import { storeFlags, type PersonFlag as Flag } from '../people/vocabulary';
import { Rng, fakeIdNumber, fullName, type Gender } from './random';

/**
 * The builder behind the demo: compounds laid out floor by floor, households drawn by a seeded
 * PRNG, and the organisations, squads and logins that hang off them. Every row is a full table row
 * kept in memory; seed.ts writes them in batches. data.ts tells the story with it.
 */

const seed = 20_261_125;
/** The demo's "this year", for ages; fixed so the town does not age between runs. */
const thisYear = 2026;
export const dayMs = 24 * 60 * 60 * 1000;
/** The demo's logins joined the platform this long before the load, before any order or vote of theirs. */
const loginsJoinedDaysAgo = 400;

export type DemoRows = { [T in keyof DB]?: DB[T][] };

export interface DemoEnv {
  id(): string;
  now: number;
  vault: Pick<Vault, 'seal' | 'lookupHash'>;
  /** The demo password, hashed once by the caller (scrypt is slow on purpose). */
  passwordHash: string;
}

export type Composition =
  | 'elder_alone' // 独居老人
  | 'elder_couple' // 空巢老人
  | 'elder_grandchild' // 祖孙户: parents work away, the child is 留守
  | 'three_gen'
  | 'couple_child'
  | 'couple'
  | 'parent_child';
export type TenantComposition = 'single' | 'couple' | 'family';

export interface BuildingPlan {
  name: string;
  floors: number;
  entrances: number;
  perFloor: number;
  /** Street-facing: the ground floor is this many shops, homes start on the first floor up. */
  shops?: number;
  /** An underground garage of this many parking spaces, and no homes. */
  parking?: number;
}

export interface CompoundPlan {
  name: string;
  address: string;
  yearBuilt: number;
  buildings: BuildingPlan[];
  /** Smallest and largest home (户型) in m². */
  area: [number, number];
  /** Shares of homes standing empty and let to tenants. */
  empty: number;
  rented: number;
  households: Record<Composition, number>;
  /** Homes the developer has not sold (compound 4). */
  developerUnsold?: number;
}

export interface Member {
  person: PeopleTable;
  residency: ResidenciesTable;
}

export interface Home {
  row: HouseholdsTable;
  room: RoomsTable;
  /** Index of the building within its compound. */
  building: number;
  tenure: 'owner' | 'tenant';
  composition: Composition | TenantComposition;
  members: Member[];
}

export interface Place {
  community: CommunitiesTable;
  compound: CompoundsTable;
  buildings: BuildingsTable[];
  homes: Home[];
  /** Owners who live in the compound, for second homes, shops and parking spaces. */
  residentOwners: PeopleTable[];
}

const date = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const instant = (day: string) => Date.parse(`${day}T09:00:00+08:00`);

export class DemoTown {
  readonly rows: DemoRows = {};
  readonly rng = new Rng(seed);
  private residentPhones = 0;
  private readonly idNumbers = new Set<string>();
  private readonly taken = new Set<PeopleTable>();

  constructor(private readonly env: DemoEnv) {}

  add<T extends keyof DB>(table: T, row: DB[T]): DB[T] {
    ((this.rows[table] ??= []) as DB[T][]).push(row);
    return row;
  }

  life() {
    return { created_at: this.env.now, updated_at: this.env.now, archived_at: null };
  }

  get id() {
    return this.env.id();
  }

  randomDay(from: number, to: number): string {
    return date(this.rng.int(from, to), this.rng.int(1, 12), this.rng.int(1, 28));
  }

  // ---------------------------------------------------------------- places

  street(name: string, code: string) {
    return this.add('streets', {
      id: this.id,
      name,
      code,
      created_at: this.env.now,
      archived_at: null,
    });
  }

  community(streetId: string, name: string, code: string, address: string) {
    return this.add('communities', {
      id: this.id,
      street_id: streetId,
      name,
      code,
      address,
      created_at: this.env.now,
      archived_at: null,
    });
  }

  /** A compound with its buildings, entrances, rooms, and the households living in them. */
  compound(community: CommunitiesTable, plan: CompoundPlan): Place {
    const compound = this.add('compounds', {
      community_id: community.id,
      id: this.id,
      name: plan.name,
      address: plan.address,
      year_built: plan.yearBuilt,
      property_company_id: null,
      ...this.life(),
    });
    const place: Place = { community, compound, buildings: [], homes: [], residentOwners: [] };
    const homes: { room: RoomsTable; building: number }[] = [];
    const extras: RoomsTable[] = [];
    plan.buildings.forEach((b, index) => {
      const building = this.add('buildings', {
        community_id: community.id,
        id: this.id,
        compound_id: compound.id,
        name: b.name,
        floors: b.parking ? null : b.floors,
        ...this.life(),
      });
      place.buildings.push(building);
      const entrance = (name: string) =>
        this.add('entrances', {
          community_id: community.id,
          id: this.id,
          building_id: building.id,
          name,
          ...this.life(),
        });
      const room = (entranceId: string, number: string, floor: number, areaCenti: number, use: string) =>
        this.add('rooms', {
          community_id: community.id,
          id: this.id,
          compound_id: compound.id,
          building_id: building.id,
          entrance_id: entranceId,
          number,
          floor,
          area_centi: areaCenti,
          // A few rooms were re-measured (实测) when the register was found wrong.
          area_source: this.rng.chance(0.05) ? 'survey' : 'register',
          use,
          ...this.life(),
        });
      // Homes stacked in one position share a plan (户型), so one area per position.
      const plans = Array.from({ length: b.perFloor }, () =>
        this.rng.int(plan.area[0] * 100, plan.area[1] * 100),
      );
      for (let e = 1; e <= b.entrances; e++) {
        const door = entrance(`${e}单元`);
        for (let floor = b.shops ? 2 : 1; floor <= b.floors; floor++)
          for (let k = 1; k <= b.perFloor; k++)
            homes.push({
              room: room(door.id, `${floor}${String(k).padStart(2, '0')}`, floor, plans[k - 1]!, 'residence'),
              building: index,
            });
      }
      if (b.shops) {
        const front = entrance('临街商铺');
        for (let k = 1; k <= b.shops; k++)
          extras.push(room(front.id, `1${String(k).padStart(2, '0')}`, 1, this.rng.int(1800, 6500), 'shop'));
      }
      if (b.parking) {
        const bay = entrance('B1层');
        for (let k = 1; k <= b.parking; k++)
          extras.push(
            room(bay.id, `B1-${String(k).padStart(3, '0')}`, -1, this.rng.int(1200, 1650), 'parking'),
          );
      }
    });

    const unsold = new Set(this.rng.sample(homes, plan.developerUnsold ?? 0).map((h) => h.room));
    for (const { room, building } of homes) {
      if (unsold.has(room)) {
        this.ownership(place, room, null, { developer: true });
        continue;
      }
      const since = this.randomDay(plan.yearBuilt + 1, 2025);
      const fate = this.rng.weighted({
        home: 1 - plan.empty - plan.rented,
        empty: plan.empty,
        rented: plan.rented,
      });
      if (fate === 'home') {
        this.ownerHousehold(place, room, building, this.rng.weighted(plan.households), since);
        continue;
      }
      // Empty and let homes belong to someone living elsewhere, or, now and then, to a neighbour.
      const landlord =
        fate === 'rented' && place.residentOwners.length && this.rng.chance(0.25)
          ? this.rng.pick(place.residentOwners)
          : this.outsideOwner(community.id);
      this.ownership(place, room, landlord, { since });
      if (fate === 'rented') this.tenantHousehold(place, room, building, since);
    }
    for (const room of extras) {
      // Parking spaces go with homes in the compound; shops mostly to merchants from outside (党员经营业主 too).
      const owner =
        room.use === 'parking' || this.rng.chance(0.2)
          ? this.rng.pick(place.residentOwners)
          : this.outsideOwner(community.id, room.use === 'shop' ? 0.15 : undefined);
      this.ownership(place, room, owner, { since: this.randomDay(plan.yearBuilt, 2024) });
    }
    return place;
  }

  ownership(
    place: Place,
    room: RoomsTable,
    owner: PeopleTable | null,
    opts: { developer?: boolean; voter?: boolean; since?: string },
  ) {
    return this.add('ownerships', {
      community_id: place.community.id,
      id: this.id,
      room_id: room.id,
      compound_id: place.compound.id,
      person_id: owner?.id ?? null,
      is_developer: opts.developer ? 1 : 0,
      is_voter: opts.voter === false ? 0 : 1,
      since: opts.since ?? null,
      until: null,
      created_at: this.env.now,
      updated_at: this.env.now,
      ended_at: null,
    });
  }

  // ---------------------------------------------------------------- people

  person(
    communityId: string,
    p: { gender: Gender; birthYear: number; family?: string; flags?: Flag[]; partyBoost?: number },
  ): PeopleTable {
    const { rng } = this;
    const age = thisYear - p.birthYear;
    const adult = age >= 18;
    const phone = adult && rng.chance(age >= 80 ? 0.55 : 0.92) ? this.residentPhone() : null;
    const idNumber = adult ? this.idNumber(p.birthYear, p.gender) : null;
    const flags = new Set(p.flags ?? []);
    if (age >= 80) flags.add('elderly_80');
    if (age >= 55 && rng.chance(0.02)) flags.add('disabled');
    return this.add('people', {
      community_id: communityId,
      id: this.id,
      name: fullName(rng, p.gender, p.birthYear, p.family),
      phone_sealed: phone && this.env.vault.seal(phone),
      phone_hash: phone && this.env.vault.lookupHash(phone),
      id_number_sealed: idNumber && this.env.vault.seal(idNumber),
      id_number_hash: idNumber && this.env.vault.lookupHash(idNumber),
      gender: p.gender,
      birth_year: p.birthYear,
      political_status: this.politicalStatus(age, p.partyBoost ?? 0),
      flags: storeFlags([...flags]),
      account_id: null,
      notes: null,
      ...this.life(),
    });
  }

  /** About one adult in twelve is a party member, more among the retired (the 银发先锋). */
  politicalStatus(age: number, boost: number): string {
    const { rng } = this;
    if (age >= 60) return rng.chance(0.16 + boost) ? 'party_member' : 'masses';
    if (age >= 30)
      return rng.chance(0.07 + boost) ? 'party_member' : rng.chance(0.01) ? 'probationary' : 'masses';
    if (age >= 18) return rng.chance(0.02 + boost) ? 'party_member' : rng.chance(0.3) ? 'league' : 'masses';
    if (age >= 14) return rng.chance(0.2) ? 'league' : 'masses';
    return 'masses';
  }

  residentPhone(): string {
    if (this.residentPhones > 9999) throw new Error('the demo ran out of 1990000xxxx numbers');
    return `1990000${String(this.residentPhones++).padStart(4, '0')}`;
  }

  idNumber(birthYear: number, gender: Gender): string {
    for (;;) {
      const id = fakeIdNumber(this.rng, birthYear, gender);
      if (!this.idNumbers.has(id)) {
        this.idNumbers.add(id);
        return id;
      }
    }
  }

  /** Someone living outside the demo compounds, always reachable by phone. */
  outsider(communityId: string, birthYear: number, partyBoost = 0): PeopleTable {
    const gender: Gender = this.rng.chance(0.5) ? 'male' : 'female';
    const person = this.person(communityId, { gender, birthYear, partyBoost });
    if (!person.phone_sealed) {
      const phone = this.residentPhone();
      person.phone_sealed = this.env.vault.seal(phone);
      person.phone_hash = this.env.vault.lookupHash(phone);
    }
    return person;
  }

  /** An owner who lives elsewhere: lets the home, or leaves it empty. */
  outsideOwner(communityId: string, partyBoost = 0): PeopleTable {
    return this.outsider(communityId, this.rng.int(1952, 1990), partyBoost);
  }

  /** A party member working for the community or a company (社区工作人员, 物业经理). */
  staffPerson(communityId: string, birthFrom: number, birthTo: number): PeopleTable {
    const person = this.outsider(communityId, this.rng.int(birthFrom, birthTo));
    person.political_status = 'party_member';
    return person;
  }

  household(place: Place, room: RoomsTable, building: number, tenure: Home['tenure']): Home {
    const row = this.add('households', {
      community_id: place.community.id,
      id: this.id,
      room_id: room.id,
      compound_id: place.compound.id,
      building_id: room.building_id,
      name: '',
      head_person_id: null,
      created_at: this.env.now,
      updated_at: this.env.now,
      closed_at: null,
      closed_by: null,
    });
    const home: Home = { row, room, building, tenure, composition: 'couple', members: [] };
    place.homes.push(home);
    return home;
  }

  live(home: Home, person: PeopleTable, kind: string, relation: string, since: string) {
    if (!home.row.head_person_id) {
      home.row.head_person_id = person.id;
      home.row.name = `${person.name}户`;
    }
    const birthday = date(person.birth_year ?? 1900, 1, 1);
    const residency = this.add('residencies', {
      community_id: home.row.community_id,
      id: this.id,
      household_id: home.row.id,
      person_id: person.id,
      kind,
      relation,
      since: since > birthday ? since : birthday,
      until: null,
      created_at: this.env.now,
      updated_at: this.env.now,
    });
    home.members.push({ person, residency });
  }

  ownerHousehold(place: Place, room: RoomsTable, building: number, composition: Composition, since: string) {
    const { rng } = this;
    const c = place.community.id;
    const home = this.household(place, room, building, 'owner');
    home.composition = composition;
    const sex = (): Gender => (rng.chance(0.5) ? 'male' : 'female');
    const lowIncome: Flag[] = rng.chance(0.015) ? ['low_income'] : [];
    const own = (owner: PeopleTable) => {
      this.live(home, owner, 'owner', '本人', since);
      this.ownership(place, room, owner, { since });
      place.residentOwners.push(owner);
    };
    /** Husband and wife; the head owns, and a quarter of couples hold the deed together (共有). */
    const couple = (from: number, to: number, flags: Flag[]) => {
      const husbandBorn = rng.int(from, to);
      const husband = this.person(c, {
        gender: 'male',
        birthYear: husbandBorn,
        flags: [...flags, ...lowIncome],
      });
      const wife = this.person(c, { gender: 'female', birthYear: husbandBorn + rng.int(0, 4), flags });
      const [head, spouse] = rng.chance(0.7) ? [husband, wife] : [wife, husband];
      own(head);
      const coOwned = rng.chance(0.25);
      this.live(home, spouse, coOwned ? 'owner' : 'family', '配偶', since);
      if (coOwned) this.ownership(place, room, spouse, { since, voter: false });
      return husband;
    };
    const child = (parent: PeopleTable, relation: string, flags: Flag[] = [], birthYear?: number) => {
      const person = this.person(c, {
        gender: sex(),
        birthYear: birthYear ?? Math.min((parent.birth_year ?? 1970) + rng.int(23, 32), 2023),
        family: parent.gender === 'male' ? familyName(parent.name) : undefined,
        flags,
      });
      this.live(home, person, 'family', relation, since);
      return person;
    };
    switch (composition) {
      case 'elder_alone': {
        const elder = this.person(c, {
          gender: sex(),
          birthYear: rng.int(1934, 1952),
          flags: ['living_alone'],
        });
        own(elder);
        break;
      }
      case 'elder_couple':
        couple(1938, 1958, ['empty_nest']);
        break;
      case 'elder_grandchild': {
        const elder = this.person(c, { gender: sex(), birthYear: rng.int(1946, 1960), flags: lowIncome });
        own(elder);
        child(elder, '孙子女', ['left_behind_minor'], rng.int(2010, 2019));
        break;
      }
      case 'three_gen': {
        const elder = this.person(c, { gender: sex(), birthYear: rng.int(1940, 1956) });
        own(elder);
        child(child(elder, '子女'), '孙子女');
        break;
      }
      case 'couple_child':
        child(couple(1975, 1992, lowIncome), '子女');
        break;
      case 'couple':
        couple(1984, 1999, []);
        break;
      case 'parent_child': {
        const parent = this.person(c, { gender: sex(), birthYear: rng.int(1956, 1975), flags: lowIncome });
        own(parent);
        child(parent, '子女');
        break;
      }
    }
  }

  tenantHousehold(place: Place, room: RoomsTable, building: number, since: string) {
    const { rng } = this;
    const c = place.community.id;
    const home = this.household(place, room, building, 'tenant');
    const composition = rng.weighted<TenantComposition>({ single: 4, couple: 3, family: 3 });
    home.composition = composition;
    const tenancy = since > '2019-01-01' ? since : this.randomDay(2019, 2025);
    const first = this.person(c, {
      gender: rng.chance(0.55) ? 'male' : 'female',
      birthYear: rng.int(1982, 2003),
    });
    this.live(home, first, 'tenant', '本人', tenancy);
    if (composition === 'single') return;
    const partner = this.person(c, {
      gender: first.gender === 'male' ? 'female' : 'male',
      birthYear: (first.birth_year ?? 1990) + rng.int(-3, 3),
    });
    this.live(home, partner, 'tenant', '配偶', tenancy);
    if (composition === 'family') {
      const father = first.gender === 'male' ? first : partner;
      const kid = this.person(c, {
        gender: rng.chance(0.5) ? 'male' : 'female',
        birthYear: Math.min((father.birth_year ?? 1990) + rng.int(24, 32), 2024),
        family: familyName(father.name),
      });
      this.live(home, kid, 'tenant', '子女', tenancy);
    }
  }

  /** A resident of `place` who fits a part and plays no other part yet, drawn at random. */
  cast(place: Place, fits: (m: Member, home: Home) => boolean): { member: Member; home: Home } {
    const candidates = place.homes.flatMap((home) =>
      home.members
        .filter((m) => !this.taken.has(m.person) && fits(m, home))
        .map((member) => ({ member, home })),
    );
    const chosen = candidates.length ? this.rng.pick(candidates) : undefined;
    if (!chosen) throw new Error(`no resident of ${place.compound.name} fits a demo part`);
    this.taken.add(chosen.member.person);
    return chosen;
  }

  /** Everyone living in the given buildings of a place (all of it when none are given). */
  residents(place: Place, buildings?: readonly number[]): { member: Member; home: Home }[] {
    return place.homes
      .filter((home) => !buildings || buildings.includes(home.building))
      .flatMap((home) => home.members.map((member) => ({ member, home })));
  }

  /** `count` people from the pool who play no part yet; they now do. */
  pickFree(pool: readonly PeopleTable[], count: number, fits: (p: PeopleTable) => boolean = () => true) {
    const chosen = this.rng.sample(
      pool.filter((p) => !this.taken.has(p) && fits(p)),
      count,
    );
    for (const p of chosen) this.taken.add(p);
    return chosen;
  }

  // ---------------------------------------------------------------- organisations

  propertyCompany(name: string, contactName: string) {
    return this.add('property_companies', {
      id: this.id,
      name,
      credit_code: null,
      contact_name: contactName,
      // A company's line is not personal, but the demo keeps no plain numbers at all.
      contact_phone: null,
      created_at: this.env.now,
      archived_at: null,
    });
  }

  contract(
    place: Place,
    companyId: string,
    startsOn: string,
    endsOn: string,
    feeFen: number,
    status: string,
  ) {
    if (status === 'active') place.compound.property_company_id = companyId;
    return this.add('property_contracts', {
      community_id: place.community.id,
      id: this.id,
      compound_id: place.compound.id,
      company_id: companyId,
      starts_on: startsOn,
      ends_on: endsOn,
      fee_fen_per_m2_month: feeFen,
      status,
      created_at: this.env.now,
      updated_at: this.env.now,
    });
  }

  grid(
    place: Place,
    name: string,
    buildings: readonly number[],
    workers: readonly PeopleTable[],
  ): GridsTable {
    const c = place.community.id;
    const grid = this.add('grids', {
      community_id: c,
      id: this.id,
      compound_id: place.compound.id,
      name,
      ...this.life(),
    });
    for (const b of buildings)
      this.add('grid_buildings', { community_id: c, grid_id: grid.id, building_id: place.buildings[b]!.id });
    workers.forEach((person, i) =>
      this.add('grid_workers', {
        community_id: c,
        id: this.id,
        grid_id: grid.id,
        person_id: person.id,
        role: i === 0 ? 'leader' : 'worker', // 网格长, 网格员
        since: this.randomDay(2018, 2024),
        until: null,
        created_at: this.env.now,
        ended_at: null,
      }),
    );
    return grid;
  }

  partyOrg(
    communityId: string,
    kind: 'committee' | 'branch' | 'group' | 'central_household',
    name: string,
    at: {
      parent?: PartyOrgsTable;
      compound?: CompoundsTable;
      building?: BuildingsTable;
      household?: HouseholdsTable;
    },
  ) {
    return this.add('party_orgs', {
      community_id: communityId,
      id: this.id,
      parent_id: at.parent?.id ?? null,
      kind,
      name,
      compound_id: at.compound?.id ?? at.building?.compound_id ?? at.household?.compound_id ?? null,
      building_id: at.building?.id ?? at.household?.building_id ?? null,
      household_id: at.household?.id ?? null,
      ...this.life(),
    });
  }

  position(org: PartyOrgsTable, person: PeopleTable, position: string) {
    person.political_status = 'party_member';
    return this.add('party_positions', {
      community_id: org.community_id,
      id: this.id,
      org_id: org.id,
      person_id: person.id,
      position,
      since: this.randomDay(2019, 2024),
      until: null,
      created_at: this.env.now,
      ended_at: null,
    });
  }

  /**
   * A compound's party branch (小区党支部—楼栋党小组—党员中心户, seed 003): its committee, a group
   * for every building with three or more resident party members (or the given 党员中心户), members
   * of the other buildings straight in the branch, and a few party members' homes in buildings with
   * a group as 党员中心户 under it.
   */
  branch(
    place: Place,
    parent: PartyOrgsTable,
    name: string,
    buildings: readonly number[],
    officers: { secretary?: PeopleTable; committee?: PeopleTable[]; centralHousehold?: Home } = {},
  ) {
    const org = this.partyOrg(place.community.id, 'branch', name, { parent, compound: place.compound });
    const partyMembers = this.residents(place, buildings).filter(({ member }) => isParty(member.person));
    const seniors = partyMembers.map(({ member }) => member.person).filter((p) => born(p, 1940, 1966));
    const secretary = officers.secretary ?? this.pickFree(seniors, 1)[0];
    if (secretary) this.position(org, secretary, 'secretary');
    for (const deputy of this.pickFree(seniors, 1)) this.position(org, deputy, 'deputy_secretary');
    const given = officers.committee ?? [];
    for (const person of [...given, ...this.pickFree(seniors, 3 - given.length)])
      this.position(org, person, 'committee_member');

    const groups = new Map<number, PartyOrgsTable>();
    for (const b of buildings) {
      const here = partyMembers.filter(({ home }) => home.building === b);
      if (here.length < 3 && officers.centralHousehold?.building !== b) {
        for (const { member } of here) this.position(org, member.person, 'member');
        continue;
      }
      const building = place.buildings[b]!;
      const group = this.partyOrg(place.community.id, 'group', `${building.name}党小组`, {
        parent: org,
        building,
      });
      groups.set(b, group);
      // The group's 组长 holds its head position; the rest are its members.
      this.rng
        .sample(here, here.length)
        .forEach(({ member }, i) => this.position(group, member.person, i === 0 ? 'secretary' : 'member'));
    }
    const hosts = partyMembers
      .filter(
        ({ home, member }) =>
          home.row.head_person_id === member.person.id &&
          home !== officers.centralHousehold &&
          groups.has(home.building),
      )
      .map(({ home }) => home);
    const central = [
      ...(officers.centralHousehold ? [officers.centralHousehold] : []),
      ...this.rng.sample(hosts, 2),
    ];
    for (const home of central)
      this.partyOrg(
        place.community.id,
        'central_household',
        `${home.row.name.replace(/户$/, '')}党员中心户`,
        {
          parent: groups.get(home.building)!,
          household: home.row,
        },
      );
    return org;
  }

  ownersCommittee(
    place: Place,
    term: { no: number; start: string | null; end: string | null; status: string },
    members: readonly PeopleTable[],
  ) {
    const committee = this.add('owner_committees', {
      community_id: place.community.id,
      id: this.id,
      compound_id: place.compound.id,
      term_no: term.no,
      term_start: term.start,
      term_end: term.end,
      status: term.status,
      created_at: this.env.now,
      updated_at: this.env.now,
    });
    members.forEach((person, i) =>
      this.add('committee_members', {
        community_id: place.community.id,
        id: this.id,
        committee_id: committee.id,
        person_id: person.id,
        position: i === 0 ? 'chair' : i === 1 ? 'vice_chair' : 'member',
        since: term.start,
        until: term.status === 'ended' ? term.end : null,
        created_at: this.env.now,
        ended_at: term.status === 'ended' && term.end ? instant(term.end) : null,
      }),
    );
    return committee;
  }

  /** A volunteer squad; the willing are drawn from `pool`, after the `leader` and any fixed `members`. */
  squad(
    place: Place,
    name: string,
    type: string,
    grid: GridsTable | null,
    pool: readonly PeopleTable[],
    size: number,
    fixed: { leader?: PeopleTable; members?: PeopleTable[] } = {},
  ): SquadsTable {
    const c = place.community.id;
    const squad = this.add('squads', {
      community_id: c,
      id: this.id,
      name,
      type,
      compound_id: place.compound.id,
      grid_id: grid?.id ?? null,
      ...this.life(),
    });
    const known = [...(fixed.leader ? [fixed.leader] : []), ...(fixed.members ?? [])];
    const team = [
      ...known,
      ...this.rng.sample(
        [...new Set(pool)].filter((p) => !known.includes(p)),
        size - known.length,
      ),
    ];
    const leader = fixed.leader ?? team.find(isParty) ?? team[0];
    for (const person of team)
      this.add('squad_members', {
        community_id: c,
        id: this.id,
        squad_id: squad.id,
        person_id: person.id,
        role: person === leader ? 'leader' : 'member',
        joined_at: instant(this.randomDay(2020, 2025)),
        left_at: null,
        skills: '[]', // 一技之长: the orders history gives each member theirs
      });
    return squad;
  }

  cobuild(communityId: string, name: string, kind: string, contactName: string, notes: string) {
    return this.add('cobuild_units', {
      community_id: communityId,
      id: this.id,
      name,
      kind,
      contact_name: contactName,
      contact_phone: null,
      notes,
      ...this.life(),
    });
  }

  // ---------------------------------------------------------------- logins

  private loginSeq = 0;

  /** When the logins joined: long enough ago for the orders and assemblies they take part in. */
  get loginsSince() {
    return this.env.now - loginsJoinedDaysAgo * dayMs;
  }

  /** An account on a fake 1380000xxxx number; linked to its person, whose phone becomes the same. */
  account(name: string, person?: PeopleTable, platformAdmin = false) {
    const phone = `1380000${String(this.loginSeq++).padStart(4, '0')}`;
    const { vault } = this.env;
    const account = this.accountRow(name, vault.seal(phone), vault.lookupHash(phone), this.loginsSince);
    account.is_platform_admin = platformAdmin ? 1 : 0;
    if (person) {
      person.account_id = account.id;
      person.phone_sealed = account.phone_sealed;
      person.phone_hash = account.phone_hash;
    }
    return { account, phone };
  }

  private accountRow(name: string, phoneSealed: string, phoneHash: string, at: number) {
    return this.add('accounts', {
      id: this.id,
      phone_sealed: phoneSealed,
      phone_hash: phoneHash,
      display_name: name,
      password_hash: this.env.passwordHash,
      locale: null,
      large_text: 0,
      is_platform_admin: 0,
      created_at: at,
      password_changed_at: at,
      password_expires_at: null,
      disabled_at: null,
    });
  }

  /**
   * A resident who registered in the app on their own number (1990000xxxx) at `at` and was confirmed
   * in their household by staff a day later, as joining works (src/modules/access): the account
   * linked to the person, the binding, and the owner or resident role on the compound.
   */
  registerResident(home: Home, member: Member, confirmedBy: string, at: number) {
    const { person } = member;
    if (!person.phone_sealed || !person.phone_hash)
      throw new Error(`${person.name} has no phone to register`);
    const account = this.accountRow(person.name, person.phone_sealed, person.phone_hash, at);
    person.account_id = account.id;
    const confirmed = at + dayMs;
    this.bind(home, member, account.id, confirmedBy, { requested: at, decided: confirmed });
    const role = member.residency.kind === 'owner' ? 'owner' : 'resident';
    this.grant(home.row.community_id, account.id, role, 'compound', home.row.compound_id, confirmed);
    return account;
  }

  grant(
    communityId: string,
    accountId: string,
    role: Role,
    scopeKind: ScopeKind,
    scopeId: string,
    at = this.loginsSince,
  ) {
    this.add('grants', {
      community_id: communityId,
      id: this.id,
      account_id: accountId,
      role,
      scope_kind: scopeKind,
      scope_id: scopeId,
      granted_by: null,
      granted_at: at,
      revoked_by: null,
      revoked_at: null,
    });
  }

  streetGrant(streetId: string, accountId: string, role: Role) {
    this.add('street_grants', {
      id: this.id,
      street_id: streetId,
      account_id: accountId,
      role,
      granted_by: null,
      granted_at: this.loginsSince,
      revoked_by: null,
      revoked_at: null,
    });
  }

  /** A confirmed link from an account to the household its person lives in, so "my household" works. */
  bind(
    home: Home,
    member: Member,
    accountId: string,
    decidedBy: string,
    at = { requested: this.loginsSince, decided: this.loginsSince },
  ) {
    this.add('household_bindings', {
      community_id: home.row.community_id,
      id: this.id,
      household_id: home.row.id,
      account_id: accountId,
      invitation_id: null,
      claimed_name: member.person.name,
      kind: member.residency.kind,
      relation: member.residency.relation,
      status: 'confirmed',
      person_id: member.person.id,
      requested_at: at.requested,
      decided_by: decidedBy,
      decided_at: at.decided,
      reason: null,
    });
  }
}

/** 欧阳修 → 欧阳, 刘备 → 刘: children in the demo take their father's surname. */
function familyName(name: string): string {
  return name.startsWith('欧阳') ? '欧阳' : Array.from(name)[0]!;
}

export const isParty = (p: PeopleTable) => p.political_status === 'party_member';
export const born = (p: PeopleTable, from: number, to: number) =>
  (p.birth_year ?? 0) >= from && (p.birth_year ?? 0) <= to;
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export type Cast = { member: Member; home: Home };
