import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { developerKey, electorate, roomVoter, type OwnershipFact, type RoomArea } from './voters';

let seq = 0;
function owns(roomId: string, owner: string, extra: Partial<OwnershipFact> = {}): OwnershipFact {
  seq += 1;
  const developer = owner === developerKey;
  return {
    id: `o${String(seq).padStart(4, '0')}`,
    roomId,
    personId: developer ? null : owner,
    isDeveloper: developer,
    isVoter: false,
    createdAt: seq,
    ...extra,
  };
}
const room = (id: string, areaCenti = 10000): RoomArea => ({ id, areaCenti });
const voterOf = (result: ReturnType<typeof electorate>, roomId: string) =>
  result.rooms.find((r) => r.roomId === roomId)?.voter;

describe('electorate (DESIGN §6)', () => {
  it('one room, one owner: one head, the room’s area', () => {
    const result = electorate([room('r1', 8957)], [owns('r1', 'p1')]);
    expect(result).toEqual({
      rooms: [{ roomId: 'r1', areaCenti: 8957, voter: 'p1', ownershipId: expect.any(String) }],
      totalAreaCenti: 8957,
      heads: 1,
    });
  });

  it('co-owners share one voter: the one marked', () => {
    const result = electorate(
      [room('r1')],
      [owns('r1', 'husband'), owns('r1', 'wife', { isVoter: true }), owns('r1', 'son')],
    );
    expect(voterOf(result, 'r1')).toBe('wife');
    expect(result.heads).toBe(1);
  });

  it('co-owners with none marked: the earliest created owner votes, whatever the input order', () => {
    const first = owns('r1', 'first', { createdAt: 1 });
    const second = owns('r1', 'second', { createdAt: 2 });
    expect(voterOf(electorate([room('r1')], [second, first]), 'r1')).toBe('first');
    expect(voterOf(electorate([room('r1')], [first, second]), 'r1')).toBe('first');
  });

  it('co-owners created in the same millisecond: the tie is broken by id, not by input order', () => {
    const a = owns('r1', 'a', { id: 'o-a', createdAt: 5 });
    const b = owns('r1', 'b', { id: 'o-b', createdAt: 5 });
    expect(roomVoter([b, a])?.personId).toBe('a');
    expect(roomVoter([a, b])?.personId).toBe('a');
  });

  it('a person owning several rooms is one head for all of them, with all their area', () => {
    const result = electorate(
      [room('r1', 9000), room('r2', 6000), room('r3', 12000)],
      [owns('r1', 'p1'), owns('r2', 'p1'), owns('r3', 'p2')],
    );
    expect(result.rooms.map((r) => r.voter)).toEqual(['p1', 'p1', 'p2']);
    expect(result.heads).toBe(2);
    expect(result.totalAreaCenti).toBe(27000);
  });

  it('the developer’s unsold rooms are one voter together', () => {
    const result = electorate(
      [room('r1'), room('r2'), room('r3'), room('r4')],
      [owns('r1', developerKey), owns('r2', developerKey), owns('r3', developerKey), owns('r4', 'p1')],
    );
    expect(result.rooms.map((r) => r.voter)).toEqual([developerKey, developerKey, developerKey, 'p1']);
    expect(result.heads).toBe(2);
  });

  it('a room with no owner has no voter but its area still counts in the total', () => {
    const result = electorate([room('r1', 5000), room('r2', 7000)], [owns('r1', 'p1')]);
    expect(voterOf(result, 'r2')).toBeNull();
    expect(result.rooms.find((r) => r.roomId === 'r2')?.ownershipId).toBeNull();
    expect(result.heads).toBe(1);
    expect(result.totalAreaCenti).toBe(12000);
  });

  it('a co-owner voting for one room and owning another alone counts as one head', () => {
    // p1 votes for r1 (shared with p2) and owns r2 alone: p1 is one head; p2 carries no vote.
    const result = electorate(
      [room('r1'), room('r2')],
      [owns('r1', 'p1', { isVoter: true }), owns('r1', 'p2'), owns('r2', 'p1')],
    );
    expect(result.heads).toBe(1);
  });

  it('ignores ownerships of rooms not in the list and rows naming neither a person nor the developer', () => {
    const result = electorate(
      [room('r1')],
      [owns('elsewhere', 'p9'), owns('r1', 'ghost', { personId: null, isVoter: true }), owns('r1', 'p1')],
    );
    expect(voterOf(result, 'r1')).toBe('p1');
    expect(result.heads).toBe(1);
  });

  it('no rooms: nothing to count', () => {
    expect(electorate([], [])).toEqual({ rooms: [], totalAreaCenti: 0, heads: 0 });
  });
});

