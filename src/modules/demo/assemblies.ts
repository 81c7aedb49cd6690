import type { Kysely } from 'kysely';
import type {
  AssembliesTable,
  AssemblyMattersTable,
  CanvassAssignmentsTable,
  CanvassRecordsTable,
  DB,
  FilesTable,
  PeopleTable,
} from '../../core/db/schema';
import { electorate } from '../people/voters';
import {
  ballotWindowOpen,
  checkStep,
  defaultNoticeDays,
  type AssemblyStatus,
  type AssemblyStep,
} from '../votes/lifecycle';
import { schedule } from '../votes/steps';
import { matterKind, type MatterItem } from '../votes/matters';
import { appendBallot, countMatter, freezeElectorate, unitsOf } from '../votes/store';
import { tally } from '../votes/tally';
import { Rng } from './random';
import { dayMs, type DemoTown, type Place } from './town';

/**
 * Two owners' assemblies (业主大会) in 枫华家园: one last month whose results are published (公示), in
 * which using the maintenance fund for new parking barriers passed (item 5, an ordinary matter) and
 * topping the fund up failed the three-quarters bar (item 6, a special matter); and one open for
 * voting now, about half the owners in, with volunteers canvassing (扫楼) and paper sheets waiting
 * for a second staff member. Who votes, how and when is drawn here (pure); seedAssemblies writes it
 * through the votes module's own roll, chain and count.
 */

const minute = 60_000;
const hour = 60 * minute;
const shanghai = 8 * hour;
const sinceMidnight = (t: number) => (((t + shanghai) % dayMs) + dayMs) % dayMs;

type Choice = 'yes' | 'no' | 'abstain';

interface PlannedMatter {
  item: MatterItem;
  title: string;
  description: string;
  /** How owners lean: shares of yes, no and abstain. */
  lean: Record<Choice, number>;
}

/** A paper sheet (纸质表决票): collected door to door, entered by the committee, checked by staff. */
export interface PlannedSheet {
  id: string;
  fileId: string;
  roomId: string;
  enteredBy: string;
  enteredAt: number;
  /** null: still waiting for a second staff member. */
  decidedBy: string | null;
  decidedAt: number | null;
}

/** One voter's ballot on the matters (a choice per matter, or none for a matter not voted on this time). */
export interface PlannedBallot {
  at: number;
  /** The voter's person id, as the roll frozen at opening names them. */
  voter: string;
  choices: (Choice | null)[];
  castBy: string;
  paper: PlannedSheet | null;
}

export interface PlannedAssembly {
  /** As drafted; seedAssemblies takes it through the lifecycle. */
  row: AssembliesTable;
  announcedAt: number;
  /** When the assembly clock opened voting, within a minute of its start. */
  openedAt: number;
  matters: AssemblyMattersTable[];
  ballots: PlannedBallot[];
  canvass: { assignments: CanvassAssignmentsTable[]; records: CanvassRecordsTable[] };
}

export interface AssemblyCast {
  place: Place;
  /** 业委会主任 (一肩挑): convenes both assemblies. */
  chair: PeopleTable;
  /** 业委会副主任: enters the paper sheets. */
  viceChair: PeopleTable;
  /** 社区工作人员: checks the sheets and assigns the canvassers. */
  staff: string;
  /** Accounts that canvass, with the buildings (by index) each covers now. */
  canvassers: { accountId: string; buildings: number[] }[];
  /** The 业主 login, who has not voted yet in the open assembly. */
  owner: PeopleTable;
}

export interface AssemblyPlan {
  published: PlannedAssembly;
  open: PlannedAssembly;
  /** Voters (人数) on the compound's roll. */
  heads: number;
  /** The published assembly's outcome per matter, as the votes module's tally counts the plan. */
  passed: boolean[];
}

