import type {
  OrderCategoriesTable,
  OrderEventsTable,
  OrdersTable,
  PeopleTable,
  SquadMembersTable,
} from '../../core/db/schema';
import { defaultCategories } from '../orders/categories';
import { rankSquads, skillFits, type SquadCandidate } from '../orders/proposal';
import {
  applyOrderEvent,
  clockLengths,
  defaultAutoCloseDays,
  defaultOpenCap,
  orderClocks,
  unresolvedStates,
  waitingStates,
  type ActorRole,
  type CategoryClocks,
  type ClockKind,
  type EscalationTarget,
  type OrderEvent,
  type OrderSnapshot,
  type RecordedEvent,
  type Urgency,
} from '../orders/rules';
import { derivedColumns, eventData, reasonOf } from '../orders/store';
import * as words from './order-words';
import type { CategoryCode } from './order-words';
import { Rng } from './random';
import { dayMs, type Cast, type DemoTown, type Home, type Place } from './town';

/**
 * Three months of service orders (求助订单) for the demo street, drawn by a seeded PRNG: what
 * residents ask for (水电, 疏通 most; 理发 and 代办 for the elders; a dispute now and then), when
 * (evenings and weekends), who takes them (the squads' members who use the app) and how it ends.
 * Every step goes through the orders module's own machine (applyOrderEvent) and the clocks job's
 * overdue marks and auto-closing are replayed as the job would have made them, so each order's
 * timeline is a legal path and its row is what the module would have stored. Pure: rows in memory.
 */

const minute = 60_000;
const hour = 60 * minute;
/** Asia/Shanghai is UTC+8 all year. */
const shanghai = 8 * hour;
const sinceMidnight = (t: number) => (((t + shanghai) % dayMs) + dayMs) % dayMs;
const hourOf = (t: number) => sinceMidnight(t) / hour;
const weekend = (t: number) => [0, 6].includes(new Date(t + shanghai).getUTCDay());

/** Orders through the day, by hour (Shanghai): a morning peak, and the evening when people are home. */
const hourWeights = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 2.5, 4, 4.5, 4, 3.5, 2.5, 2.5, 3, 3, 3.5, 4.5, 6, 7, 6.5, 4, 1.5, 0.6,
];

