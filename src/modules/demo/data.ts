import type { Role, ScopeKind } from '../../core/access/roles';
import type { CommunitiesTable, PeopleTable } from '../../core/db/schema';
import { finalStates, overdueNow, type OrderState } from '../orders/rules';
import { planAssemblies, type AssemblyPlan } from './assemblies';
import { planDeliberation, type DeliberationGuide, type DeliberationPlan } from './deliberation';
import { OrderHistory } from './orders';
import { Rng, fullName } from './random';
import {
  DemoTown,
  dayMs,
  born,
  isParty,
  range,
  type Cast,
  type Composition,
  type CompoundPlan,
  type BuildingPlan,
  type DemoEnv,
  type DemoRows,
  type Home,
  type Member,
  type Place,
} from './town';

export type { DemoEnv, DemoRows };

/**
 * The demo street (湘江街道（演示）): two communities and four compounds shaped like the ones in the
 * seed articles — an old 900-room works compound with two party branches and a 一肩挑 chair, a
 * 264-household resettlement compound with no property company, a market-street compound with
 * shops and parking spaces, and a compound whose owners' committee term is about to end. Every
 * name is invented; every phone number is in a range no one holds (1380000xxxx for the logins,
 * 1990000xxxx for residents); ID numbers carry a county code that does not exist. Three months of
 * service orders (orders.ts), two owners' assemblies in 枫华家园 (assemblies.ts) and a year of
 * topics and meetings (deliberation.ts) make it a community in use, with residents who use the app.
 *
 * Pure apart from the injected ids, clock and vault: the same seed draws the same town each run.
 */

export const demoStreetCode = 'DEMO-ST';
export const demoPassword = 'gongzhi2026';

export interface DemoLogin {
  role: Role | 'platformAdmin';
  /** The role in Chinese, as people on the ground say it. */
  title: string;
  phone: string;
  password: string;
  name: string;
  /** Where the role is granted. */
  scope: string;
  /** What the login can see and do, in a line. */
  sees: string;
}

export interface Demo {
  rows: DemoRows;
  logins: DemoLogin[];
  /** The owners' assemblies, written through the votes module when the rows are in (seed.ts). */
  assemblies: AssemblyPlan;
  /** A year of topics and meetings, written through the deliberation module when the rows are in. */
  deliberation: DeliberationPlan;
  guide: DemoGuide;
}

/** What the print-out points to: where the orders and assemblies show, and what each login finds. */
export interface DemoGuide {
  orders: { total: number; days: number; open: number; overdue: number };
  /** What the 志愿者 and the 党员 find: orders on their squad's board, and open ones in hand. */
  volunteer: { board: number; tasks: number };
  partyMember: { board: number; tasks: number };
  resident: { orders: number; awaitingRating: number };
  assemblies: {
    published: string;
    /** The published assembly's matters with their art. 278 items and outcomes. */
    results: { item: number; title: string; kind: string; passed: boolean }[];
    open: string;
    turnoutPercent: number;
    pendingSheets: number;
  };
  /** The results board and the year of deliberation behind it. */
  deliberation: DeliberationGuide;
}

const ordinaryMix: Record<Composition, number> = {
  elder_alone: 6,
  elder_couple: 18,
  elder_grandchild: 3,
  three_gen: 16,
  couple_child: 31,
  couple: 13,
  parent_child: 13,
};
/** A works compound from the 1990s: the steelworkers retired in place (耐火小区, 火车站社区). */
const ageingMix: Record<Composition, number> = {
  elder_alone: 10,
  elder_couple: 28,
  elder_grandchild: 5,
  three_gen: 18,
  couple_child: 19,
  couple: 8,
  parent_child: 12,
};

const repeat = (count: number, make: (n: number) => BuildingPlan) =>
  Array.from({ length: count }, (_, i) => make(i + 1));