const published = {
  title: '枫华家园业主大会会议（更换停车道闸、续筹专项维修资金）',
  description:
    '经业主委员会提议，以下两项事项提交业主大会表决。表决期间可在线投票，也可填写纸质表决票交业主委员会。',
  matters: [
    {
      // Using the fund (使用维修资金) is item 5: an ordinary matter, more than half suffices.
      item: 5,
      title: '使用专项维修资金更换南北门停车道闸',
      description:
        '南北两个出入口的道闸已使用十余年，经常抬杆不灵。拟使用专项维修资金约4.6万元更换为车牌识别道闸，由湘楚物业组织施工。',
      lean: { yes: 0.8, no: 0.12, abstain: 0.08 },
    },
    {
      // Raising it (筹集维修资金) is item 6: a special matter, three quarters of area and heads.
      item: 6,
      title: '按每平方米20元续筹专项维修资金',
      description:
        '本小区专项维修资金余额已不足首期归集总额的30%。拟按专有部分面积每平方米20元续筹，分两年缴纳，用于屋面防水、外墙和管网维修。',
      lean: { yes: 0.63, no: 0.27, abstain: 0.1 },
    },
  ] satisfies PlannedMatter[],
};

const open = {
  title: '枫华家园业主大会会议（电动自行车充电管理）',
  description: '为消除电动自行车进楼充电的火灾隐患，业主委员会提议修改管理规约，并在北门内建设集中充电车棚。',
  matters: [
    {
      // Amending the management rules (管理规约) is item 2: ordinary.
      item: 2,
      title: '修改管理规约：禁止电动自行车进楼入户充电',
      description: '在管理规约第十二条后增加一条：电动自行车不得在楼道、户内停放充电，应在集中充电点充电。',
      lean: { yes: 0.86, no: 0.08, abstain: 0.06 },
    },
    {
      // Turning shared green space into a charging shed changes the use of common parts: item 8, special.
      item: 8,
      title: '将北门内闲置绿地改建为电动自行车集中充电车棚',
      description:
        '北门内约120平方米闲置绿地改建为带充电桩的车棚，可停放约80辆电动自行车，建设费用由共建单位支持。',
      lean: { yes: 0.78, no: 0.15, abstain: 0.07 },
    },
  ] satisfies PlannedMatter[],
};

