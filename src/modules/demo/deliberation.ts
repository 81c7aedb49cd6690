import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  ActionItemsTable,
  DB,
  DecisionsTable,
  MeetingInviteesTable,
  MeetingsTable,
  PeopleTable,
  TopicsTable,
} from '../../core/db/schema';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { addDays } from '../deliberation/actionRules';
import { inviteeRow, resolveInvitees, type InviteeInput } from '../deliberation/invitees';
import { deferItems, shanghaiDateTime } from '../deliberation/meetingStore';
import { sanitizeMinutes } from '../deliberation/minutes';
import { stageOf, topicFinished, type TopicState } from '../deliberation/rules';
import { defaultSupportThreshold, deliberationSettings } from '../deliberation/settings';
import { addComment, raiseTopic, rateTopic, supportTopic } from '../deliberation/store';
import { lockTopic, moveTopic, recordTopicEvent, type TrailActor } from '../deliberation/trail';
import {
  meetingWords,
  topicWords,
  type ActionWords,
  type MeetingWords,
  type OwnerPart,
  type TopicWords,
  type Where,
} from './deliberation-words';
import { Rng } from './random';
import { dayMs, type Cast, type DemoTown, type Place } from './town';

/**
 * A year of 有事大家议 on the demo street: residents raise topics in the app (or at the desk, or
 * from an order escalated to the community), neighbours support (附议) and comment, the monthly
 * 联席会议 of 枫华家园 and the 晚饭后议事 of its neighbours decide, action items are carried out
 * and rated — so 桂湖社区's public board reads 协调解决问题 19 个 from its own trails. Who does
 * what and when is drawn here, pure and seeded (planDeliberation); seedDeliberation writes it in
 * the load's transaction through the deliberation module's own store and trail, step by step in
 * the order it happened, so every trail is one the app would have written.
 */

const minute = 60_000;
const hour = 60 * minute;
const shanghai = 8 * hour;
const sinceMidnight = (t: number) => (((t + shanghai) % dayMs) + dayMs) % dayMs;
/** A calendar day 'YYYY-MM-DD' (Shanghai) as the instant it starts. */
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

type Author = TrailActor & { accountId: string };
type Votes = [number, number, number];

export interface PlannedMeeting {
  key: string;
  communityId: string;
  compoundId: string;
  type: MeetingWords['type'];
  title: string;
  place: string;
  createdBy: string;
  createdAt: number;
  noticeAt: number;
  startsAt: number;
  endsAt: number;
  state: 'held' | 'scheduled';
  /** As the console sends them; the invitees module resolves them to rows. */
  invitees: InviteeInput[];
  /** Who signed in, by their place in `invitees`: organisations ticked by staff, people by QR code. */
  present: { invitee: number; at: number; via: 'qr' | 'staff' }[];
  /** Residents who came without an invitation and scanned the code (列席). */
  walkIns: { accountId: string; personId: string; name: string; at: number }[];
  /** Raw HTML, cleaned on write as the minutes route cleans it. */
  minutes: { html: string; at: number; by: string } | null;
}

export interface PlannedAction {
  title: string;
  ownerAccountId: string | null;
  ownerName: string;
  dueDate: string;
  /** As the deliberation clock would have stamped an item still open past its due day. */
  remindedAt: number | null;
  overdueNotifiedAt: number | null;
}

/** One step of a topic's life, in the order it happened. */
export type TopicStep =
  | { kind: 'support'; at: number; accountId: string }
  | { kind: 'comment'; at: number; by: Author; body: string }
  | { kind: 'accept'; at: number; by: Author }
  | { kind: 'decline'; at: number; by: Author; reason: string }
  | { kind: 'schedule' | 'defer'; at: number; meeting: string; by: Author }
  | {
      kind: 'decide';
      at: number;
      meeting: string;
      by: Author;
      text: string;
      decidedBy: string;
      votes: Votes | null;
      followUpKind: 'none' | 'assembly_matter';
      actions: PlannedAction[];
    }
  | { kind: 'action_done'; at: number; action: number; by: Author; note: string }
  | { kind: 'rate'; at: number; by: Author; stars: number; comment: string | null };

export interface PlannedTopic {
  communityId: string;
  compoundId: string;
  buildingId: string | null;
  category: string;
  title: string;
  body: string;
  placeText: string | null;
  raiser: { accountId: string | null; personId: string | null; name: string };
  channel: 'app' | 'staff' | 'order';
  sourceOrderId: string | null;
  raisedAt: number;
  /** The resident in the app, or the staff member at the desk. */
  raisedBy: Author;
  steps: TopicStep[];
  /** Where the steps leave it. */
  state: TopicState;
}

/** What the print-out says about deliberation, counted from the plan. */
export interface DeliberationGuide {
  community: string;
  /** The public results board in the resident app, no login needed. */
  boardPath: string;
  board: { raised: number; discussed: number; decided: number; done: number };
  topics: number;
  meetingsHeld: number;
  nextMeeting: { title: string; startsAt: string; topics: number };
  overdue: { title: string; owner: string; dueDate: string };
  /** The 居民 login's own topic, still gathering supports. */
  residentTopic: { title: string; supports: number; threshold: number };
  fromOrder: { community: string; title: string };
}

export interface DeliberationPlan {
  meetings: PlannedMeeting[];
  topics: PlannedTopic[];
  guide: DeliberationGuide;
}