// 15 buildings of six storeys: 4 × (3 entrances × 3 homes a floor), 4 × (2 × 4), 7 × (3 × 4) = 912 homes.
const fenghua: CompoundPlan = {
  name: '枫华家园',
  address: '湘江街道枫华路18号',
  yearBuilt: 1996,
  buildings: [
    ...repeat(4, (n) => ({ name: `${n}栋`, floors: 6, entrances: 3, perFloor: 3 })),
    ...repeat(4, (n) => ({ name: `${n + 4}栋`, floors: 6, entrances: 2, perFloor: 4 })),
    ...repeat(7, (n) => ({ name: `${n + 8}栋`, floors: 6, entrances: 3, perFloor: 4 })),
  ],
  area: [45, 92],
  empty: 0.06,
  rented: 0.12,
  households: ageingMix,
};

// A resettlement compound (安置小区) built 2010: 5 buildings, 264 homes, 无物业 — like 杉木村.
const shanxi: CompoundPlan = {
  name: '杉溪安置小区',
  address: '湘江街道杉溪路66号',
  yearBuilt: 2010,
  buildings: [
    ...repeat(4, (n) => ({ name: `${n}栋`, floors: 9, entrances: 3, perFloor: 2 })),
    { name: '5栋', floors: 12, entrances: 2, perFloor: 2 },
  ],
  area: [68, 125],
  empty: 0.04,
  rented: 0.1,
  households: ordinaryMix,
};

// Old blocks around a market street (南湖大市场): shops on the street, a garage underneath.
const nanshi: CompoundPlan = {
  name: '南市街小区',
  address: '湘江街道南市街2号',
  yearBuilt: 1999,
  buildings: [
    ...repeat(3, (n) => ({ name: `${n}栋`, floors: 7, entrances: 2, perFloor: 2, shops: 8 })),
    ...repeat(3, (n) => ({ name: `${n + 3}栋`, floors: 7, entrances: 2, perFloor: 2 })),
    { name: '地下车库', floors: 1, entrances: 0, perFloor: 0, parking: 40 },
  ],
  area: [55, 110],
  empty: 0.07,
  rented: 0.22,
  households: ordinaryMix,
};

// A 2008 compound of 168 homes (金苹果小区 had 150-odd households); nine are still the developer's.
const jinju: CompoundPlan = {
  name: '金橘苑',
  address: '湘江街道金橘路9号',
  yearBuilt: 2008,
  buildings: repeat(6, (n) => ({ name: `${n}栋`, floors: 7, entrances: 2, perFloor: 2 })),
  area: [88, 140],
  empty: 0.05,
  rented: 0.1,
  households: ordinaryMix,
  developerUnsold: 9,
};