/** Draws both assemblies: who is on the roll, who votes online or on paper and when, and the canvassing. */
export function planAssemblies(town: DemoTown, cast: AssemblyCast, now: number): AssemblyPlan {
  const rng = new Rng(20_261_127);
  const { place } = cast;
  const rooms = (town.rows.rooms ?? []).filter((r) => r.compound_id === place.compound.id);
  const ownerships = (town.rows.ownerships ?? []).filter((o) => o.compound_id === place.compound.id);
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
  const people = new Map((town.rows.people ?? []).map((p) => [p.id, p]));
  const voters = new Map<string, { rooms: string[]; area: number }>();
  for (const r of roll.rooms) {
    if (!r.voter) throw new Error(`room ${r.roomId} of ${place.compound.name} has no voter`);
    const v = voters.get(r.voter) ?? { rooms: [], area: 0 };
    v.rooms.push(r.roomId);
    v.area += r.areaCenti;
    voters.set(r.voter, v);
  }
  const chairAccount = cast.chair.account_id!;
  const viceAccount = cast.viceChair.account_id!;
  const midnight = now - sinceMidnight(now);
  const at = (days: number, hours: number) => midnight + days * dayMs + hours * hour;

  /** A moment in [from, to): front-loaded (most vote in the first days), mostly in the evening. */
  const momentIn = (from: number, to: number) => {
    const firstDay = from - sinceMidnight(from);
    const days = Math.ceil((to - firstDay) / dayMs);
    for (let tries = 0; tries < 1000; tries++) {
      const day = Math.floor(days * rng.uniform() ** 1.8);
      const h = Number(rng.weighted({ 8: 2, 9: 3, 10: 3, 12: 3, 15: 2, 18: 4, 19: 6, 20: 6, 21: 4, 22: 1 }));
      const t = firstDay + day * dayMs + h * hour + rng.int(0, 59) * minute;
      if (t >= from && t < to) return t;
    }
    // A window with none of the usual hours in it (a few hours overnight): anywhere in it.
    return from + Math.floor(rng.uniform() * (to - from));
  };
  const lean = (m: PlannedMatter) => rng.weighted(m.lean);

  function plan(
    spec: { title: string; description: string; matters: PlannedMatter[] },
    times: { created: number; announced: number; starts: number; ends: number },
    ballotsUntil: number,
    turnout: { online: number; heads: number },
    sheets: { until: number; waiting: number },
    ownerWaits: boolean,
  ): PlannedAssembly {
    const row: AssembliesTable = {
      community_id: place.community.id,
      id: town.id,
      compound_id: place.compound.id,
      title: spec.title,
      description: spec.description,
      status: 'draft',
      public_votes: 0,
      notice_days: defaultNoticeDays,
      voting_starts_at: times.starts,
      voting_ends_at: times.ends,
      original_ends_at: null,
      extension_reason: null,
      extended_at: null,
      total_area_centi: null,
      total_heads: null,
      room_count: null,
      announced_at: null,
      opened_at: null,
      closed_at: null,
      published_at: null,
      archived_at: null,
      cancelled_at: null,
      cancel_reason: null,
      created_by: chairAccount,
      created_at: times.created,
      updated_at: times.created,
    };
    const matters = spec.matters.map((m, i): AssemblyMattersTable => ({
      community_id: row.community_id,
      id: town.id,
      assembly_id: row.id,
      compound_id: row.compound_id,
      position: i + 1,
      item: m.item,
      kind: matterKind(m.item, false),
      title: m.title,
      description: m.description,
      seats: null,
      attachment_ids: '[]',
      candidates_published_at: null,
      ballot_count: 0,
      head_hash: '',
      result_json: null,
      withdrawn_at: null,
      created_at: times.created,
      updated_at: times.created,
    }));
    const opened = times.starts + rng.int(5, 60) * 1000; // the assembly clock opens it within the minute
    const ballots: PlannedBallot[] = [];
    // Online: owners who use the app, the chair among the first; some change their mind on the last matter.
    const online = [...voters.keys()].filter((id) => {
      const p = people.get(id)!;
      if (p === cast.owner && ownerWaits) return false;
      return p.account_id && (p === cast.chair || rng.chance(turnout.online));
    });
    for (const id of online) {
      const p = people.get(id)!;
      const first = p === cast.chair ? opened + 40 * minute : momentIn(opened, ballotsUntil);
      ballots.push({
        at: first,
        voter: id,
        choices: spec.matters.map(lean),
        castBy: p.account_id!,
        paper: null,
      });
      if (rng.chance(0.02)) {
        const again = first + Math.round(rng.logNormal(30 * hour, 0.6));
        const choices = spec.matters.map((m, i) => (i === spec.matters.length - 1 ? lean(m) : null));
        if (again < ballotsUntil)
          ballots.push({ at: again, voter: id, choices, castBy: p.account_id!, paper: null });
      }
    }
    // On paper: owners living elsewhere and elders without a phone, door to door until the turnout is reached.
    const participating = new Set(online);
    let area = online.reduce((sum, id) => sum + voters.get(id)!.area, 0);
    const others = rng.sample(
      [...voters.keys()].filter((id) => !participating.has(id) && people.get(id) !== cast.owner),
      voters.size,
    );
    const target = Math.ceil(turnout.heads * voters.size);
    const collected: PlannedBallot[] = [];
    for (const id of others) {
      if (participating.size >= target && area >= roll.totalAreaCenti * turnout.heads) break;
      participating.add(id);
      area += voters.get(id)!.area;
      // The last few collected since yesterday, still waiting for staff; the rest checked the next morning.
      const waiting = collected.length < sheets.waiting;
      const entered = momentIn(Math.max(opened + hour, waiting ? sheets.until - 18 * hour : 0), sheets.until);
      const checked = entered - sinceMidnight(entered) + dayMs + 9 * hour + rng.int(0, 120) * minute;
      const decided = !waiting && checked < Math.min(ballotsUntil, times.ends) ? checked : null;
      const sheet: PlannedSheet = {
        id: town.id,
        fileId: town.id,
        roomId: rng.pick(voters.get(id)!.rooms),
        enteredBy: viceAccount,
        enteredAt: entered,
        decidedBy: decided ? cast.staff : null,
        decidedAt: decided,
      };
      const choices = spec.matters.map(lean);
      collected.push({ at: decided ?? entered, voter: id, choices, castBy: cast.staff, paper: sheet });
    }
    ballots.push(...collected);
    ballots.sort((a, b) => a.at - b.at);
    return {
      row,
      announcedAt: times.announced,
      openedAt: opened,
      matters,
      ballots,
      canvass: { assignments: [], records: [] },
    };
  }

  const past = plan(
    published,
    { created: at(-70, 10), announced: at(-64, 10), starts: at(-48, 8), ends: at(-34, 20) },
    at(-34, 20) - 10 * minute,
    { online: 0.93, heads: 0.73 },
    { until: at(-35, 20), waiting: 0 },
    false,
  );
  const current = plan(
    open,
    { created: at(-26, 10), announced: at(-22, 10), starts: at(-5, 8), ends: at(9, 20) },
    now - 5 * minute,
    { online: 0.72, heads: 0.49 },
    { until: now - 2 * hour, waiting: 6 },
    true,
  );
  current.canvass = canvassing(town, cast, current, rng, (from) => momentIn(from, now - minute));
  const units = roll.rooms.map((r) => ({ id: r.roomId, areaCenti: r.areaCenti, voter: r.voter! }));
  // Each voter's last ballot counts, sheets once checked: the order of the plan is the order of the chain.
  const counted = past.ballots.filter((b) => !b.paper || b.paper.decidedAt !== null);
  const passed = past.matters.map((m, i) => {
    const ballots = counted.flatMap((b, seq) => {
      const choice = b.choices[i];
      return choice ? [{ seq, voter: b.voter, choice }] : [];
    });
    return tally({ kind: m.kind as 'ordinary' | 'special' }, units, ballots).passed;
  });
  return { published: past, open: current, heads: voters.size, passed };
}

