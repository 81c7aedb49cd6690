import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { BusEvent } from '../../core/events';
import {
  assemblies,
  body,
  draftAssembly,
  openVoting,
  ownersCompound,
  vote,
  type OwnersCompound,
} from './votes.testkit';

/**
 * The live turnout each ballot publishes is kept up to date incrementally (issue #10: a recount of a
 * 100k-room roll per ballot took longer than the ballot). It must say exactly what a full tally says.
 */

let t: TestContext;
let c: OwnersCompound;
beforeAll(async () => {
  t = await startTestApp();
  c = await ownersCompound(t);
});
afterAll(() => t.close());

interface Turnout {
  matterId: string;
  ballots: number;
  participatingHeads: number;
  participatingAreaCenti: number;
  quorum: boolean;
}

describe('live turnout', () => {
  it('agrees with the full tally after every ballot, re-votes and multi-room owners included', async () => {
    const { assemblyId, matterIds } = await draftAssembly(c);
    const matterId = matterIds[0]!;
    await openVoting(t, c, assemblyId);
    const heard: Turnout[] = [];
    const stop = t.deps.events.subscribe(`assembly:${assemblyId}`, (e: BusEvent) => {
      if (e.type === 'turnout') heard.push(e.data as Turnout);
    });
    const full = async () =>
      body<{ matters: { matterId: string; participatingHeads: number; participatingAreaCenti: number }[] }>(
        await c.manager.get(`${assemblies(c)}/${assemblyId}/turnout`),
        200,
      ).matters.find((m) => m.matterId === matterId)!;
    const casts: [Parameters<typeof c.owner>[0], string][] = [
      ['张三', 'no'],
      ['张三', 'yes'],
      ['赵六', 'yes'],
      ['李四', 'abstain'],
      ['张三', 'no'],
    ];
    for (const [owner, choice] of casts) {
      body(await vote(await c.owner(owner), assemblyId, matterId, { choice }), 201);
      const live = heard.at(-1)!;
      const counted = await full();
      expect(live).toMatchObject({
        matterId,
        participatingHeads: counted.participatingHeads,
        participatingAreaCenti: counted.participatingAreaCenti,
      });
    }
    expect(heard.map((h) => h.ballots)).toEqual([1, 2, 3, 4, 5]);
    expect(heard.map((h) => h.participatingHeads)).toEqual([1, 1, 2, 3, 3]);
    stop();
  });
});