/** The parts deliberation needs from the town: places, the officers with accounts, the logins. */
export interface DeliberationCast {
  fenghua: Place;
  nanshi: Place;
  shanxi: Place;
  officers: Record<OwnerPart, PeopleTable>;
  /** The 居民 login, who raised the parcel-locker topic. */
  tenant: Cast;
  /** Everyone behind a login: the random neighbours below leave their accounts alone. */
  logins: readonly PeopleTable[];
}

interface Resident {
  accountId: string;
  personId: string;
  name: string;
  buildingId: string | null;
  /** Confirmed in their household: from then on they use the app there. */
  since: number;
  /** Holds a place in a party organisation or an owners' committee (signs in under it). */
  officer: boolean;
}

/** A meeting while its topics are planned: the plan, and what its minutes need. */
interface MeetingDraft {
  plan: PlannedMeeting;
  where: Where;
  words: MeetingWords;
  /** Who convenes it, puts topics on its agenda and records its decisions. */
  convener: Author;
  /** The secretary of the compound's branch, who chairs it. */
  host: string;
  /** The invitees' names, in the order of `plan.invitees`. */
  names: string[];
  agenda: { words: TopicWords; topic: PlannedTopic; decision?: TopicStep & { kind: 'decide' } }[];
}

const chineseNumbers = '一二三四五六七八九十';