/** 扫楼 for the open assembly: the canvassers' buildings, and what each door said when they knocked. */
function canvassing(
  town: DemoTown,
  cast: AssemblyCast,
  a: PlannedAssembly,
  rng: Rng,
  knockFrom: (from: number) => number,
) {
  const { place } = cast;
  const assignedAt = a.row.voting_starts_at - 2 * dayMs;
  const firstVote = new Map<string, number>();
  for (const b of a.ballots) {
    const when = b.paper ? b.paper.enteredAt : b.at;
    if (!firstVote.has(b.voter) || when < firstVote.get(b.voter)!) firstVote.set(b.voter, when);
  }
  const voterOf = new Map<string, string>();
  const ownerships = (town.rows.ownerships ?? []).filter(
    (o) => o.compound_id === place.compound.id && o.is_voter,
  );
  for (const o of ownerships) if (o.person_id) voterOf.set(o.room_id, o.person_id);
  const assignments: CanvassAssignmentsTable[] = [];
  const records: CanvassRecordsTable[] = [];
  for (const { accountId, buildings } of cast.canvassers)
    for (const index of buildings) {
      const building = place.buildings[index]!;
      assignments.push({
        community_id: place.community.id,
        id: town.id,
        assembly_id: a.row.id,
        building_id: building.id,
        account_id: accountId,
        assigned_by: cast.staff,
        assigned_at: assignedAt,
        ended_by: null,
        ended_at: null,
      });
      const rooms = (town.rows.rooms ?? []).filter((r) => r.building_id === building.id);
      for (const room of rooms) {
        if (!rng.chance(0.7)) continue;
        const at = knockFrom(a.row.voting_starts_at - dayMs);
        const voter = voterOf.get(room.id);
        const voted = voter !== undefined && (firstVote.get(voter) ?? Infinity) < at;
        const outcome = voted
          ? 'voted'
          : rng.weighted({ contacted: 45, unreachable: 25, needs_paper: 15, refused: 8 });
        const note =
          outcome === 'unreachable'
            ? rng.pick(['家里没人', '房子出租，业主在外地', null])
            : outcome === 'needs_paper'
              ? rng.pick(['老人不会用手机，要纸质票', '约好周末来取表决票'])
              : outcome === 'refused'
                ? rng.pick(['对车棚选址有意见', '不想参与'])
                : null;
        records.push({
          community_id: place.community.id,
          id: town.id,
          assembly_id: a.row.id,
          building_id: building.id,
          room_id: room.id,
          account_id: accountId,
          outcome,
          note,
          recorded_at: at,
        });
      }
    }
  return { assignments, records };
}