/** How often each category is asked for; the ageing works compound asks more for haircuts and paperwork. */
const categoryWeights: Record<CategoryCode, number> = {
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
const elderCategories: readonly CategoryCode[] = ['home_haircut', 'paperwork'];
/** Share of reports about a shared place (楼道, 垃圾站) rather than a home. */
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

/** From taking an order to resolving it (median hours, spread), and the minutes the work itself takes. */
const work: Record<CategoryCode, { hours: number; spread: number; minutes: [number, number] }> = {
  utilities_repair: { hours: 3, spread: 1.1, minutes: [30, 150] },
  drain_clearing: { hours: 4, spread: 1.1, minutes: [40, 180] },
  appliance_repair: { hours: 18, spread: 0.7, minutes: [45, 180] },
  home_haircut: { hours: 28, spread: 0.6, minutes: [20, 45] },
  policy_advice: { hours: 3, spread: 0.9, minutes: [15, 60] },
  paperwork: { hours: 55, spread: 0.5, minutes: [90, 300] },
  book_lending: { hours: 22, spread: 0.6, minutes: [15, 40] },
  job_information: { hours: 18, spread: 0.7, minutes: [20, 60] },
  sanitation: { hours: 5, spread: 0.9, minutes: [30, 120] },
  safety_hazard: { hours: 1.2, spread: 0.7, minutes: [20, 90] },
  neighbour_dispute: { hours: 14, spread: 0.7, minutes: [60, 240] },
  other: { hours: 18, spread: 0.8, minutes: [20, 90] },
};

/** The skills (一技之长) members of each kind of squad list, worded so dispatch matches them to categories. */
const skillsByType: Record<string, readonly string[]> = {
  repair: ['水电', '管道疏通', '家电维修', '电工'],
  general: ['证件代办', '政策咨询', '就业信息', '水电'],
  care: ['理发', '证件代办', '陪诊'],
  mediation: ['调解邻里纠纷', '政策咨询'],
  environment: ['环境卫生', '垃圾分类'],
  safety_patrol: ['安全隐患排查', '消防'],
  publicity_arts: ['图书借阅', '书法'],
};

/** A squad member who uses the app, and so can take orders. */
interface Volunteer {
  personId: string;
  accountId: string;
  squadId: string;
  skills: string[];
  /** How often dispatch picks them, relative to the others (the demo's logins are busier). */
  weight: number;
}

/** Who takes a step, as the machine and the event row record it. */
interface Who {
  role: ActorRole;
  accountId: string | null;
  personId?: string;
  squadIds?: string[];
}
const system: Who = { role: 'system', accountId: null };

/** Who answers the phone and dispatches in a community: staff, and grid workers and squad leaders in their patch. */
export interface OrderDesk {
  staff: string;
  grids: ReadonlyMap<string, string>;
  squads: ReadonlyMap<string, string>;
}

export interface OrderCast {
  places: readonly Place[];
  /** By community id. */
  desks: ReadonlyMap<string, OrderDesk>;
  /** The 志愿者 login: tasks in hand and orders on their squad's board. */
  volunteer: { person: PeopleTable; squadId: string };
  /** The 党员 login, who cuts elders' hair for the care team. */
  partyMember: { person: PeopleTable; squadId: string };
  /** The 居民 login: an order resolved and waiting for their rating. */
  tenant: Cast;
  /** The 业主 login: an order of theirs from last month. */
  owner: Cast;
  /** Everyone behind a login, whose homes the scripted stories leave alone. */
  logins: ReadonlySet<PeopleTable>;
}

interface Draft {
  row: OrdersTable;
  code: CategoryCode;
  clocks: CategoryClocks;
  place: Place;
  /** The account that ordered in the app; null when staff took it by phone or at the desk. */
  requester: string | null;
  elder: boolean;
}

/**
 * One order's timeline as it grows: each step through the machine, the clocks job's marks slipped
 * in where it would have made them (it runs every minute), and nothing at or after `now`.
 */
class Timeline {
  readonly rows: OrderEventsTable[] = [];
  private readonly recorded: RecordedEvent[] = [];
  private snapshot: OrderSnapshot | null = null;
  private last = 0;
  /** The story reached the present: its later steps have not happened yet. */
  ended = false;

  constructor(
    private readonly draft: Draft,
    private readonly now: number,
    private readonly rng: Rng,
    private readonly id: () => string,
  ) {}

  get state() {
    return this.snapshot?.state ?? null;
  }
  get squadId() {
    return this.snapshot?.squadId ?? null;
  }
  get at() {
    return this.last;
  }
  get escalatedTo() {
    return this.snapshot?.escalatedTo ?? null;
  }
  get wasOverdue() {
    return this.rows.some((e) => e.type === 'overdue');
  }

  /** Takes the step at `at` (a minute after the last one at the earliest); false once past the present. */
  step(at: number, event: OrderEvent, who: Who): boolean {
    const when = Math.max(Math.round(at), this.last + minute);
    if (this.ended || when >= this.now) {
      this.ended = true;
      return false;
    }
    this.markOverdue(when);
    this.record(when, event, who);
    return true;
  }

  /** The marks due up to the present; the order row as the last step left it. */
  close(): OrdersTable {
    this.markOverdue(this.now);
    const { row, clocks } = this.draft;
    return {
      ...row,
      ...derivedColumns(this.recorded, this.snapshot!, clocks, this.last),
      version: this.rows.length,
      updated_at: this.last,
    };
  }

  private record(at: number, event: OrderEvent, who: Who) {
    const step = applyOrderEvent(this.snapshot, event, {
      role: who.role,
      personId: who.personId ?? null,
      squadIds: who.squadIds ?? [],
    });
    if (!step.ok) throw new Error(`demo order: ${event.type} from ${this.state ?? 'nothing'}: ${step.error}`);
    const seq = this.rows.length + 1;
    this.rows.push({
      community_id: this.draft.row.community_id,
      id: this.id(),
      order_id: this.draft.row.id,
      seq,
      type: event.type,
      from_state: this.state,
      to_state: step.next.state,
      actor_account_id: who.accountId,
      actor_role: who.role,
      actor_person_id: who.personId ?? null,
      reason: reasonOf(event),
      data_json: eventData(event),
      at,
    });
    this.recorded.push({ seq, at, event });
    this.snapshot = step.next;
    this.last = at;
  }

  /**
   * The overdue marks the clocks job makes before `until`: each level once, within a minute of it
   * falling due (and before `until` when it falls due just before: the job ran in between).
   */
  private markOverdue(until: number) {
    const { clocks } = this.draft;
    const { acceptMs, resolveMs } = clockLengths(clocks, this.draft.row.urgency as Urgency);
    for (;;) {
      const state = this.state;
      if (!state) return;
      const c = orderClocks(this.recorded, clocks, this.last);
      const due: { clock: ClockKind; level: 1 | 2 | 3; falls: number; at: number }[] = [];
      const next = (clock: ClockKind, running: boolean, dueAt: number, length: number, marked: number) => {
        if (!running || marked >= 3) return;
        const level = (marked + 1) as 1 | 2 | 3;
        const falls = dueAt + Math.max(1, (level - 1) * Math.max(length, minute));
        due.push({ clock, level, falls, at: Math.max(falls, this.last) + this.rng.int(5, 60) * 1000 });
      };
      next('accept', waitingStates.includes(state), c.acceptDueAt, acceptMs, c.markedAcceptLevel);
      next('resolve', unresolvedStates.includes(state), c.resolveDueAt, resolveMs, c.markedResolveLevel);
      const first = due.sort((a, b) => a.at - b.at)[0];
      if (!first || first.falls >= until) return;
      const at = Math.max(Math.min(first.at, until - 1), this.last + 1);
      this.record(at, { type: 'overdue', clock: first.clock, level: first.level }, system);
    }
  }
}

export class OrderHistory {
  private readonly rng = new Rng(20_261_126);
  private readonly categories = new Map<string, Map<CategoryCode, OrderCategoriesTable>>();
  private readonly volunteers = new Map<string, Volunteer[]>();
  private readonly squadsOf = new Map<string, string[]>();
  private readonly squads = new Map<string, SquadCandidate[]>();
  /** The squad each place and category goes to, worked out once. */
  private readonly routes = new Map<string, string | null>();
  private readonly gridOf = new Map<string, string>();
  /** When each member held orders open (assigned, accepted, in progress), for the cap. */
  private readonly holds = new Map<string, [number, number][]>();

  constructor(
    private readonly town: DemoTown,
    private readonly cast: OrderCast,
    private readonly now: number,
  ) {
    const rows = town.rows;
    for (const community of rows.communities ?? [])
      this.categories.set(
        community.id,
        new Map(
          defaultCategories.map((c, position) => [
            c.code as CategoryCode,
            town.add('order_categories', {
              community_id: community.id,
              id: town.id,
              code: c.code,
              name_zh: c.nameZh,
              name_en: c.nameEn,
              squad_type: c.squadType,
              accept_minutes: c.acceptMinutes,
              resolve_minutes: c.resolveMinutes,
              position,
              created_at: town.loginsSince,
              updated_at: town.loginsSince,
              archived_at: null,
            }),
          ]),
        ),
      );
    for (const g of rows.grid_buildings ?? []) this.gridOf.set(g.building_id, g.grid_id);
    for (const s of rows.squads ?? []) {
      const list = this.squads.get(s.community_id) ?? [];
      list.push({
        id: s.id,
        name: s.name,
        type: s.type,
        compoundId: s.compound_id,
        gridId: s.grid_id,
      });
      this.squads.set(s.community_id, list);
    }
    this.enlist(cast.partyMember.person, cast.partyMember.squadId);
    const people = new Map((rows.people ?? []).map((p) => [p.id, p]));
    const typeOf = new Map((rows.squads ?? []).map((s) => [s.id, s.type]));
    for (const m of rows.squad_members ?? []) {
      const person = people.get(m.person_id)!;
      const skills = this.skillsFor(m, person, typeOf.get(m.squad_id) ?? 'general');
      m.skills = JSON.stringify(skills);
      this.squadsOf.set(person.id, [...(this.squadsOf.get(person.id) ?? []), m.squad_id]);
      if (!person.account_id) continue;
      const list = this.volunteers.get(m.squad_id) ?? [];
      const login = person === cast.volunteer.person || person === cast.partyMember.person;
      list.push({
        personId: person.id,
        accountId: person.account_id,
        squadId: m.squad_id,
        skills,
        weight: login ? 3 : 1,
      });
      this.volunteers.set(m.squad_id, list);
    }
  }

  /** Writes the history: the logins' stories first, so the busy members' caps count them, then the rest by date. */
  build(counts: ReadonlyMap<Place, number>) {
    this.logins();
    this.stalled();
    const drafts = [...counts].flatMap(([place, n]) =>
      Array.from({ length: n }, () => this.randomDraft(place, this.randomTime())),
    );
    for (const draft of drafts.sort((a, b) => a.row.created_at - b.row.created_at))
      this.tell(draft, (t) => this.play(draft, t));
  }

  /** An order: made, taken through its steps, and written with its timeline. */
  private tell(d: Draft, play: (t: Timeline) => void) {
    const t = this.begin(d);
    play(t);
    this.finish(t);
  }

  // ------------------------------------------------------------ people and places

  /** The 党员 login serves in the care team, if not already. */
  private enlist(person: PeopleTable, squadId: string) {
    const rows = this.town.rows.squad_members ?? [];
    if (rows.some((m) => m.person_id === person.id && m.squad_id === squadId)) return;
    const squad = this.town.rows.squads!.find((s) => s.id === squadId)!;
    this.town.add('squad_members', {
      community_id: squad.community_id,
      id: this.town.id,
      squad_id: squad.id,
      person_id: person.id,
      role: 'member',
      joined_at: this.town.loginsSince,
      left_at: null,
      skills: '[]',
    });
  }

  private skillsFor(m: SquadMembersTable, person: PeopleTable, type: string): string[] {
    if (person === this.cast.volunteer.person) return ['水电', '管道疏通'];
    if (person === this.cast.partyMember.person) return ['理发', '证件代办'];
    // Leaders list a skill more often; a third of members list none.
    const count = Number(this.rng.weighted(m.role === 'leader' ? { 1: 1, 2: 1 } : { 0: 3, 1: 5, 2: 2 }));
    return this.rng.sample(skillsByType[type] ?? [], count);
  }

  /**
   * Who at the desk takes a step on the order: community staff mostly; a grid worker for orders in
   * their grid going to a squad of that grid; a squad leader for their own squad's (their grants' reach).
   */
  private desk(d: Draft, squadId: string | null): Who {
    const desk = this.cast.desks.get(d.row.community_id)!;
    const squad = squadId ? this.squads.get(d.row.community_id)?.find((s) => s.id === squadId) : undefined;
    const grid =
      d.row.grid_id && (!squad || squad.gridId === d.row.grid_id) ? desk.grids.get(d.row.grid_id) : undefined;
    const leader = squadId ? desk.squads.get(squadId) : undefined;
    const who = this.rng.weighted({ staff: 2, grid: grid ? 1 : 0, squad: leader ? 1 : 0 });
    return { role: 'staff', accountId: who === 'grid' ? grid! : who === 'squad' ? leader! : desk.staff };
  }

  private resident(d: Draft): Who {
    return { role: 'resident', accountId: d.requester };
  }

  private member(v: Volunteer): Who {
    return {
      role: 'member',
      accountId: v.accountId,
      personId: v.personId,
      squadIds: this.squadsOf.get(v.personId),
    };
  }

  /** The squad an order goes to: the product's proposal for its place and category, else any of its compound. */
  private squadFor(place: Place, gridId: string | null, code: CategoryCode): string | null {
    const key = `${place.compound.id}/${gridId}/${code}`;
    if (!this.routes.has(key)) {
      const squads = this.squads.get(place.community.id) ?? [];
      const type = defaultCategories.find((c) => c.code === code)!.squadType;
      this.routes.set(
        key,
        rankSquads(squads, { compoundId: place.compound.id, gridId }, type)[0]?.id ?? null,
      );
    }
    return this.routes.get(key)!;
  }

  private fallbackSquad(d: Draft): string {
    const squads = this.squads.get(d.row.community_id) ?? [];
    return (squads.find((s) => s.compoundId === d.row.compound_id) ?? squads[0]!).id;
  }

  /** How many orders the member holds open at most over [from, to). */
  private load(personId: string, from: number, to: number): number {
    const holds = this.holds.get(personId) ?? [];
    const points = [from, ...holds.map(([a]) => a).filter((a) => a > from && a < to)];
    return Math.max(0, ...points.map((p) => holds.filter(([a, b]) => a <= p && p < b).length));
  }

  private hold(v: Volunteer, from: number, to: number) {
    this.holds.set(v.personId, [...(this.holds.get(v.personId) ?? []), [from, to]]);
  }

  /** A member to take the order over [from, to): one under the cap all along, by skill and by how busy dispatch keeps them. */
  private pickMember(squadId: string, from: number, to: number, d: Draft, not?: Volunteer): Volunteer {
    const category = this.categories.get(d.row.community_id)!.get(d.code)!;
    const names = { code: category.code, nameZh: category.name_zh, nameEn: category.name_en };
    const members = (this.volunteers.get(squadId) ?? []).filter((v) => v !== not);
    if (!members.length) throw new Error(`demo squad ${squadId} has no member with an account`);
    const free = members.filter((v) => this.load(v.personId, from, to) < defaultOpenCap);
    const pool = free.length ? free : members;
    return this.rng.pickBy(pool, (v) => v.weight * (v.skills.some((s) => skillFits(s, names)) ? 3 : 1));
  }

  /** When a new order comes in: some day of the last three months (weekends busier), at a likely hour. */
  private randomTime(): number {
    for (;;) {
      const daysAgo = this.rng.int(0, 90);
      const midnight = this.now - sinceMidnight(this.now) - daysAgo * dayMs;
      if (!weekend(midnight + 12 * hour) && this.rng.chance(0.3)) continue; // weekends weigh about 1.4 times a weekday
      const h = Number(this.rng.weighted(Object.fromEntries(hourWeights.map((w, i) => [String(i), w]))));
      const at = midnight + h * hour + this.rng.int(0, 59) * minute + this.rng.int(0, 59) * 1000;
      if (at < this.now - 10 * minute) return at;
    }
  }

  // ------------------------------------------------------------ making an order

  private draft(
    place: Place,
    home: Home,
    code: CategoryCode,
    createdAt: number,
    how: {
      public?: boolean;
      placeText?: string;
      app?: PeopleTable | null;
      urgency?: Urgency;
      description?: string;
      desk?: string;
    },
  ): Draft {
    const { rng } = this;
    const category = this.categories.get(place.community.id)!.get(code)!;
    const building = place.buildings.find((b) => b.id === home.room.building_id)!;
    const entrance = this.town.rows.entrances!.find((e) => e.id === home.room.entrance_id)!;
    const shared = how.public ?? false;
    const placeText = shared
      ? (how.placeText ?? rng.pick(words.publicPlaces(building.name, entrance.name)))
      : null;
    const buildingId = !shared || placeText?.startsWith(building.name) ? building.id : null;
    // As the orders module places it: the building's grid, else the compound's when it has just one.
    const grids = this.gridsOf(place);
    const gridId = (buildingId && this.gridOf.get(buildingId)) || (grids.length === 1 ? grids[0]! : null);
    const app = how.app ?? null;
    const caller =
      app ??
      home.members.find((m) => m.person.phone_sealed && m.residency.relation === '本人')?.person ??
      home.members[0]!.person;
    const channel = app ? 'app' : rng.chance(0.75) ? 'phone' : 'walk_in';
    const elder = home.members.some((m) => (m.person.birth_year ?? 2000) <= 1956);
    const row: OrdersTable = {
      community_id: place.community.id,
      id: this.town.id,
      category_id: category.id,
      description: how.description ?? rng.pick(words.requests[code]),
      urgency: how.urgency ?? (rng.chance(urgentShare[code] ?? 0.02) ? 'urgent' : 'normal'),
      home_hours: shared ? null : rng.chance(0.6) ? rng.pick(words.homeHours) : null,
      place_kind: shared ? 'public' : 'home',
      place_text: placeText,
      compound_id: place.compound.id,
      building_id: buildingId,
      room_id: shared ? null : home.room.id,
      household_id: home.row.id,
      grid_id: gridId,
      squad_id: null,
      requester_account_id: app?.account_id ?? caller.account_id,
      requester_person_id: caller.id,
      contact_name: caller.name,
      contact_phone_sealed: caller.phone_sealed,
      channel,
      created_by: app?.account_id ?? how.desk ?? this.cast.desks.get(place.community.id)!.staff,
      idempotency_key: null,
      // The columns the timeline decides are filled by Timeline.close.
      state: 'submitted',
      assignee_person_id: null,
      escalated_to: null,
      escalation_level: 0,
      accept_due_at: 0,
      resolve_due_at: 0,
      accept_overdue: 0,
      resolve_overdue: 0,
      accepted_at: null,
      resolved_at: null,
      closed_at: null,
      minutes_spent: 0,
      rating: null,
      rating_comment: null,
      deliberation_topic_id: null,
      version: 0,
      created_at: createdAt,
      updated_at: createdAt,
    };
    return {
      row,
      code,
      clocks: { acceptMinutes: category.accept_minutes, resolveMinutes: category.resolve_minutes },
      place,
      requester: app?.account_id ?? null,
      elder,
    };
  }

  private gridsOf(place: Place): string[] {
    return [...new Set(place.buildings.map((b) => this.gridOf.get(b.id)).filter((g) => g !== undefined))];
  }

  private randomDraft(place: Place, createdAt: number): Draft {
    const { rng } = this;
    const ageing = place.compound.name === '枫华家园' ? 1.5 : 1;
    const code = rng.weighted(
      Object.fromEntries(
        Object.entries(categoryWeights).map(([c, w]) => [
          c,
          elderCategories.includes(c as CategoryCode) ? w * ageing : w,
        ]),
      ) as Record<CategoryCode, number>,
    );
    const forElders = elderCategories.includes(code);
    const homes = forElders
      ? place.homes.filter((h) => h.members.some((m) => (m.person.birth_year ?? 2000) <= 1956))
      : place.homes;
    const home = rng.pick(homes.length ? homes : place.homes);
    const registered = home.members.filter((m) => m.person.account_id).map((m) => m.person);
    const app = registered.length && rng.chance(forElders ? 0.35 : 0.75) ? rng.pick(registered) : null;
    const row = this.draft(place, home, code, createdAt, { public: rng.chance(publicShare[code] ?? 0), app });
    if (!app) row.row.created_by = this.desk(row, null).accountId!;
    return row;
  }

  private begin(d: Draft): Timeline {
    const t = new Timeline(d, this.now, this.rng, () => this.town.id);
    const squadId = this.squadFor(d.place, d.row.grid_id, d.code);
    const who: Who = d.requester ? this.resident(d) : { role: 'staff', accountId: d.row.created_by };
    t.step(d.row.created_at, { type: 'create', squadId, urgency: d.row.urgency as Urgency }, who);
    return t;
  }

  private finish(t: Timeline) {
    this.town.add('orders', t.close());
    for (const e of t.rows) this.town.add('order_events', e);
  }

  /** People answer and go round between 7:00 and 22:30; what comes later waits for the morning. */
  private awake(t: number): number {
    const h = hourOf(t);
    if (h >= 7 && h < 22.5) return t;
    const midnight = t - sinceMidnight(t) + (h >= 22.5 ? dayMs : 0);
    return midnight + 7 * hour + this.rng.int(10, 90) * minute;
  }

  // ------------------------------------------------------------ how an order goes

  /** A random order's life: dispatch, the work, the resident's verdict; a reopening sends it round again. */
  private play(d: Draft, t: Timeline) {
    const { rng } = this;
    if (rng.chance(0.03)) {
      const byResident = !!d.requester && rng.chance(0.7);
      const reason = rng.pick(byResident ? words.cancelByResident : words.cancelByStaff);
      t.step(
        d.row.created_at + rng.int(8, 90) * minute,
        { type: 'cancel', reason },
        byResident ? this.resident(d) : this.desk(d, t.squadId),
      );
      return;
    }
    let start = d.row.created_at;
    let round = 1;
    let before: Volunteer | undefined;
    for (;;) {
      const done = this.round(d, t, start, before);
      if (!done) return;
      if (done.back) {
        start = done.at;
        continue;
      }
      if (round === 1 && d.requester && rng.chance(0.04)) {
        const reopened = done.at + rng.logNormal(8 * hour, 0.8);
        if (!t.step(reopened, { type: 'reopen', reason: rng.pick(words.reopenReasons) }, this.resident(d)))
          return;
        [start, round, before] = [reopened, 2, done.member];
        continue;
      }
      this.verdict(d, t, done.at);
      return;
    }
  }

  /**
   * One round: dispatch (to the board, or to a member who may decline), the work with its notes, a
   * hand-over or an escalation now and then, and the resolution. Returns when it was resolved and by
   * whom, or where it went back to dispatch; undefined once the story reaches the present.
   */
  private round(d: Draft, t: Timeline, start: number, before?: Volunteer) {
    const { rng } = this;
    const job = work[d.code];
    const squadId = t.squadId ?? this.fallbackSquad(d);
    const desk = this.desk(d, squadId);
    const board = !before && rng.chance(0.6);
    // Quicker where the acceptance clock is short (a hazard, a leak); an urgent order quicker still.
    const pace = Math.min(1, d.clocks.acceptMinutes / 40) * (d.row.urgency === 'urgent' ? 0.5 : 1);
    const dispatchAt = this.awake(start + rng.logNormal(4 * minute * pace, 0.8));
    const declined = !board && rng.chance(0.05);
    const assignAt = declined ? this.awake(dispatchAt + rng.logNormal(20 * minute * pace, 0.5)) : dispatchAt;
    const takeAt = this.awake(assignAt + rng.logNormal((board ? 6 : 8) * minute * pace, 0.8));
    const escalateTo = this.escalation(d);
    const resolveAt = this.awake(
      takeAt + rng.logNormal(job.hours * hour * (escalateTo ? 1.6 : 1), job.spread),
    );
    const handOver = rng.chance(0.025) ? (rng.chance(0.5) ? 'member' : 'back') : null;
    const handAt = takeAt + (resolveAt - takeAt) * (0.2 + 0.3 * rng.uniform());

    const first =
      before ?? this.pickMember(squadId, board ? takeAt : assignAt, handOver ? handAt : resolveAt, d);
    if (board) {
      if (!t.step(dispatchAt, { type: 'publish', squadId }, desk)) return;
      this.hold(first, takeAt, handOver ? handAt : resolveAt);
      if (!t.step(takeAt, { type: 'grab', personId: first.personId }, this.member(first))) return;
    } else {
      if (declined) {
        const other = this.pickMember(squadId, dispatchAt, assignAt, d, first);
        this.hold(other, dispatchAt, assignAt);
        if (!t.step(dispatchAt, { type: 'assign', squadId, personId: other.personId }, desk)) return;
        if (
          !t.step(
            assignAt - 5 * minute,
            { type: 'decline', reason: rng.pick(words.declineReasons) },
            this.member(other),
          )
        )
          return;
      }
      this.hold(first, assignAt, handOver ? handAt : resolveAt);
      if (!t.step(assignAt, { type: 'assign', squadId, personId: first.personId }, desk)) return;
      if (!t.step(takeAt, { type: 'accept' }, this.member(first))) return;
    }

    let member = first;
    const note = (share: number) => takeAt + (resolveAt - takeAt) * share;
    if (rng.chance(d.code === 'paperwork' || d.code === 'appliance_repair' ? 0.7 : 0.3)) {
      const progress = {
        type: 'progress' as const,
        note: rng.pick(words.progressNotes[d.code]),
        fileIds: [],
      };
      if (!t.step(note(0.15), progress, this.member(member))) return;
    }
    if (escalateTo && escalateTo !== t.escalatedTo) {
      const reason = rng.pick(words.escalations[escalateTo]);
      if (!t.step(note(0.25), { type: 'escalate', to: escalateTo, reason }, this.member(member))) return;
    }
    if (handOver === 'back') {
      const reason = rng.pick(words.transferBackReasons);
      if (!t.step(handAt, { type: 'transfer', reason, toPersonId: null }, this.member(member))) return;
      return { at: t.at, member, back: true };
    }
    if (handOver === 'member') {
      const next = this.pickMember(squadId, handAt, resolveAt, d, member);
      this.hold(next, handAt, resolveAt);
      const reason = rng.pick(words.transferReasons);
      if (!t.step(handAt, { type: 'transfer', reason, toPersonId: next.personId }, this.member(member)))
        return;
      if (!t.step(handAt + rng.int(5, 40) * minute, { type: 'accept' }, this.member(next))) return;
      member = next;
    }
    const resolve = {
      type: 'resolve' as const,
      note: rng.pick(words.resolveNotes[d.code]),
      minutesSpent: rng.int(...job.minutes),
      fileIds: [],
    };
    if (!t.step(resolveAt, resolve, this.member(member))) return;
    return { at: t.at, member, back: false };
  }

  /** Escalated now and then: to the property company where there is one (大事 go to the community). */
  private escalation(d: Draft): EscalationTarget | null {
    const hasProperty = d.place.compound.property_company_id !== null;
    if (d.code === 'neighbour_dispute') return this.rng.chance(0.3) ? 'community' : null;
    const shared = d.row.place_kind === 'public' && d.code === 'drain_clearing';
    if (!this.rng.chance(shared ? 0.4 : 0.02)) return null;
    return hasProperty && this.rng.chance(0.8) ? 'property' : 'community';
  }

  /** After the resolution: the resident confirms and rates it (or staff do, for a caller without the app), else it closes itself. */
  private verdict(d: Draft, t: Timeline, resolvedAt: number) {
    const { rng } = this;
    const inApp = !!d.requester;
    const limit = resolvedAt + defaultAutoCloseDays * dayMs;
    if (rng.chance(inApp ? 0.88 : 0.75)) {
      const at = this.awake(
        resolvedAt + (inApp ? rng.logNormal(4 * hour, 1.1) : rng.logNormal(26 * hour, 0.5)),
      );
      if (at < limit - hour) {
        const rating = Number(
          rng.weighted(
            t.wasOverdue ? { 5: 35, 4: 30, 3: 18, 2: 11, 1: 6 } : { 5: 63, 4: 24, 3: 8, 2: 3, 1: 2 },
          ),
        );
        const comment =
          rating >= 4
            ? rng.chance(0.3)
              ? rng.pick(words.praise)
              : null
            : rng.pick(words.complaints[rating as 1 | 2 | 3]);
        const who = inApp ? this.resident(d) : this.desk(d, t.squadId);
        if (!t.step(at, { type: 'confirm', rating, comment }, who)) return;
        this.visit(d, t, rating <= 3 ? 0.6 : d.elder ? 0.3 : 0.12, rating >= 4);
        return;
      }
    }
    // The clocks job closes it within the minute, or just before the load if it fell due just before.
    const closeAt = Math.min(limit + rng.int(5, 60) * 1000, Math.max(limit, this.now - 1));
    if (!t.step(closeAt, { type: 'auto_close', days: defaultAutoCloseDays }, system)) return;
    this.visit(d, t, 0.3, rng.chance(0.75) ? true : null);
  }

  /** 回访: staff call or drop by a day or three later. */
  private visit(d: Draft, t: Timeline, chance: number, satisfied: boolean | null) {
    if (!this.rng.chance(chance)) return;
    const note = this.rng.pick(
      satisfied === false ? words.returnVisits.unsatisfied : words.returnVisits.satisfied,
    );
    const at = this.awake(t.at + this.rng.logNormal(36 * hour, 0.4));
    t.step(
      at,
      { type: 'return_visit', note, satisfied },
      { role: 'staff', accountId: this.cast.desks.get(d.row.community_id)!.staff },
    );
  }

  // ------------------------------------------------------------ the stories the logins see

  private volunteer(person: PeopleTable, squadId: string): Volunteer {
    return this.volunteers.get(squadId)!.find((v) => v.personId === person.id)!;
  }

  /** A home in the given buildings where no login lives. */
  private homeIn(place: Place, buildings: readonly number[], fits: (h: Home) => boolean = () => true): Home {
    return this.rng.pick(
      place.homes.filter(
        (h) =>
          buildings.includes(h.building) &&
          fits(h) &&
          h.members.every((m) => !this.cast.logins.has(m.person)),
      ),
    );
  }

  /** Someone in the home who uses the app. */
  private appUser(home: Home): PeopleTable {
    return home.members.find((m) => m.person.account_id)!.person;
  }

  private readonly inApp = (h: Home) => h.members.some((m) => m.person.account_id);

  /**
   * What the logins open to: on the 志愿者's squad board two orders to take, in their hands one just
   * assigned and one in progress; for the 居民 an order resolved yesterday waiting for their stars and
   * one closed last month; for the 业主 an order from last month; for the 党员 a haircut done.
   */
  private logins() {
    const { rng, now } = this;
    const c1 = this.cast.places[0]!;
    const { volunteer, partyMember, tenant, owner } = this.cast;
    const me = this.volunteer(volunteer.person, volunteer.squadId);
    const desk = this.cast.desks.get(c1.community.id)!;
    const staff: Who = { role: 'staff', accountId: desk.staff };
    const leader: Who = { role: 'staff', accountId: desk.squads.get(volunteer.squadId) ?? desk.staff };
    const grid1 = [0, 1, 2, 3];

    // On the board: a washing machine reported forty minutes ago, and an elder's ID card since this morning.
    this.tell(
      this.draft(c1, this.homeIn(c1, grid1), 'appliance_repair', now - 40 * minute, { desk: desk.staff }),
      (t) => t.step(now - 30 * minute, { type: 'publish', squadId: volunteer.squadId }, leader),
    );
    const elderHome = this.homeIn(c1, grid1, (h) => h.composition === 'elder_alone');
    this.tell(this.draft(c1, elderHome, 'paperwork', now - 130 * minute, { desk: desk.staff }), (t) =>
      t.step(now - 2 * hour, { type: 'publish', squadId: volunteer.squadId }, staff),
    );
    // In hand: a leak assigned a quarter of an hour ago, and a blocked drain being cleared since this afternoon.
    const leak = this.draft(c1, this.homeIn(c1, grid1), 'utilities_repair', now - 25 * minute, {
      desk: desk.staff,
    });
    this.hold(me, now - 15 * minute, now + 3 * hour);
    this.tell(leak, (t) =>
      t.step(now - 15 * minute, { type: 'assign', squadId: volunteer.squadId, personId: me.personId }, staff),
    );
    const drain = this.draft(c1, this.homeIn(c1, grid1), 'drain_clearing', now - 6 * hour, {
      desk: desk.staff,
    });
    this.hold(me, now - 350 * minute, now + 5 * hour);
    this.tell(drain, (t) => {
      t.step(
        now - 350 * minute,
        { type: 'assign', squadId: volunteer.squadId, personId: me.personId },
        staff,
      );
      t.step(now - 340 * minute, { type: 'accept' }, this.member(me));
      t.step(
        now - 4 * hour,
        { type: 'progress', note: words.progressNotes.drain_clearing[0]!, fileIds: [] },
        this.member(me),
      );
    });

    // The tenant's orders: one resolved yesterday (to confirm and rate), one closed three weeks ago.
    const mine = (
      cast: Cast,
      code: CategoryCode,
      createdAt: number,
      play: (t: Timeline, d: Draft) => void,
    ) => {
      const d = this.draft(c1, cast.home, code, createdAt, { app: cast.member.person });
      this.tell(d, (t) => play(t, d));
    };
    const served = (t: Timeline, d: Draft, takeAt: number, resolveAt: number) => {
      const squadId = t.squadId ?? this.fallbackSquad(d);
      const v = this.pickMember(squadId, takeAt, resolveAt, d);
      this.hold(v, takeAt, resolveAt);
      t.step(takeAt - 10 * minute, { type: 'publish', squadId }, this.desk(d, squadId));
      t.step(takeAt, { type: 'grab', personId: v.personId }, this.member(v));
      const minutesSpent = rng.int(...work[d.code].minutes);
      t.step(
        resolveAt,
        { type: 'resolve', note: rng.pick(words.resolveNotes[d.code]), minutesSpent, fileIds: [] },
        this.member(v),
      );
    };
    mine(tenant, 'utilities_repair', now - 2 * dayMs, (t, d) =>
      served(t, d, now - 2 * dayMs + 20 * minute, now - 26 * hour),
    );
    mine(tenant, 'drain_clearing', now - 22 * dayMs, (t, d) => {
      served(t, d, t.at + 15 * minute, t.at + 3 * hour);
      t.step(
        t.at + 2 * hour,
        { type: 'confirm', rating: 5, comment: '师傅很耐心，谢谢志愿者！' },
        this.resident(d),
      );
    });
    mine(owner, 'appliance_repair', now - 33 * dayMs, (t, d) => {
      served(t, d, t.at + 40 * minute, t.at + 26 * hour);
      t.step(t.at + 5 * hour, { type: 'confirm', rating: 4, comment: null }, this.resident(d));
    });

    // The party member cut an elder's hair last week (上门理发, ordered by phone).
    const care = this.volunteer(partyMember.person, partyMember.squadId);
    const haircut = this.draft(
      c1,
      this.homeIn(c1, [4, 5, 6, 7], (h) => h.composition === 'elder_couple'),
      'home_haircut',
      now - 8 * dayMs,
      { desk: desk.staff },
    );
    this.tell(haircut, (t) => {
      const from = t.at + 40 * minute;
      this.hold(care, from, from + 26 * hour);
      t.step(from, { type: 'assign', squadId: partyMember.squadId, personId: care.personId }, staff);
      t.step(from + 30 * minute, { type: 'accept' }, this.member(care));
      t.step(
        from + 26 * hour,
        { type: 'resolve', note: words.resolveNotes.home_haircut[1]!, minutesSpent: 35, fileIds: [] },
        this.member(care),
      );
      t.step(t.at + dayMs, { type: 'confirm', rating: 5, comment: '理得很好，老人很高兴' }, staff);
    });
    // And now: one haircut on the care team's board, another in hand, booked for the weekend.
    const alone = (h: Home) => h.composition === 'elder_alone';
    const onBoard = this.draft(
      c1,
      this.homeIn(c1, [8, 9, 10, 11], alone),
      'home_haircut',
      now - 90 * minute,
      {
        desk: desk.staff,
      },
    );
    this.tell(onBoard, (t) =>
      t.step(now - 80 * minute, { type: 'publish', squadId: partyMember.squadId }, staff),
    );
    const booked = this.draft(c1, this.homeIn(c1, [12, 13, 14], alone), 'home_haircut', now - 20 * hour, {
      desk: desk.staff,
    });
    this.hold(care, now - 19 * hour, now + 2 * dayMs);
    this.tell(booked, (t) => {
      t.step(now - 19.5 * hour, { type: 'publish', squadId: partyMember.squadId }, staff);
      t.step(now - 19 * hour, { type: 'grab', personId: care.personId }, this.member(care));
      t.step(
        now - 18 * hour,
        { type: 'progress', note: words.progressNotes.home_haircut[1]!, fileIds: [] },
        this.member(care),
      );
    });
  }

  /**
   * What the dispatch board should flag: a blocked shared drain escalated to the property company and
   * running late, a leaking tank in the compound without one escalated to the community (大事), a
   * hazard reported in the app where no squad works, nobody dispatching it, and an order the resident
   * reopened this morning.
   */
  private stalled() {
    const { now } = this;
    const [c1, c3, c2] = this.cast.places as [Place, Place, Place];
    /** Assigned five minutes before `at`, accepted at `at`, held for `hours`. */
    const take = (d: Draft, t: Timeline, at: number, hours: number) => {
      const squadId = t.squadId ?? this.fallbackSquad(d);
      const v = this.pickMember(squadId, at, at + hours * hour, d);
      this.hold(v, at - 5 * minute, at + hours * hour);
      t.step(at - 5 * minute, { type: 'assign', squadId, personId: v.personId }, this.desk(d, squadId));
      t.step(at, { type: 'accept' }, this.member(v));
      return v;
    };

    const drainHome = this.homeIn(c1, [8, 9, 10, 11]);
    const drain = this.draft(c1, drainHome, 'drain_clearing', now - 3 * dayMs, {
      public: true,
      placeText: `${c1.buildings[drainHome.building]!.name}楼道`,
      description: '楼道公共下水管堵塞，一楼卫生间返水',
      desk: this.cast.desks.get(c1.community.id)!.staff,
    });
    this.tell(drain, (t) => {
      const v = take(drain, t, now - 3 * dayMs + 20 * minute, 100);
      const progress = {
        type: 'progress' as const,
        note: words.progressNotes.drain_clearing[0]!,
        fileIds: [],
      };
      t.step(now - 3 * dayMs + 2 * hour, progress, this.member(v));
      const reason = words.escalations.property[0]!;
      t.step(now - 3 * dayMs + 3 * hour, { type: 'escalate', to: 'property', reason }, this.member(v));
    });

    const tankHome = this.homeIn(c2, [4]);
    const tank = this.draft(c2, tankHome, 'utilities_repair', now - 53 * hour, {
      public: true,
      placeText: `${c2.buildings[4]!.name}楼顶`,
      description: '楼顶水箱漏水，顶楼楼道墙面渗水',
      desk: this.cast.desks.get(c2.community.id)!.staff,
    });
    this.tell(tank, (t) => {
      take(tank, t, now - 52 * hour, 80);
      const reason = words.escalations.community[2]!;
      t.step(now - 47 * hour, { type: 'escalate', to: 'community', reason }, this.desk(tank, t.squadId));
    });

    const hazardHome = this.homeIn(c3, [3, 4, 5], this.inApp);
    const hazard = this.draft(c3, hazardHome, 'safety_hazard', now - 5.5 * hour, {
      public: true,
      app: this.appUser(hazardHome),
      description: words.requests.safety_hazard[0],
    });
    this.tell(hazard, () => undefined);

    const leakHome = this.homeIn(c1, [12, 13, 14], this.inApp);
    const leak = this.draft(c1, leakHome, 'utilities_repair', now - 2 * dayMs - 3 * hour, {
      app: this.appUser(leakHome),
    });
    this.tell(leak, (t) => {
      const v = take(leak, t, t.at + 25 * minute, 4);
      const resolve = {
        type: 'resolve' as const,
        note: words.resolveNotes.utilities_repair[0]!,
        minutesSpent: 50,
        fileIds: [],
      };
      t.step(now - 2 * dayMs + hour, resolve, this.member(v));
      t.step(now - 3 * hour, { type: 'reopen', reason: words.reopenReasons[0]! }, this.resident(leak));
    });
  }
}