export function planDeliberation(town: DemoTown, cast: DeliberationCast, now: number): DeliberationPlan {
  const rng = new Rng(20_261_129);
  const { rows } = town;
  const threshold = defaultSupportThreshold;
  const midnight = now - sinceMidnight(now);
  const at = (days: number, hours: number) => midnight + days * dayMs + Math.round(hours * hour);
  const dayIndex = (t: number) => Math.floor((t - midnight) / dayMs);
  /** A moment in [from, to), early ones likelier as `skew` grows. */
  const between = (from: number, to: number, skew = 1) =>
    from + Math.floor((to - from) * rng.uniform() ** skew);
  /** When residents write: mornings, lunchtime and evenings. */
  const residentHour = () =>
    Number(rng.weighted({ 7: 1, 8: 2, 9: 2, 12: 2, 13: 1, 18: 2, 19: 4, 20: 4, 21: 3, 22: 1 })) +
    rng.int(0, 59) / 60;
  const officeHour = () => rng.int(9, 16) + rng.int(0, 59) / 60;
  /** A moment in [from, to) when a resident would be on the phone: the drawn day at a waking hour. */
  const residentMoment = (from: number, to: number, skew = 1) => {
    const t = between(from, to, skew);
    const awake = t - sinceMidnight(t) + Math.round(residentHour() * hour);
    return awake >= from && awake < to ? awake : t;
  };
  const dayOf = (t: number) => todayInShanghai(t);

  const places: Record<Where, Place> = { fenghua: cast.fenghua, nanshi: cast.nanshi, shanxi: cast.shanxi };
  const officer = (part: OwnerPart): Author => {
    const p = cast.officers[part];
    if (!p.account_id) throw new Error(`${p.name} has no account for the deliberation demo`);
    return { accountId: p.account_id, name: p.name };
  };
  /** Who accepts topics (and declines them) in each compound; they convene its evening talks too. */
  const desks: Record<Where, Author> = {
    fenghua: officer('chair'),
    nanshi: officer('staff'),
    shanxi: officer('secretary2'),
  };

  // ---- the organisations at the table
  const named = <T extends { name: string }>(list: readonly T[] | undefined, name: string): T => {
    const found = list?.find((r) => r.name === name);
    if (!found) throw new Error(`the demo has no ${name}`);
    return found;
  };
  const partyOrg = (name: string) => named(rows.party_orgs, name);
  const secretaryOf = (orgId: string) => {
    const position = rows.party_positions?.find((p) => p.org_id === orgId && p.position === 'secretary');
    return rows.people?.find((p) => p.id === position?.person_id)?.name ?? '';
  };
  const committee = rows.owner_committees?.find(
    (c) => c.compound_id === cast.fenghua.compound.id && c.status === 'serving',
  );
  if (!committee) throw new Error('枫华家园 has no serving owners’ committee');
  const companyOf = (place: Place) => {
    const c = rows.property_companies?.find((p) => p.id === place.compound.property_company_id);
    if (!c) throw new Error(`${place.compound.name} has no property company`);
    return c;
  };
  const branches: Record<Where, { branch: string; community: string }> = {
    fenghua: { branch: '枫华家园第一党支部', community: '中共桂湖社区（演示）委员会' },
    nanshi: { branch: '南市街小区党支部', community: '中共桂湖社区（演示）委员会' },
    shanxi: { branch: '杉溪安置小区党支部', community: '中共杉溪社区（演示）委员会' },
  };
  const power = named(rows.cobuild_units, '国网湘江供电服务站（演示）');

  // ---- residents on the app, by compound, in the order they joined
  const logins = new Set(cast.logins.map((p) => p.account_id));
  const postHolders = new Set(
    [...(rows.party_positions ?? []), ...(rows.committee_members ?? [])]
      .filter((m) => m.ended_at === null)
      .map((m) => m.person_id),
  );
  const households = new Map((rows.households ?? []).map((h) => [h.id, h]));
  const residents = new Map<string, Resident[]>();
  for (const b of rows.household_bindings ?? []) {
    if (b.status !== 'confirmed' || !b.person_id || logins.has(b.account_id)) continue;
    const h = households.get(b.household_id)!;
    const list = residents.get(h.compound_id) ?? [];
    list.push({
      accountId: b.account_id,
      personId: b.person_id,
      name: b.claimed_name,
      buildingId: h.building_id,
      since: b.decided_at ?? b.requested_at,
      officer: postHolders.has(b.person_id),
    });
    residents.set(h.compound_id, list);
  }
  /** Residents of the compound on the app by `when`, none of them in `not`. */
  const onApp = (place: Place, when: number, not: ReadonlySet<string>, fits: (r: Resident) => boolean) =>
    (residents.get(place.compound.id) ?? []).filter(
      (r) => r.since < when && !not.has(r.accountId) && fits(r),
    );
  /** `count` distinct such residents, drawn at random. */
  const neighbours = (
    place: Place,
    when: number,
    count: number,
    not: ReadonlySet<string> = new Set(),
    fits: (r: Resident) => boolean = () => true,
  ) => {
    const pool = onApp(place, when, not, fits);
    if (pool.length < count) throw new Error(`${place.compound.name} has too few residents on the app`);
    return rng.sample(pool, count);
  };
  const asAuthor = (r: { accountId: string; name: string }): Author => ({
    accountId: r.accountId,
    name: r.name,
  });

  // ---- meetings: when, where, who is invited, who convenes
  const ownerReps = neighbours(cast.fenghua, at(-340, 0), 3, new Set(), (r) => !r.officer);
  const meetings = new Map<string, MeetingDraft>();
  for (const w of meetingWords) {
    const place = places[w.where];
    const joint = w.type === 'joint';
    const startsAt = at(w.day, joint ? 15 : 19.5);
    // Planned a week ahead (five days for an evening talk); the one still to come, three days ago.
    const createdAt = Math.min(at(w.day - (joint ? 7 : 5), 10), at(-3, 10));
    const start = dayOf(startsAt);
    const orgs: { id: string; name: string }[] = [
      partyOrg(branches[w.where].community),
      partyOrg(branches[w.where].branch),
    ];
    if (w.where === 'fenghua' && joint) orgs.push(partyOrg('枫华家园第二党支部'));
    if (w.where === 'fenghua')
      orgs.push({ id: committee.id, name: `${place.compound.name}第${committee.term_no}届业委会` });
    if (w.where !== 'shanxi') orgs.push(companyOf(place));
    if (w.cobuild) orgs.push(power);
    const guests =
      w.key === 'FE1'
        ? [{ name: `${rng.pick(['刘', '陈', '彭', '谭'])}阿姨`, partyLabel: '广场舞队领队' }]
        : w.where === 'nanshi'
          ? [{ name: `${rng.pick(['王', '胡', '罗', '曾'])}老板`, partyLabel: '临街商户代表' }]
          : [];
    const reps = w.where === 'fenghua' && joint ? ownerReps : [];
    // The community's staff convene the 联席会议 and keep its record.
    const convener = joint ? officer('staff') : desks[w.where];
    meetings.set(w.key, {
      plan: {
        key: w.key,
        communityId: place.community.id,
        compoundId: place.compound.id,
        type: w.type,
        title: joint
          ? `${place.compound.name}${Number(start.slice(0, 4))}年${Number(start.slice(5, 7))}月联席会议`
          : `${place.compound.name}晚饭后议事：${w.subject ?? ''}`,
        place: {
          fenghua: joint ? '枫华家园党群服务站' : '中心花园凉亭',
          nanshi: '南市街小区党支部活动室',
          shanxi: '杉溪安置小区2栋架空层',
        }[w.where],
        createdBy: convener.accountId,
        createdAt,
        noticeAt: createdAt + rng.int(40, 150) * minute,
        startsAt,
        endsAt: startsAt,
        state: startsAt < now ? 'held' : 'scheduled',
        invitees: [
          ...orgs.map((o) => ({ organisationId: o.id })),
          ...reps.map((r) => ({ personId: r.personId })),
          ...guests,
        ],
        present: [],
        walkIns: [],
        minutes: null,
      },
      where: w.where,
      words: w,
      convener,
      host: secretaryOf(partyOrg(branches[w.where].branch).id),
      names: [...orgs.map((o) => o.name), ...reps.map((r) => r.name), ...guests.map((g) => g.name)],
      agenda: [],
    });
  }
  const meetingOf = (key: string) => {
    const m = meetings.get(key);
    if (!m) throw new Error(`no demo meeting ${key}`);
    return m;
  };
  /** When the n-th item of a meeting is decided (or deferred): twenty minutes each after the opening. */
  const slot = (m: MeetingDraft, n: number) => m.plan.startsAt + (15 + 20 * n + rng.int(0, 9)) * minute;

  // ---- the escalated order that became a topic (the leaking tank of 杉溪安置小区)
  const tank = rows.orders?.find(
    (o) =>
      o.compound_id === cast.shanxi.compound.id &&
      o.escalated_to === 'community' &&
      o.description === '楼顶水箱漏水，顶楼楼道墙面渗水',
  );
  if (!tank) throw new Error('the demo orders lost the leaking tank escalated to the community');

  const topics: PlannedTopic[] = [];
  for (const w of topicWords) {
    const place = places[w.where];
    const desk = desks[w.where];
    const subject = w.building === undefined ? null : place.buildings[w.building]!;
    const meeting = w.meeting ? meetingOf(w.meeting) : undefined;
    const first = w.deferredAt ? meetingOf(w.deferredAt) : meeting;
    const raiseDay = (first ? dayIndex(first.plan.startsAt) : 0) - w.raisedDays;

    // 集民需: who raised it and when. In the app the topic is filed under the raiser's building; at
    // the desk under the building it is about; from an order under the order's.
    let raiser: PlannedTopic['raiser'];
    let raisedBy: Author;
    let raisedAt: number;
    let buildingId: string | null;
    let channel: PlannedTopic['channel'] = 'app';
    if (w.raisedBy === 'order') {
      channel = 'order';
      raisedAt = now - 44 * hour;
      raiser = {
        accountId: tank.requester_account_id,
        personId: tank.requester_person_id,
        name: tank.contact_name,
      };
      raisedBy = desk;
      buildingId = tank.building_id;
    } else if (w.raisedBy === 'staff') {
      channel = 'staff';
      raisedAt = at(raiseDay, officeHour());
      const elder = rng.pick(
        place.homes
          .filter((h) => h.building === w.building)
          .flatMap((h) => h.members.map((m) => m.person))
          .filter((p) => !p.account_id && (p.birth_year ?? 2000) <= 1952),
      );
      raiser = { accountId: null, personId: elder.id, name: elder.name };
      raisedBy = officer('staff');
      buildingId = subject?.id ?? null;
    } else {
      raisedAt = at(raiseDay, residentHour());
      const tenant = cast.tenant;
      const who: Pick<Resident, 'accountId' | 'personId' | 'name' | 'buildingId'> =
        w.raisedBy === 'tenant'
          ? {
              accountId: tenant.member.person.account_id!,
              personId: tenant.member.person.id,
              name: tenant.member.person.name,
              buildingId: tenant.home.row.building_id,
            }
          : rng.pick(
              [
                onApp(place, raisedAt, new Set(), (r) => r.buildingId === subject?.id),
                onApp(place, raisedAt, new Set(), () => true),
              ].find((pool) => pool.length) ?? [],
            );
      raiser = { accountId: who.accountId, personId: who.personId, name: who.name };
      raisedBy = asAuthor(who);
      buildingId = who.buildingId;
    }
    if (raisedAt >= now) throw new Error(`demo topic "${w.title}" raised in the future`);
    const steps: TopicStep[] = [];
    const not = new Set(raiser.accountId ? [raiser.accountId] : []);

    // When its meeting decides it (nothing yet for one still to come), and so until when neighbours may support it.
    const decidedAt = meeting && meeting.plan.startsAt < now ? slot(meeting, meeting.agenda.length) : null;
    const declinedAt = w.declined ? at(raiseDay + 1, officeHour()) : null;
    const openUntil = decidedAt ? decidedAt - hour : (declinedAt ?? now - 10 * minute);

    // 附议 and comments: most within days of raising
    const supporters = neighbours(place, raisedAt, w.supports, not);
    const supportTimes = supporters
      .map((_, i) =>
        i < threshold
          ? residentMoment(raisedAt + 20 * minute, Math.min(raisedAt + 4 * dayMs, openUntil), 1.6)
          : residentMoment(raisedAt + hour, openUntil),
      )
      .sort((a, b) => a - b);
    supporters.forEach((r, i) =>
      steps.push({ kind: 'support', at: supportTimes[i]!, accountId: r.accountId }),
    );
    const reachedAt = w.supports >= threshold ? supportTimes[threshold - 1]! : null;
    const commenters = neighbours(place, raisedAt, w.comments.length, not);
    const commentTimes = w.comments
      .map(() => residentMoment(raisedAt + 30 * minute, Math.min(raisedAt + 3 * dayMs, openUntil)))
      .sort((a, b) => a - b);
    w.comments.forEach((body, i) =>
      steps.push({ kind: 'comment', at: commentTimes[i]!, by: asAuthor(commenters[i]!), body }),
    );

    // 议民事: accepted by the supports, or by staff the next morning (a topic bound for no meeting
    // waits for supports), or declined with a reason; then on a meeting's agenda
    let acceptedAt = reachedAt;
    if (declinedAt) steps.push({ kind: 'decline', at: declinedAt, by: desk, reason: w.declined! });
    else if (!reachedAt && (meeting || channel === 'order')) {
      acceptedAt = channel === 'order' ? now - 22 * hour : at(raiseDay + 1, 9 + rng.int(0, 120) / 60);
      steps.push({ kind: 'accept', at: acceptedAt, by: desk });
    }
    const topic: PlannedTopic = {
      communityId: place.community.id,
      compoundId: place.compound.id,
      buildingId,
      category: w.category,
      title: w.title,
      body: channel === 'order' ? tank.description : w.body,
      placeText: channel === 'order' ? tank.place_text : w.placeText,
      raiser,
      channel,
      sourceOrderId: channel === 'order' ? tank.id : null,
      raisedAt,
      raisedBy,
      steps,
      state: declinedAt ? 'declined' : acceptedAt ? 'accepted' : 'raised',
    };
    const schedule = (m: MeetingDraft) => {
      const when = Math.max(m.plan.createdAt, acceptedAt! + hour);
      if (when >= m.plan.startsAt || (reachedAt !== null && when <= reachedAt))
        throw new Error(`demo topic "${w.title}" is not accepted in time for ${m.plan.key}`);
      steps.push({ kind: 'schedule', at: when, meeting: m.plan.key, by: m.convener });
      topic.state = 'scheduled';
    };
    if (w.deferredAt) {
      const m = meetingOf(w.deferredAt);
      schedule(m);
      steps.push({ kind: 'defer', at: slot(m, m.agenda.length), meeting: m.plan.key, by: m.convener });
      m.agenda.push({ words: w, topic });
    }
    if (meeting) schedule(meeting);

    // 解民忧: the decision, its action items, the work reported done
    if (meeting && decidedAt && w.decision) {
      const decisionDay = dayOf(decidedAt);
      let lastDone = 0;
      const actions = (w.actions ?? []).map((a, i) => {
        const planned = action(a, decisionDay);
        if (a.doneDays !== undefined) {
          const doneAt = dayStart(addDays(decisionDay, a.doneDays)) + Math.round(officeHour() * hour);
          // Done before the clock's day-before reminder, and before the load.
          if (doneAt >= dayStart(addDays(planned.dueDate, -1)) || doneAt >= now - hour)
            throw new Error(`demo action "${a.title}" is done too late`);
          const by = planned.ownerAccountId
            ? { accountId: planned.ownerAccountId, name: planned.ownerName }
            : meeting.convener;
          steps.push({ kind: 'action_done', at: doneAt, action: i, by, note: a.note ?? '' });
          lastDone = Math.max(lastDone, doneAt);
        }
        return planned;
      });
      const decision = {
        kind: 'decide' as const,
        at: decidedAt,
        meeting: meeting.plan.key,
        by: meeting.convener,
        text: w.decision.text,
        decidedBy:
          meeting.plan.type === 'joint'
            ? '五方联席一致通过'
            : w.decision.votes
              ? '晚饭后议事会参会居民举手表决通过'
              : '晚饭后议事会协商一致',
        votes: w.decision.votes ?? null,
        followUpKind: w.decision.followUp ?? ('none' as const),
        actions,
      };
      steps.push(decision);
      meeting.agenda.push({ words: w, topic, decision });
      const done = (w.actions ?? []).every((a) => a.doneDays !== undefined);
      topic.state = done ? 'done' : 'decided';

      // 暖民心: the raiser and supporters rate the outcome; a neighbour says thanks
      if (done) {
        const raters = [
          ...(raiser.accountId ? [asAuthor({ accountId: raiser.accountId, name: raiser.name })] : []),
          ...supporters.map(asAuthor),
        ];
        const until = Math.min(lastDone + 6 * dayMs, now - 10 * minute);
        const times = (w.ratings ?? [])
          .map(() => residentMoment(lastDone + 3 * hour, until))
          .sort((a, b) => a - b);
        (w.ratings ?? []).forEach((r, i) => {
          const [stars, comment] = typeof r === 'number' ? [r, null] : r;
          steps.push({ kind: 'rate', at: times[i]!, by: raters[i]!, stars, comment });
        });
        if (w.thanks)
          steps.push({
            kind: 'comment',
            at: residentMoment(lastDone + 2 * hour, until),
            by: raters[0]!,
            body: w.thanks,
          });
      }
    } else if (meeting) meeting.agenda.push({ words: w, topic });
    steps.sort((a, b) => a.at - b.at);
    topics.push(topic);
  }

  /** An action item as the decision writes it, with the clock's stamps if it is still open and late. */
  function action(a: ActionWords, decisionDay: string): PlannedAction {
    const owner = typeof a.owner === 'string' ? officer(a.owner) : null;
    const dueDate = addDays(decisionDay, a.dueDays);
    const today = dayOf(now);
    let clock = { remindedAt: null as number | null, overdueNotifiedAt: null as number | null };
    if (a.doneDays === undefined) {
      if (dueDate < today)
        clock = {
          remindedAt: dayStart(addDays(dueDate, -1)) + rng.int(1, 9) * minute,
          overdueNotifiedAt: dayStart(addDays(dueDate, 1)) + rng.int(1, 9) * minute,
        };
      // An item due today or tomorrow would be owed a reminder the load cannot have sent.
      else if (dueDate <= addDays(today, 1)) throw new Error(`demo action "${a.title}" is due too soon`);
    }
    return {
      title: a.title,
      ownerAccountId: owner?.accountId ?? null,
      ownerName: owner?.name ?? (a.owner as { name: string }).name,
      dueDate,
      ...clock,
    };
  }

  // ---- each held meeting's sign-in, walk-ins and minutes, now that its agenda is known
  const reps = new Set(ownerReps.map((r) => r.accountId));
  for (const m of meetings.values()) {
    const { plan } = m;
    const place = places[m.where];
    plan.endsAt = plan.startsAt + Math.max(75, 30 + 20 * m.agenda.length) * minute;
    if (plan.state !== 'held') continue;
    plan.invitees.forEach((input, i) => {
      const person = !!input.personId;
      // Now and then an owners' representative cannot come.
      if (person && !rng.chance(0.85)) return;
      plan.present.push({
        invitee: i,
        at: plan.startsAt - rng.int(2, 25) * minute,
        via: person ? 'qr' : 'staff',
      });
    });
    // Raisers come to hear their topic (列席); an evening talk draws neighbours too. Officers would
    // sign in under their organisation, so the walk-ins here are residents without a post.
    const raisers = new Set(
      m.agenda.flatMap(({ topic }) => (topic.raiser.accountId ? [topic.raiser.accountId] : [])),
    );
    const came = onApp(place, plan.startsAt, reps, (r) => raisers.has(r.accountId) && !r.officer).filter(() =>
      rng.chance(0.7),
    );
    const extra =
      plan.type === 'after_dinner'
        ? neighbours(
            place,
            plan.startsAt,
            rng.int(6, 12),
            new Set([...reps, ...came.map((r) => r.accountId)]),
            (r) => !r.officer,
          )
        : [];
    plan.walkIns = [...came, ...extra].map((r) => ({
      accountId: r.accountId,
      personId: r.personId,
      name: r.name,
      at: plan.startsAt + rng.int(-15, 20) * minute,
    }));
    plan.minutes = {
      html: minutesOf(m),
      at: at(dayIndex(plan.startsAt) + 1, 10 + rng.int(0, 90) / 60),
      by: plan.createdBy,
    };
  }

  /** 会议纪要 as the convener types it the next morning. */
  function minutesOf(m: MeetingDraft): string {
    const { plan } = m;
    const lines = [
      `<p><strong>时间：</strong>${shanghaiDateTime(plan.startsAt)}—${shanghaiDateTime(plan.endsAt).slice(11)}</p>`,
      `<p><strong>地点：</strong>${plan.place}</p>`,
      `<p><strong>主持：</strong>${m.host}；<strong>记录：</strong>${m.convener.name}</p>`,
      `<p><strong>出席：</strong>${plan.present.map((p) => m.names[p.invitee]).join('、')}` +
        `${plan.walkIns.length ? `；列席居民${plan.walkIns.length}人` : ''}</p>`,
    ];
    m.agenda.forEach(({ words, topic, decision }, i) => {
      lines.push(`<h3>${chineseNumbers[i]}、${words.title}</h3>`);
      const supports = topic.steps.filter((s) => s.kind === 'support' && s.at < plan.startsAt).length;
      const origin =
        topic.channel === 'staff'
          ? '居民到党群服务站反映，社区工作人员代为提出'
          : `居民于${dayOf(topic.raisedAt)}在线提出，${supports}位邻居附议`;
      if (!decision) {
        lines.push(`<p>${origin}。${m.words.deferral ?? '本议题另行研究。'}</p>`);
        return;
      }
      const votes = decision.votes
        ? `（同意${decision.votes[0]}票，反对${decision.votes[1]}票，弃权${decision.votes[2]}票）`
        : '';
      lines.push(
        `<p>${origin}。${decision.text.startsWith('经') ? '' : '经讨论，'}${decision.text}</p>`,
        `<p><strong>表决：</strong>${decision.decidedBy}${votes}</p>`,
      );
      if (decision.actions.length)
        lines.push(
          `<ul>${decision.actions.map((a) => `<li>${a.title}（责任方：${a.ownerName}；${a.dueDate}前完成）</li>`).join('')}</ul>`,
        );
    });
    return lines.join('\n');
  }

  // ---- what the print-out quotes
  const busy = cast.fenghua.community;
  const board = { raised: 0, discussed: 0, decided: 0, done: 0 };
  for (const t of topics) {
    const stage = t.communityId === busy.id ? stageOf(t.state) : null;
    if (stage) board[stage] += 1;
  }
  const next = [...meetings.values()].find((m) => m.plan.state === 'scheduled')!;
  const late = topics.flatMap((t) =>
    t.steps.flatMap((s) =>
      s.kind === 'decide' ? s.actions.filter((a) => a.overdueNotifiedAt !== null) : [],
    ),
  );
  if (late.length !== 1) throw new Error(`the demo should have one overdue action item, not ${late.length}`);
  const mine = topics.find((t) => t.raiser.accountId === cast.tenant.member.person.account_id)!;
  const fromOrder = topics.find((t) => t.channel === 'order')!;
  return {
    meetings: [...meetings.values()].map((m) => m.plan),
    topics,
    guide: {
      community: busy.name,
      boardPath: `/board/${busy.id}`,
      board,
      topics: topics.length,
      meetingsHeld: [...meetings.values()].filter((m) => m.plan.state === 'held').length,
      nextMeeting: {
        title: next.plan.title,
        startsAt: shanghaiDateTime(next.plan.startsAt),
        topics: next.agenda.length,
      },
      overdue: { title: late[0]!.title, owner: late[0]!.ownerName, dueDate: late[0]!.dueDate },
      residentTopic: {
        title: mine.title,
        supports: mine.steps.filter((s) => s.kind === 'support').length,
        threshold,
      },
      fromOrder: { community: cast.shanxi.community.name, title: fromOrder.title },
    },
  };
}