// ---- properties ----

const people = ['p1', 'p2', 'p3', 'p4', 'p5', developerKey];

/** A compound of up to 12 rooms, each with 0–3 owners drawn from a small pool (so sharing happens). */
const compound = fc
  .array(
    fc.record({
      areaCenti: fc.integer({ min: 1, max: 50_000 }),
      owners: fc.uniqueArray(fc.constantFrom(...people), { maxLength: 3 }),
      marked: fc.nat({ max: 3 }),
    }),
    { maxLength: 12 },
  )
  .map((specs) => {
    const rooms = specs.map((s, i) => room(`r${i}`, s.areaCenti));
    const ownerships = specs.flatMap((s, i) =>
      s.owners.map((owner, j) => owns(`r${i}`, owner, { isVoter: j === s.marked })),
    );
    return { rooms, ownerships };
  });

describe('electorate properties', () => {
  it('heads never exceed the rooms that have an owner', () => {
    fc.assert(
      fc.property(compound, ({ rooms, ownerships }) => {
        const owned = new Set(ownerships.map((o) => o.roomId)).size;
        expect(electorate(rooms, ownerships).heads).toBeLessThanOrEqual(owned);
      }),
    );
  });

  it('heads are exactly the distinct voters of the rooms, and every owned room has one', () => {
    fc.assert(
      fc.property(compound, ({ rooms, ownerships }) => {
        const result = electorate(rooms, ownerships);
        const owned = new Set(ownerships.map((o) => o.roomId));
        for (const r of result.rooms) expect(r.voter !== null).toBe(owned.has(r.roomId));
        expect(result.heads).toBe(new Set(result.rooms.flatMap((r) => (r.voter ? [r.voter] : []))).size);
      }),
    );
  });

  it('the voter of a room is always one of its owners', () => {
    fc.assert(
      fc.property(compound, ({ rooms, ownerships }) => {
        for (const r of electorate(rooms, ownerships).rooms) {
          if (!r.ownershipId) continue;
          const o = ownerships.find((x) => x.id === r.ownershipId);
          expect(o?.roomId).toBe(r.roomId);
        }
      }),
    );
  });

  it('total area is the sum of every room’s area', () => {
    fc.assert(
      fc.property(compound, ({ rooms, ownerships }) => {
        const sum = rooms.reduce((acc, r) => acc + r.areaCenti, 0);
        expect(electorate(rooms, ownerships).totalAreaCenti).toBe(sum);
      }),
    );
  });

  it('moving a room to an owner who already owns one does not increase heads', () => {
    fc.assert(
      fc.property(compound, fc.nat(), fc.nat(), ({ rooms, ownerships }, pickRoom, pickOwner) => {
        const before = electorate(rooms, ownerships);
        const existing = [...new Set(before.rooms.flatMap((r) => (r.voter ? [r.voter] : [])))];
        fc.pre(rooms.length > 0 && existing.length > 0);
        const moved = rooms[pickRoom % rooms.length]!.id;
        const newOwner = existing[pickOwner % existing.length]!;
        const after = electorate(rooms, [
          ...ownerships.filter((o) => o.roomId !== moved),
          owns(moved, newOwner),
        ]);
        expect(after.heads).toBeLessThanOrEqual(before.heads);
        expect(after.totalAreaCenti).toBe(before.totalAreaCenti);
      }),
    );
  });

  it('the result does not depend on the order ownerships arrive in', () => {
    fc.assert(
      fc.property(
        compound.chain((c) =>
          fc.tuple(fc.constant(c), fc.shuffledSubarray(c.ownerships, { minLength: c.ownerships.length })),
        ),
        ([{ rooms, ownerships }, shuffled]) => {
          expect(electorate(rooms, shuffled)).toEqual(electorate(rooms, ownerships));
        },
      ),
    );
  });
});