/** Builds every row of the demo street, its assemblies to write, the logins and what the print-out points to. */
export function buildDemo(env: DemoEnv): Demo {
  const town = new DemoTown(env);
  const { rng } = town;

  const street = town.street('湘江街道（演示）', demoStreetCode);
  const guihu = town.community(street.id, '桂湖社区（演示）', 'DEMO-GH', '湘江街道桂湖路1号');
  const shanxiCommunity = town.community(street.id, '杉溪社区（演示）', 'DEMO-SX', '湘江街道杉溪路8号');

  const c1 = town.compound(guihu, fenghua);
  const c3 = town.compound(guihu, nanshi);
  const c2 = town.compound(shanxiCommunity, shanxi);
  const c4 = town.compound(shanxiCommunity, jinju);

  // ---- who plays the parts the logins need, all in 枫华家园 (compound 1)
  const isHeadOwner = (m: Member) => m.residency.kind === 'owner' && m.residency.relation === '本人';
  const gridBuildings = [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
    [12, 13, 14],
  ];
  const inGrid1 = (h: Home) => gridBuildings[0]!.includes(h.building);
  const chair = town.cast(c1, (m, h) => isHeadOwner(m) && born(m.person, 1952, 1962) && h.building <= 7);
  const viceChair = town.cast(c1, (m) => isHeadOwner(m) && born(m.person, 1958, 1972));
  const gridLeader = town.cast(
    c1,
    (m, h) => inGrid1(h) && h.tenure === 'owner' && born(m.person, 1972, 1988),
  );
  const squadLeader = town.cast(c1, (m, h) => isHeadOwner(m) && inGrid1(h) && born(m.person, 1953, 1966));
  const centralHost = town.cast(
    c1,
    (m, h) => isHeadOwner(m) && h.building === 2 && born(m.person, 1945, 1958),
  );
  const volunteer = town.cast(c1, (m, h) => inGrid1(h) && born(m.person, 1978, 1998) && !isParty(m.person));
  const coOwner = town.cast(
    c1,
    (m, h) =>
      isHeadOwner(m) &&
      h.composition === 'couple_child' &&
      h.members.some((o) => o !== m && o.residency.kind === 'owner'),
  );
  const tenant = town.cast(
    c1,
    (m) => m.residency.kind === 'tenant' && m.residency.relation === '本人' && born(m.person, 1988, 2000),
  );
  for (const part of [chair, squadLeader, centralHost]) part.member.person.political_status = 'party_member';

  const secretary1 = town.staffPerson(guihu.id, 1974, 1984); // 社区党委书记
  const staff1 = town.staffPerson(guihu.id, 1990, 1997); // 社区工作人员
  const manager = town.staffPerson(guihu.id, 1978, 1988); // 物业项目经理
  const secretary2 = town.staffPerson(shanxiCommunity.id, 1972, 1982);

  // ---- property companies: 湘楚 replaced the old company in 枫华家园 when residents pushed for it (seed 004)
  const xiangchu = town.propertyCompany('湘楚物业服务有限公司（演示）', manager.name);
  const hengan = town.propertyCompany('恒安物业管理有限公司（演示）', '周经理');
  const jiahe = town.propertyCompany('嘉禾物业管理有限公司（演示）', '贺经理');
  town.contract(c1, hengan.id, '2012-01-01', '2020-12-31', 45, 'ended');
  town.contract(c1, xiangchu.id, '2021-01-01', '2028-12-31', 60, 'active');
  town.contract(c3, xiangchu.id, '2023-07-01', '2026-06-30', 90, 'ended');
  town.contract(c3, xiangchu.id, '2026-07-01', '2029-06-30', 95, 'active');
  town.contract(c4, jiahe.id, '2022-04-01', '2027-03-31', 150, 'active');
  // 杉溪安置小区 has none: 无物业, looked after by its residents and the community (seeds 001, 003).

  // ---- grids: 枫华家园's four grids share 12 网格长/网格员 (seed 003)
  const people = (place: Place, buildings?: readonly number[]) =>
    town.residents(place, buildings).map((r) => r.member.person);
  const gridWorkers = (place: Place, buildings: readonly number[], count: number) =>
    town.pickFree(people(place, buildings), count, (p) => born(p, 1958, 1990));
  const c1Grids = gridBuildings.map((buildings, i) =>
    town.grid(
      c1,
      `枫华家园第${'一二三四'[i]}网格`,
      buildings,
      i === 0 ? [gridLeader.member.person, ...gridWorkers(c1, buildings, 2)] : gridWorkers(c1, buildings, 3),
    ),
  );
  const c3Grid = town.grid(c3, '南市街第一网格', [0, 1, 2, 6], gridWorkers(c3, [0, 1, 2], 2));
  town.grid(c3, '南市街第二网格', [3, 4, 5], gridWorkers(c3, [3, 4, 5], 2));
  const c2Grid = town.grid(c2, '杉溪安置小区网格', range(0, 4), gridWorkers(c2, range(0, 4), 2));
  const c4Grid = town.grid(c4, '金橘苑网格', range(0, 5), gridWorkers(c4, range(0, 5), 2));

  // ---- party tree: 社区党委 → 小区党支部 → 楼栋党小组 → 党员中心户
  const committee1 = town.partyOrg(guihu.id, 'committee', '中共桂湖社区（演示）委员会', {});
  town.position(committee1, secretary1, 'secretary');
  town.position(committee1, town.staffPerson(guihu.id, 1980, 1990), 'deputy_secretary');
  // 双向进入、交叉任职: the compound's secretary sits on the community committee, community staff
  // and the property manager on the compound's branches.
  for (const person of [staff1, chair.member.person]) town.position(committee1, person, 'committee_member');
  town.branch(c1, committee1, '枫华家园第一党支部', range(0, 7), {
    secretary: chair.member.person,
    committee: [manager],
    centralHousehold: centralHost.home,
  });
  town.branch(c1, committee1, '枫华家园第二党支部', range(8, 14), { committee: [staff1] });
  town.branch(c3, committee1, '南市街小区党支部', range(0, 6));
  const committee2 = town.partyOrg(shanxiCommunity.id, 'committee', '中共杉溪社区（演示）委员会', {});
  town.position(committee2, secretary2, 'secretary');
  town.position(committee2, town.staffPerson(shanxiCommunity.id, 1985, 1995), 'committee_member');
  town.branch(c2, committee2, '杉溪安置小区党支部', range(0, 4));
  town.branch(c4, committee2, '金橘苑党支部', range(0, 5));

  // ---- owners' committees (业委会)
  const owners = (place: Place) =>
    town
      .residents(place)
      .filter(({ member }) => isHeadOwner(member))
      .map(({ member }) => member.person);
  const continuing = town.pickFree(owners(c1), 3, (p) => born(p, 1946, 1966));
  const stepped = town.pickFree(owners(c1), 2, (p) => born(p, 1938, 1952));
  town.ownersCommittee(c1, { no: 1, start: '2019-06-01', end: '2024-05-31', status: 'ended' }, [
    ...stepped,
    ...continuing,
  ]);
  // 一肩挑: the first branch's secretary chairs the committee of seven (seed 003).
  town.ownersCommittee(c1, { no: 2, start: '2024-06-01', end: '2029-05-31', status: 'serving' }, [
    chair.member.person,
    viceChair.member.person,
    ...continuing,
    ...town.pickFree(owners(c1), 2, (p) => born(p, 1955, 1975)),
  ]);
  // 金橘苑's first committee ends in February 2027 and the 筹备组 is preparing the next election.
  town.ownersCommittee(
    c4,
    { no: 1, start: '2022-03-01', end: '2027-02-28', status: 'serving' },
    town.pickFree(owners(c4), 5, (p) => born(p, 1950, 1980)),
  );
  town.ownersCommittee(c4, { no: 2, start: null, end: null, status: 'preparing' }, []);

  // ---- volunteer squads: 帮帮快递先锋队 by grid (seed 001) and the five service teams of seed 004
  const adults = (place: Place, buildings?: readonly number[]) =>
    people(place, buildings).filter((p) => born(p, 1945, 2004));
  // The willing: party members and the retired first, some younger neighbours too.
  const willing = (place: Place, buildings?: readonly number[]) =>
    adults(place, buildings).filter((p) => isParty(p) || born(p, 1945, 1966) || rng.chance(0.1));
  const express = c1Grids.map((grid, i) =>
    town.squad(
      c1,
      `帮帮快递先锋队第${'一二三四'[i]}分队`,
      i % 2 === 0 ? 'repair' : 'general',
      grid,
      willing(c1, gridBuildings[i]),
      rng.int(8, 11),
      i === 0 ? { leader: squadLeader.member.person, members: [volunteer.member.person] } : {},
    ),
  );
  const firstSquad = express[0]!;
  const teams = {
    宣教文艺服务队: 'publicity_arts',
    环保卫生服务队: 'environment',
    安全巡逻服务队: 'safety_patrol',
    矛盾调处服务队: 'mediation',
    爱心帮困服务队: 'care',
  };
  const teamOf = new Map(
    Object.entries(teams).map(([name, type]) => [
      type,
      town.squad(c1, `枫华家园${name}`, type, null, willing(c1), rng.int(6, 9)),
    ]),
  );
  town.squad(c3, '南市街商户志愿服务队', 'general', c3Grid, willing(c3), 6);
  town.squad(c2, '杉溪环保卫生服务队', 'environment', c2Grid, willing(c2), 7);
  town.squad(
    c4,
    '金橘苑银发先锋自治队',
    'safety_patrol',
    c4Grid,
    adults(c4).filter((p) => born(p, 1945, 1966)),
    8,
  );

  // ---- co-building units (共建单位)
  town.cobuild(guihu.id, '国网湘江供电服务站（演示）', 'utility', '罗站长', '楼道照明更换、线路改造');
  town.cobuild(guihu.id, '湘江燃气营业所（演示）', 'utility', '肖所长', '燃气入户，随水管管网一并更新');
  town.cobuild(guihu.id, '电信湘江营业部（演示）', 'telecom', '唐经理', '光纤入户、党群服务站网络');
  town.cobuild(guihu.id, '湘江路小学（演示）', 'school', '易校长', '四点半课堂、六一征文征画');
  town.cobuild(shanxiCommunity.id, '移动杉溪营业厅（演示）', 'telecom', '邹经理', '独居老人远程守护摄像头');
  town.cobuild(
    shanxiCommunity.id,
    '省水务集团杉溪服务站（演示）',
    'utility',
    '谢站长',
    '二次供水蓄水池清洗消毒',
  );

  // ---- logins: one for every role, granted where the articles would put that person
  const logins: DemoLogin[] = [];
  /** Accounts joined to their households, confirmed below by the community staff login. */
  const joined: [Cast, string][] = [];
  const homeOf = ({ home }: Cast) => {
    const entrance = town.rows.entrances!.find((e) => e.id === home.room.entrance_id)!;
    return `${c1.compound.name} ${c1.buildings[home.building]!.name}${entrance.name}${home.room.number}`;
  };
  const login = (part: {
    role: DemoLogin['role'];
    title: string;
    who: PeopleTable | Cast | string;
    scope: string;
    sees: string;
    grants?: [Role, ScopeKind, string][];
    community?: CommunitiesTable;
  }) => {
    const cast = typeof part.who === 'object' && 'home' in part.who ? part.who : undefined;
    const person =
      cast?.member.person ?? (typeof part.who === 'object' ? (part.who as PeopleTable) : undefined);
    const name = person?.name ?? (part.who as string);
    const { account, phone } = town.account(name, person, part.role === 'platformAdmin');
    for (const [role, kind, id] of part.grants ?? [])
      if (kind === 'street') town.streetGrant(id, account.id, role);
      else town.grant((part.community ?? guihu).id, account.id, role, kind, id);
    if (cast) {
      joined.push([cast, account.id]);
      // Confirming a household binding makes the account an owner or resident of the compound.
      const role = cast.member.residency.kind === 'owner' ? 'owner' : 'resident';
      if (!part.grants?.some(([r, kind]) => r === role && kind === 'compound'))
        town.grant(guihu.id, account.id, role, 'compound', cast.home.row.compound_id);
    }
    const sees = cast ? `${part.sees}; lives at ${homeOf(cast)}` : part.sees;
    logins.push({
      role: part.role,
      title: part.title,
      phone,
      password: demoPassword,
      name,
      scope: part.scope,
      sees,
    });
    return account;
  };
  const compound1: [ScopeKind, string] = ['compound', c1.compound.id];
  login({
    role: 'platformAdmin',
    title: '平台管理员',
    who: '平台管理员',
    scope: 'platform',
    sees: 'every street: opens streets and grants street administrators',
  });
  login({
    role: 'streetAdmin',
    title: '街道',
    who: fullName(rng, 'male', 1975),
    scope: street.name,
    sees: 'both communities: dashboards, grants, audit; personal data masked',
    grants: [['streetAdmin', 'street', street.id]],
  });
  login({
    role: 'communityAdmin',
    title: '社区书记',
    who: secretary1,
    scope: guihu.name,
    sees: '枫华家园 and 南市街小区: everything, full numbers when needed (audited), grants, audit log',
    grants: [['communityAdmin', 'community', guihu.id]],
  });
  const secretary2Account = login({
    role: 'communityAdmin',
    title: '社区书记',
    who: secretary2,
    scope: shanxiCommunity.name,
    sees: '杉溪安置小区 (264 homes, 无物业) and 金橘苑 (committee term ends 2027-02-28): everything',
    grants: [['communityAdmin', 'community', shanxiCommunity.id]],
    community: shanxiCommunity,
  });
  const staffAccount = login({
    role: 'communityStaff',
    title: '社区工作人员',
    who: staff1,
    scope: guihu.name,
    sees: 'the whole community: households, people, ownerships, invitations; grants no roles',
    grants: [['communityStaff', 'community', guihu.id]],
  });
  const gridAccount = login({
    role: 'gridWorker',
    title: '网格长',
    who: gridLeader,
    scope: c1Grids[0]!.name,
    sees: 'households and people of 1–4栋, full numbers (audited), confirms who joins a household',
    grants: [['gridWorker', 'grid', c1Grids[0]!.id]],
  });
  login({
    role: 'branch',
    title: '支部书记兼业委会主任',
    who: chair,
    scope: c1.compound.name,
    sees: "the compound and its people (masked); also chairs the owners' committee (一肩挑)",
    grants: [
      ['branch', ...compound1],
      ['committee', ...compound1],
    ],
  });
  login({
    role: 'committee',
    title: '业委会副主任',
    who: viceChair,
    scope: c1.compound.name,
    sees: "the compound and its people (masked), for the owners' committee",
    grants: [['committee', ...compound1]],
  });
  login({
    role: 'property',
    title: '物业项目经理',
    who: manager,
    scope: c1.compound.name,
    sees: "the compound's buildings, rooms and areas; no personal data",
    grants: [['property', ...compound1]],
  });
  const leaderAccount = login({
    role: 'squadLeader',
    title: '分队长',
    who: squadLeader,
    scope: firstSquad.name,
    sees: "the squad's members, and own household",
    grants: [['squadLeader', 'squad', firstSquad.id]],
  });
  login({
    role: 'partyMember',
    title: '党员（党员中心户）',
    who: centralHost,
    scope: c1.compound.name,
    sees: 'own household, a 党员中心户',
    grants: [['partyMember', ...compound1]],
  });
  login({
    role: 'volunteer',
    title: '志愿者',
    who: volunteer,
    scope: firstSquad.name,
    sees: 'own household; serves in the squad',
    grants: [['volunteer', 'squad', firstSquad.id]],
  });
  login({
    role: 'owner',
    title: '业主',
    who: coOwner,
    scope: c1.compound.name,
    sees: 'own household; owns the home with the spouse and casts its vote',
  });
  login({
    role: 'resident',
    title: '居民（租户）',
    who: tenant,
    scope: c1.compound.name,
    sees: 'own household (rents it)',
  });

  for (const [cast, accountId] of joined) town.bind(cast.home, cast.member, accountId, staffAccount.id);

  // ---- residents on the app: most owners of 枫华家园 (its committee went door to door before the first
  // online vote), about a third of households elsewhere, and every volunteer with a phone (members take
  // orders in the app). Each registered before the orders and votes below, and staff confirmed them
  // in their household.
  const later = new Rng(20_261_128);
  const volunteers = new Set((town.rows.squad_members ?? []).map((m) => m.person_id));
  const confirmer = new Map([
    [guihu.id, staffAccount.id],
    [shanxiCommunity.id, secretary2Account.id],
  ]);
  for (const place of [c1, c3, c2, c4])
    for (const home of place.homes)
      for (const member of home.members) {
        const { person, residency } = member;
        if (person.account_id || !person.phone_sealed) continue;
        const share = volunteers.has(person.id)
          ? 1
          : residency.relation !== '本人'
            ? 0.04
            : place === c1 && residency.kind === 'owner'
              ? 0.88
              : 0.32;
        if (!later.chance(share)) continue;
        const at = env.now - later.int(95, 600) * dayMs - later.int(0, 86_399) * 1000;
        town.registerResident(home, member, confirmer.get(place.community.id)!, at);
      }

  // ---- three months of service orders, and the owners' assemblies of 枫华家园
  const careTeam = teamOf.get('care')!;
  const castLogins = [chair, viceChair, gridLeader, squadLeader, centralHost, volunteer, coOwner, tenant];
  const history = new OrderHistory(
    town,
    {
      places: [c1, c3, c2, c4],
      desks: new Map([
        [
          guihu.id,
          {
            staff: staffAccount.id,
            grids: new Map([[c1Grids[0]!.id, gridAccount.id]]),
            squads: new Map([[firstSquad.id, leaderAccount.id]]),
          },
        ],
        [shanxiCommunity.id, { staff: secretary2Account.id, grids: new Map(), squads: new Map() }],
      ]),
      volunteer: { person: volunteer.member.person, squadId: firstSquad.id },
      partyMember: { person: centralHost.member.person, squadId: careTeam.id },
      tenant,
      owner: coOwner,
      logins: new Set(castLogins.map((c) => c.member.person)),
    },
    env.now,
  );
  history.build(
    new Map([
      [c1, 220],
      [c3, 65],
      [c2, 60],
      [c4, 45],
    ]),
  );
  const assemblies = planAssemblies(
    town,
    {
      place: c1,
      chair: chair.member.person,
      viceChair: viceChair.member.person,
      staff: staffAccount.id,
      canvassers: [
        { accountId: centralHost.member.person.account_id!, buildings: [1, 2] },
        { accountId: gridAccount.id, buildings: [0, 3] },
        { accountId: chair.member.person.account_id!, buildings: [4] },
        { accountId: viceChair.member.person.account_id!, buildings: [5] },
      ],
      owner: coOwner.member.person,
    },
    env.now,
  );
  const deliberation = planDeliberation(
    town,
    {
      fenghua: c1,
      nanshi: c3,
      shanxi: c2,
      officers: {
        manager,
        chair: chair.member.person,
        viceChair: viceChair.member.person,
        staff: staff1,
        gridLeader: gridLeader.member.person,
        squadLeader: squadLeader.member.person,
        secretary2,
      },
      tenant,
      logins: castLogins.map((c) => c.member.person),
    },
    env.now,
  );
  const guide = guideTo(town.rows, assemblies, deliberation, {
    now: env.now,
    volunteer: [volunteer.member.person, firstSquad.id],
    partyMember: [centralHost.member.person, careTeam.id],
    tenant: tenant.member.person,
  });
  return { rows: town.rows, logins, assemblies, deliberation, guide };
}