// ---------------------------------------------------------------- writing it

/**
 * The load's transaction as the deliberation store takes a database. Each store write opens a
 * transaction of its own; Kysely cannot nest them, so here they run inside the load's, and the
 * whole demo still goes in all or nothing.
 */
function inLoad(trx: Kysely<DB>): Kysely<DB> {
  const nested = { execute: <T>(work: (t: Kysely<DB>) => Promise<T>) => work(trx) };
  return new Proxy(trx, {
    get(target, key) {
      if (key === 'transaction') return () => nested;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A meeting as the console leaves it: planned with its invitees (resolved by the invitees module),
 * noticed, signed in to, run and closed, its minutes cleaned as the minutes route cleans them. The
 * routes' state steps only stamp the row, so it is written as they leave it.
 */
type Invitee = Awaited<ReturnType<typeof resolveInvitees>>[number];

/** Resolves each invitee once for the whole load, through the invitees module: the same parties sit at every 联席会议. */
function inviteesOf(trx: Kysely<DB>) {
  const seen = new Map<string, Promise<Invitee>>();
  return (communityId: string, input: InviteeInput) => {
    const key = `${communityId} ${JSON.stringify(input)}`;
    let found = seen.get(key);
    if (!found)
      seen.set(
        key,
        (found = resolveInvitees(trx, communityId, [input]).then(([row]) => {
          if (!row) throw new Error(`demo invitee ${key} is unknown`);
          return row;
        })),
      );
    return found;
  };
}

async function writeMeeting(
  trx: Kysely<DB>,
  m: PlannedMeeting,
  resolve: ReturnType<typeof inviteesOf>,
): Promise<MeetingsTable> {
  const row: MeetingsTable = {
    community_id: m.communityId,
    id: newId(),
    compound_id: m.compoundId,
    type: m.type,
    title: m.title,
    starts_at: m.startsAt,
    ends_at: m.endsAt,
    place: m.place,
    state: m.state,
    notice_sent_at: m.noticeAt,
    // As the meetings route makes it: a secret for the sign-in QR code.
    checkin_token: randomBytes(24).toString('base64url'),
    minutes_html: m.minutes ? sanitizeMinutes(m.minutes.html) : null,
    minutes_updated_at: m.minutes?.at ?? null,
    minutes_updated_by: m.minutes?.by ?? null,
    created_by: m.createdBy,
    created_at: m.createdAt,
    updated_at: m.minutes?.at ?? (m.state === 'held' ? m.endsAt : m.noticeAt),
  };
  await trx.insertInto('meetings').values(row).execute();
  const invitees: MeetingInviteesTable[] = [];
  for (const input of m.invitees)
    invitees.push(inviteeRow(m.communityId, row.id, await resolve(m.communityId, input)));
  for (const p of m.present)
    Object.assign(invitees[p.invitee]!, { signed_in_at: p.at, signed_in_via: p.via });
  // A walk-in signs in on a row of their own, as the check-in route adds it.
  const walkIns = m.walkIns.map((w): MeetingInviteesTable => ({
    community_id: m.communityId,
    id: newId(),
    meeting_id: row.id,
    organisation_kind: null,
    organisation_id: null,
    person_id: w.personId,
    account_id: w.accountId,
    name: w.name,
    party_label: null,
    invited: 0,
    signed_in_at: w.at,
    signed_in_via: 'qr',
  }));
  if (invitees.length + walkIns.length)
    await trx
      .insertInto('meeting_invitees')
      .values([...invitees, ...walkIns])
      .execute();
  return row;
}

/** Puts the topic on the meeting's agenda, after its last item (as the meetings route's agenda does). */
async function listOnAgenda(trx: Kysely<DB>, m: MeetingsTable, topic: TopicsTable, at: number) {
  const last = await trx
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('community_id', '=', m.community_id)
    .where('meeting_id', '=', m.id)
    .executeTakeFirst();
  const id = newId();
  await trx
    .insertInto('agenda_items')
    .values({
      community_id: m.community_id,
      id,
      meeting_id: m.id,
      topic_id: topic.id,
      title: topic.title,
      position: Number(last?.p ?? 0) + 1,
      outcome: 'pending',
      created_at: at,
    })
    .execute();
  return id;
}

/**
 * The decision on an agenda item, written as the decision route writes it: the item settled, the
 * decision and its action items, and on the trail discussed → decided → action_added…
 */
async function decide(
  trx: Kysely<DB>,
  m: MeetingsTable,
  itemId: string,
  topic: TopicsTable,
  s: TopicStep & { kind: 'decide' },
): Promise<ActionItemsTable[]> {
  const cid = m.community_id;
  const decision: DecisionsTable = {
    community_id: cid,
    id: newId(),
    meeting_id: m.id,
    agenda_item_id: itemId,
    topic_id: topic.id,
    text: s.text,
    decided_by: s.decidedBy,
    votes_for: s.votes?.[0] ?? null,
    votes_against: s.votes?.[1] ?? null,
    votes_abstain: s.votes?.[2] ?? null,
    follow_up_kind: s.followUpKind,
    follow_up_id: null,
    created_by: s.by.accountId,
    created_at: s.at,
  };
  const actions = s.actions.map((a): ActionItemsTable => ({
    community_id: cid,
    id: newId(),
    decision_id: decision.id,
    topic_id: topic.id,
    title: a.title,
    owner_account_id: a.ownerAccountId,
    owner_name: a.ownerName,
    due_date: a.dueDate,
    state: 'open',
    done_at: null,
    done_note: null,
    cancelled_at: null,
    cancel_reason: null,
    reminded_at: a.remindedAt,
    overdue_notified_at: a.overdueNotifiedAt,
    created_at: s.at,
    updated_at: s.at,
    version: 1,
  }));
  await trx
    .updateTable('agenda_items')
    .set({ outcome: 'decided' })
    .where('community_id', '=', cid)
    .where('id', '=', itemId)
    .where('outcome', '=', 'pending')
    .execute();
  await trx.insertInto('decisions').values(decision).execute();
  if (actions.length) await trx.insertInto('action_items').values(actions).execute();
  await recordTopicEvent(
    trx,
    cid,
    topic.id,
    'discussed',
    s.by,
    { meetingId: m.id, meetingTitle: m.title, meetingType: m.type, startsAt: m.starts_at },
    s.at,
  );
  await moveTopic(trx, cid, topic.id, 'decide', s.by, s.at, {
    decisionId: decision.id,
    text: s.text,
    decidedBy: s.decidedBy,
    followUpKind: s.followUpKind,
  });
  for (const a of actions)
    await recordTopicEvent(
      trx,
      cid,
      topic.id,
      'action_added',
      s.by,
      { actionId: a.id, title: a.title, ownerName: a.owner_name, dueDate: a.due_date },
      s.at,
    );
  if (!actions.length) await moveTopic(trx, cid, topic.id, 'finish', s.by, s.at, { decisionId: decision.id });
  return actions;
}

/**
 * An action item marked done, as the action-items route does it: the item, action_done on the trail,
 * and the topic done once every item is done or cancelled. Returns the topic when that finished it.
 */
async function completeAction(
  trx: Kysely<DB>,
  item: ActionItemsTable,
  s: TopicStep & { kind: 'action_done' },
): Promise<TopicsTable | null> {
  const cid = item.community_id;
  const topicId = item.topic_id!;
  await lockTopic(trx, cid, topicId);
  await trx
    .updateTable('action_items')
    .set({ state: 'done', done_at: s.at, done_note: s.note, updated_at: s.at, version: item.version + 1 })
    .where('community_id', '=', cid)
    .where('id', '=', item.id)
    .where('state', '=', 'open')
    .execute();
  await recordTopicEvent(
    trx,
    cid,
    topicId,
    'action_done',
    s.by,
    { actionId: item.id, title: item.title, note: s.note },
    s.at,
  );
  const siblings = await trx
    .selectFrom('action_items')
    .select('state')
    .where('community_id', '=', cid)
    .where('topic_id', '=', topicId)
    .execute();
  return topicFinished(siblings) ? moveTopic(trx, cid, topicId, 'finish', s.by, s.at) : null;
}

/** One topic's life, step by step through the deliberation store and trail. */
async function tell(
  trx: Kysely<DB>,
  t: PlannedTopic,
  meetings: ReadonlyMap<string, MeetingsTable>,
  threshold: number,
) {
  const db = inLoad(trx);
  const cid = t.communityId;
  let topic = await raiseTopic(
    db,
    {
      communityId: cid,
      compoundId: t.compoundId,
      buildingId: t.buildingId,
      category: t.category,
      title: t.title,
      body: t.body,
      placeText: t.placeText,
      raisedByAccountId: t.raiser.accountId,
      raisedByPersonId: t.raiser.personId,
      raiserName: t.raiser.name,
      channel: t.channel,
      sourceOrderId: t.sourceOrderId,
      isPublic: true,
      fileIds: [],
      actor: t.raisedBy,
    },
    t.raisedAt,
  );
  const agenda = new Map<string, string>();
  let actions: ActionItemsTable[] = [];
  const meeting = (key: string) => meetings.get(key)!;
  for (const s of t.steps)
    switch (s.kind) {
      case 'support':
        await supportTopic(db, topic, s.accountId, threshold, s.at);
        break;
      case 'comment':
        await addComment(db, topic, s.by, s.body, s.at);
        break;
      case 'accept':
        topic = await moveTopic(trx, cid, topic.id, 'accept', s.by, s.at);
        break;
      case 'decline':
        // As the decline route does: the move, then the reason on the row.
        topic = await moveTopic(trx, cid, topic.id, 'decline', s.by, s.at, { reason: s.reason });
        await trx
          .updateTable('topics')
          .set({ decline_reason: s.reason })
          .where('community_id', '=', cid)
          .where('id', '=', topic.id)
          .execute();
        break;
      case 'schedule': {
        const m = meeting(s.meeting);
        topic = await moveTopic(trx, cid, topic.id, 'schedule', s.by, s.at, {
          meetingId: m.id,
          meetingTitle: m.title,
        });
        agenda.set(s.meeting, await listOnAgenda(trx, m, topic, s.at));
        break;
      }
      case 'defer':
        await deferItems(
          trx,
          cid,
          [{ id: agenda.get(s.meeting)!, topic_id: topic.id }],
          s.by,
          meeting(s.meeting),
          s.at,
        );
        break;
      case 'decide':
        actions = await decide(trx, meeting(s.meeting), agenda.get(s.meeting)!, topic, s);
        break;
      case 'action_done':
        topic = (await completeAction(trx, actions[s.action]!, s)) ?? topic;
        break;
      case 'rate':
        await rateTopic(db, topic, s.by, s.stars, s.comment, s.at);
        break;
    }
}

const seededTables = [
  'meetings',
  'meeting_invitees',
  'agenda_items',
  'decisions',
  'action_items',
  'topics',
  'topic_supports',
  'topic_comments',
  'topic_ratings',
  'topic_events',
] as const satisfies readonly (keyof DB)[];

/**
 * Writes the planned year in the load's transaction: the meetings first, then each topic's steps in
 * the order they happened. Returns the rows written, per table.
 */
export async function seedDeliberation(
  trx: Kysely<DB>,
  plan: DeliberationPlan,
): Promise<Partial<Record<keyof DB, number>>> {
  const meetings = new Map<string, MeetingsTable>();
  const resolve = inviteesOf(trx);
  for (const m of plan.meetings) meetings.set(m.key, await writeMeeting(trx, m, resolve));
  const communities = [...new Set(plan.topics.map((t) => t.communityId))];
  const thresholds = new Map<string, number>();
  for (const id of communities) thresholds.set(id, (await deliberationSettings(trx, id)).supportThreshold);
  for (const t of plan.topics) await tell(trx, t, meetings, thresholds.get(t.communityId)!);
  const counts: Partial<Record<keyof DB, number>> = {};
  for (const table of seededTables) {
    const row = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', 'in', communities)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
