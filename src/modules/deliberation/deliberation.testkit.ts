import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, type Client } from '../../../test/support/client';
import { addResident } from '../orders/orders.testkit';
import type { TopicEvent } from './rules';
import { moveTopic, recordTopicEvent } from './trail';

/**
 * Helpers for the deliberation API tests (and the web's browser tests): residents of compounds A1
 * and A2, raising topics, and moving a topic on as meetings would (schedule, decide, finish).
 */

export { addResident };

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

/** A room in compound A2 (the test world has only A1's), for a resident of the other compound. */
export async function roomInA2(t: TestContext): Promise<string> {
  const now = Date.now();
  const life = { created_at: now, updated_at: now, archived_at: null };
  const entrance = newId();
  await t.deps.db
    .insertInto('entrances')
    .values({
      community_id: t.world.communityA,
      id: entrance,
      building_id: t.world.buildingA2,
      name: '1单元',
      ...life,
    })
    .execute();
  const id = newId();
  await t.deps.db
    .insertInto('rooms')
    .values({
      community_id: t.world.communityA,
      id,
      compound_id: t.world.compoundA2,
      building_id: t.world.buildingA2,
      entrance_id: entrance,
      number: '1801',
      floor: 18,
      area_centi: 12000,
      area_source: 'register',
      use: 'residence',
      ...life,
    })
    .execute();
  return id;
}

export interface TopicJson {
  id: string;
  communityId: string;
  compoundId: string | null;
  buildingId: string | null;
  category: string;
  categoryName: string;
  title: string;
  raiserName: string;
  raisedByMe: boolean;
  channel: string;
  sourceOrderId: string | null;
  state: string;
  stage: string | null;
  supportCount: number;
  commentCount: number;
  isPublic: boolean;
  declineReason: string | null;
  trail: { seq: number; kind: string; actorName: string; data: Record<string, unknown>; at: number }[];
  comments: { id: string; authorName: string; body: string; mine: boolean; hidden: boolean }[];
  photos: { id: string; url: string; thumbUrl: string | null }[];
  mySupport: boolean;
  myRating: { stars: number } | null;
  ratings: { stars: number; comment: string | null; raterName: string }[];
  ratingAverage: number | null;
}

export interface PageJson<T> {
  items: T[];
  total: number;
}

/** A resident's topic, raised through the API. */
export async function raise(client: Client, fields: Record<string, unknown> = {}): Promise<TopicJson> {
  return body<TopicJson>(
    await client.post('/api/v1/me/topics', {
      category: 'parking',
      title: '小区东门乱停车',
      body: '东门每天晚上都有车堵住消防通道',
      placeText: '东门',
      ...fields,
    }),
    201,
  );
}

/** Moves a topic as the meetings would, straight through the trail. */
export async function advance(t: TestContext, topicId: string, events: TopicEvent[], at = Date.now()) {
  for (const event of events)
    await t.deps.db
      .transaction()
      .execute((trx) =>
        moveTopic(trx, t.world.communityA, topicId, event, { accountId: null, name: '联席会议' }, at),
      );
}

/** A trail entry that does not move the topic (an action done, say). */
export async function note(t: TestContext, topicId: string, kind: 'discussed' | 'action_done', data: object) {
  await t.deps.db
    .transaction()
    .execute((trx) =>
      recordTopicEvent(trx, t.world.communityA, topicId, kind, { accountId: null, name: '王书记' }, data),
    );
}