/** The figures the print-out quotes, counted from the rows. */
function guideTo(
  rows: DemoRows,
  plan: AssemblyPlan,
  deliberation: DeliberationPlan,
  who: {
    now: number;
    volunteer: [PeopleTable, string];
    partyMember: [PeopleTable, string];
    tenant: PeopleTable;
  },
): DemoGuide {
  const orders = rows.orders ?? [];
  const open = orders.filter((o) => !finalStates.includes(o.state as OrderState));
  const overdue = open.filter((o) =>
    overdueNow(
      {
        state: o.state as OrderState,
        acceptOverdue: o.accept_overdue === 1,
        resolveOverdue: o.resolve_overdue === 1,
        acceptDueAt: o.accept_due_at,
        resolveDueAt: o.resolve_due_at,
      },
      who.now,
    ),
  );
  const first = Math.min(...orders.map((o) => o.created_at));
  const mine = orders.filter((o) => o.requester_account_id === who.tenant.account_id);
  const counted = plan.open.ballots.filter((b) => !b.paper || b.paper.decidedAt !== null);
  const inHand = ([person, squadId]: [PeopleTable, string]) => ({
    board: open.filter((o) => o.state === 'published' && o.squad_id === squadId).length,
    tasks: open.filter((o) => o.assignee_person_id === person.id).length,
  });
  return {
    orders: {
      total: orders.length,
      days: Math.ceil((who.now - first) / dayMs),
      open: open.length,
      overdue: overdue.length,
    },
    volunteer: inHand(who.volunteer),
    partyMember: inHand(who.partyMember),
    resident: { orders: mine.length, awaitingRating: mine.filter((o) => o.state === 'resolved').length },
    assemblies: {
      published: plan.published.row.title,
      results: plan.published.matters.map((m, i) => ({
        item: m.item,
        title: m.title,
        kind: m.kind,
        passed: plan.passed[i]!,
      })),
      open: plan.open.row.title,
      turnoutPercent: Math.round((100 * new Set(counted.map((b) => b.voter)).size) / plan.heads),
      pendingSheets: plan.open.ballots.filter((b) => b.paper && b.paper.decidedAt === null).length,
    },
    deliberation: deliberation.guide,
  };
}