/** The paper sheets' scans, written before the load: one for each sheet, by its file id. */
export interface SheetFiles {
  row(sheet: PlannedSheet, communityId: string): FilesTable;
}

export interface AssembliesSeeded {
  assemblies: number;
  voters: number;
  ballots: number;
  paperSheets: number;
  canvassRecords: number;
}

/** Takes a lifecycle step only where the votes module's rules allow it at that moment. */
function allowed(a: AssembliesTable, step: AssemblyStep, at: number): AssemblyStatus {
  const verdict = checkStep(schedule(a), step, at);
  if (!verdict.ok) throw new Error(`demo assembly "${a.title}": ${step} refused (${verdict.problem})`);
  return verdict.to;
}

/**
 * Writes the planned assemblies in the load's transaction, through the votes module: announced and
 * opened as the lifecycle allows, the electorate frozen as opening freezes it, every ballot appended
 * to its matter's hash chain in the order it was cast, the published one counted and published.
 */
export async function seedAssemblies(
  trx: Kysely<DB>,
  plan: AssemblyPlan,
  sheets: SheetFiles,
): Promise<AssembliesSeeded> {
  const seeded: AssembliesSeeded = {
    assemblies: 0,
    voters: 0,
    ballots: 0,
    paperSheets: 0,
    canvassRecords: 0,
  };
  for (const [planned, until] of [
    [plan.published, 'published'],
    [plan.open, 'voting'],
  ] as const) {
    const { announcedAt, openedAt } = planned;
    const a: AssembliesTable = { ...planned.row };
    a.status = allowed(a, 'announce', announcedAt);
    a.announced_at = announcedAt;
    a.status = allowed(a, 'open', openedAt);
    a.opened_at = openedAt;
    a.updated_at = openedAt;
    await trx.insertInto('assemblies').values(a).execute();
    const matters = planned.matters.map((m) => ({ ...m }));
    await trx.insertInto('assembly_matters').values(matters).execute();
    const totals = await freezeElectorate(trx, a, openedAt);
    Object.assign(a, {
      total_area_centi: totals.totalAreaCenti,
      total_heads: totals.totalHeads,
      room_count: totals.roomCount,
    });
    await trx
      .updateTable('assemblies')
      .set({ total_area_centi: a.total_area_centi, total_heads: a.total_heads, room_count: a.room_count })
      .where('community_id', '=', a.community_id)
      .where('id', '=', a.id)
      .execute();
    const voters = await trx
      .selectFrom('assembly_voters')
      .select(['id', 'voter_key', 'person_id'])
      .where('community_id', '=', a.community_id)
      .where('assembly_id', '=', a.id)
      .execute();
    seeded.assemblies += 1;
    seeded.voters += voters.length;
    const byPerson = new Map(voters.map((v) => [v.person_id, v]));

    // Each matter's ballots in the order they were cast: online ones a minute or two apart, a sheet's all at once.
    const casts = planned.ballots.flatMap((b) =>
      b.choices.flatMap((choice, i) =>
        choice && (!b.paper || b.paper.decidedAt !== null)
          ? [{ b, i, choice, at: b.at + (b.paper ? 0 : i * 2 * minute) }]
          : [],
      ),
    );
    casts.sort((x, y) => x.at - y.at || x.i - y.i);
    // The sheets as entered (and checked, or still waiting), each with its scan.
    const papers = planned.ballots.flatMap((b) => (b.paper ? [{ b, sheet: b.paper }] : []));
    if (papers.length) {
      await trx
        .insertInto('paper_ballots')
        .values(
          papers.map(({ b, sheet }) => ({
            community_id: a.community_id,
            id: sheet.id,
            assembly_id: a.id,
            voter_id: byPerson.get(b.voter)!.id,
            room_id: sheet.roomId,
            channel: 'paper',
            sheet_file_id: sheet.fileId,
            authorisation_file_id: null,
            proxy_name: null,
            choices_json: JSON.stringify(
              b.choices.map((choice, i) => ({ matterId: matters[i]!.id, choice })),
            ),
            status: sheet.decidedAt === null ? 'pending' : 'confirmed',
            entered_by: sheet.enteredBy,
            entered_at: sheet.enteredAt,
            decided_by: sheet.decidedBy,
            decided_at: sheet.decidedAt,
            reject_reason: null,
          })),
        )
        .execute();
      await trx
        .insertInto('files')
        .values(papers.map(({ sheet }) => sheets.row(sheet, a.community_id)))
        .execute();
      seeded.paperSheets += papers.length;
    }
    for (const { b, i, choice, at } of casts) {
      if (!ballotWindowOpen(schedule(a), at))
        throw new Error(`demo ballot at ${new Date(at).toISOString()} outside the window`);
      const voter = byPerson.get(b.voter)!;
      await appendBallot(
        trx,
        matters[i]!,
        {
          voterId: voter.id,
          voterKey: voter.voter_key,
          choice,
          channel: b.paper ? 'paper' : 'online',
          castBy: b.castBy,
          ...(b.paper ? { paperId: b.paper.id } : {}),
        },
        at,
      );
      seeded.ballots += 1;
    }

    if (until === 'published') {
      // The assembly clock closes it at the deadline and freezes each result; the committee publishes two days on.
      const closedAt = a.voting_ends_at + 30_000;
      a.status = allowed(a, 'close', closedAt);
      const units = await unitsOf(trx, a);
      for (const m of matters) {
        const result = await countMatter(trx, m, units);
        await trx
          .updateTable('assembly_matters')
          .set({ result_json: JSON.stringify(result), updated_at: closedAt })
          .where('community_id', '=', m.community_id)
          .where('id', '=', m.id)
          .execute();
      }
      const publishedAt = closedAt + 2 * dayMs - (closedAt % hour);
      a.status = allowed(a, 'publish', publishedAt);
      await trx
        .updateTable('assemblies')
        .set({ status: a.status, closed_at: closedAt, published_at: publishedAt, updated_at: publishedAt })
        .where('community_id', '=', a.community_id)
        .where('id', '=', a.id)
        .execute();
    }
    const { assignments, records } = planned.canvass;
    if (assignments.length) await trx.insertInto('canvass_assignments').values(assignments).execute();
    for (let i = 0; i < records.length; i += 500)
      await trx
        .insertInto('canvass_records')
        .values(records.slice(i, i + 500))
        .execute();
    seeded.canvassRecords += records.length;
  }
  return seeded;
}
