import type { TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import {
  addResident,
  addSquadMember,
  api,
  notificationKinds,
  staffOfB,
  type Actor,
} from '../orders/orders.testkit';

export { addResident, addSquadMember, api, body, errorCode, notificationKinds, staffOfB, type Actor };

/** An activity as the console answers it (the fields tests look at). */
export interface ActivityJson {
  id: string;
  state: string;
  capacity: number | null;
  placesLeft: number | null;
  confirmedCount: number;
  waitlistCount: number;
  pendingCount: number;
  checkedInCount: number;
  checkinPath: string;
  servedCount: number | null;
  version: number;
  mySignup: { id: string; state: string; waitlistPlace: number | null; checkedInAt: number | null } | null;
}

export interface SignupJson {
  id: string;
  name: string;
  state: string;
  waitlistPlace: number | null;
  asVolunteer: boolean;
  checkedInAt: number | null;
}

export interface EntryJson {
  id: string;
  personId: string;
  sourceKind: string;
  sourceId: string;
  minutes: number;
  source: { kind: string; id: string; title: string; link: string | null };
  voidedAt: number | null;
}

export interface PageJson<T> {
  items: T[];
  total: number;
}

const hour = 3_600_000;

/**
 * Creates and publishes an activity in community A as `client` (squadA's leader by default), an
 * hour from now, two hours long; returns it.
 */
export async function publishedActivity(
  t: TestContext,
  client: Client,
  fields: Record<string, unknown> = {},
): Promise<ActivityJson> {
  const A = api(t.world.communityA);
  const now = Date.now();
  const made = body<ActivityJson>(
    await client.post(`${A}/activities`, {
      title: '重阳节文艺汇演',
      type: 'culture',
      description: '社区文艺队演出，欢迎居民观看',
      place: '社区广场',
      startsAt: now + hour,
      endsAt: now + 3 * hour,
      squadId: t.world.squadA,
      compoundId: t.world.compoundA1,
      ...fields,
    }),
    201,
  );
  return body<ActivityJson>(await client.post(`${A}/activities/${made.id}/publish`), 200);
}

/** The token of an activity's check-in page, as the console shows it (/checkin/a/<token>). */
export const tokenOf = (a: ActivityJson) => a.checkinPath.split('/').pop()!;

/** Several residents of roomA1's compound, confirmed in their households; logged in. */
export async function residents(
  t: TestContext,
  names: string[],
): Promise<(Actor & { householdId: string })[]> {
  const out = [];
  for (const name of names) out.push(await addResident(t, name));
  return out;
}
