import { demoPassword, type DemoLogin } from './data';
import type { DemoSeeded } from './seed';

/** What `seed-demo` and `npm start` print after loading the demo: the figures, then the logins. Pure. */

// Chinese characters and full-width punctuation take two columns in a terminal.
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += wide.test(ch) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

export function loginTable(logins: readonly DemoLogin[]): string {
  const header = ['role', '角色', 'phone', 'password', 'name', 'granted on'];
  const rows = logins.map((l) => [l.role, l.title, l.phone, l.password, l.name, l.scope]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...logins.flatMap((l, i) => [line(rows[i]!), `  ${' '.repeat(widths[0]! + 2)}↳ ${l.sees}`]),
  ].join('\n');
}

/** Where the orders, assemblies and topics show, and which login finds what: the tour after the table. */
export function whereToLook(seeded: Pick<DemoSeeded, 'logins' | 'guide'>): string {
  const { orders, volunteer, partyMember, resident, assemblies, deliberation: talk } = seeded.guide;
  const as = (role: DemoLogin['role']) => {
    const login = seeded.logins.find((l) => l.role === role);
    return login ? `${login.title} ${login.phone}` : role;
  };
  const bar = { ordinary: 'ordinary, more than half', special: 'special, three quarters' };
  return [
    'Where to look (去哪里看):',
    '',
    `  Console 控制台 /console, as ${as('communityStaff')}:`,
    `    求助订单 → 派单台 (dispatch board): ${orders.total} orders over the last ${orders.days} days, ` +
      `${orders.open} open now, ${orders.overdue} of them overdue; 数据统计 (figures) charts them.`,
    `    业主自治 → 业主大会 (owners' assemblies):`,
    `      投票中 voting now: ${assemblies.open}, ${assemblies.turnoutPercent}% of owners in so far;`,
    `        tabs 实时参与率 (live turnout), 纸质票 (paper sheets, ${assemblies.pendingSheets} waiting for a ` +
      `second staff check), 扫楼 (canvassing).`,
    `      已公示 results published: ${assemblies.published}:`,
    ...assemblies.results.map(
      (m) =>
        `        第${m.item}项 ${m.title}: ${bar[m.kind as keyof typeof bar] ?? m.kind}, ` +
        `${m.passed ? 'passed 通过' : 'not passed 未通过'}.`,
    ),
    `    有事大家议 → 议题 / 会议 / 落实事项 (topics, meetings, action items): ${talk.topics} topics over the ` +
      `past year, ${talk.meetingsHeld} meetings held (monthly 联席会议, 晚饭后议事); ${talk.nextMeeting.topics} ` +
      `topics on ${talk.nextMeeting.title} (${talk.nextMeeting.startsAt}); one action item overdue: ` +
      `${talk.overdue.title} (${talk.overdue.owner}, due ${talk.overdue.dueDate}).`,
    `  Resident app 居民端 /:`,
    `    ${as('volunteer')} → 我的任务 (my tasks): ${volunteer.board} on the squad board (抢单板), ` +
      `${volunteer.tasks} in hand.`,
    `    ${as('partyMember')} → 我的任务 (my tasks): ${partyMember.board} on the care team's board, ` +
      `${partyMember.tasks} in hand (上门理发).`,
    `    ${as('resident')} → 我的订单 (my orders): ${resident.orders}, ${resident.awaitingRating} resolved ` +
      `and waiting for a rating.`,
    `    ${as('owner')} → 业主大会 (owners' assembly): voting is open and they have not voted yet.`,
    `    ${as('resident')} → 有事大家议 (topics): their own "${talk.residentTopic.title}", ` +
      `${talk.residentTopic.supports} of the ${talk.residentTopic.threshold} supports it needs.`,
    `  Results board 议事公示栏 (no login) ${talk.boardPath}: ${talk.community} — 协调解决问题 ` +
      `${talk.board.done} 个 (done), ${talk.board.decided} decided with actions under way, ${talk.board.discussed} on ` +
      `next week's agenda, ${talk.board.raised} waiting for supports or a meeting; each topic opens to its whole trail.`,
  ].join('\n');
}

export function demoReport(seeded: DemoSeeded): string {
  const n = (table: keyof DemoSeeded['counts']) => (seeded.counts[table] ?? 0).toLocaleString('en');
  const residents = (seeded.counts.accounts ?? 0) - seeded.logins.length;
  return [
    '',
    `Loaded the demo street 湘江街道（演示） in ${(seeded.ms / 1000).toFixed(1)} s: ${n('communities')} communities, ` +
      `${n('compounds')} compounds, ${n('rooms')} rooms, ${n('households')} households, ${n('people')} people; ` +
      `${n('orders')} service orders, ${n('assemblies')} owners' assemblies with ${n('ballots')} ballots, ` +
      `${n('topics')} topics and ${n('meetings')} meetings.`,
    `Every name is invented; phone numbers are 1380000xxxx (logins) and 1990000xxxx (residents; ` +
      `${residents.toLocaleString('en')} of them use the app on their own number, with the same password).`,
    '',
    `Demo logins (the password is ${demoPassword} for all):`,
    '',
    loginTable(seeded.logins),
    '',
    whereToLook(seeded),
    '',
  ].join('\n');
}
