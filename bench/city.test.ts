import { describe, expect, it } from 'vitest';
import { categoryWeights, City, hourWeights, type CityEnv } from './city';

/** The synthetic city is drawn from its seed alone: the same seed, the same rows; its shape as intended. */

const now = Date.parse('2026-11-20T12:00:00+08:00');
const env = (seed: number): CityEnv => ({
  seed,
  now,
  // Sealing is randomised in the real vault; a readable stand-in keeps rows comparable.
  vault: { seal: (plain) => `sealed:${plain}`, lookupHash: (plain) => `hash:${plain}` },
  passwordHash: 'scrypt$test',
});

function draw(seed: number) {
  const city = new City('small', env(seed));
  const { rows, plan } = city.community(0);
  const orders = city.orders(plan, 0);
  return { city, rows, plan, orders };
}

describe('the bench city', () => {
  it('is the same for the same seed and different for another', () => {
    const a = draw(7);
    const b = draw(7);
    expect(JSON.stringify(b.rows)).toBe(JSON.stringify(a.rows));
    expect(JSON.stringify(b.orders)).toBe(JSON.stringify(a.orders));
    expect(JSON.stringify(draw(8).orders)).not.toBe(JSON.stringify(a.orders));
  });

  it('draws a community one chunk of orders at a time, whatever came before', () => {
    const alone = new City('small', env(3));
    const late = alone.community(1);
    const after = new City('small', env(3));
    after.community(0);
    const again = after.community(1);
    expect(JSON.stringify(again.rows.rooms)).toBe(JSON.stringify(late.rows.rooms));
    expect(JSON.stringify(after.orders(again.plan, 2))).toBe(JSON.stringify(alone.orders(late.plan, 2)));
  });

  it('has the shape asked for: rooms, about 2.5 people a room, an owner for every room', () => {
    const { rows, city } = draw(1);
    const s = city.shape;
    const rooms =
      s.compoundsPerCommunity * s.buildingsPerCompound * s.entrancesPerBuilding * s.floors * s.roomsPerFloor;
    expect(rows.rooms).toHaveLength(rooms);
    const residents = rows.residencies!.length / rooms;
    expect(residents).toBeGreaterThan(2.2);
    expect(residents).toBeLessThan(2.8);
    const voters = new Set(rows.ownerships!.filter((o) => o.is_voter === 1).map((o) => o.room_id));
    expect(voters.size).toBe(rooms);
  });

  it('asks for each category about as often as its weight, mostly in the evening', () => {
    const { orders, plan } = draw(1);
    const list = orders.orders!;
    const codeOf = new Map(plan.categories.map((c) => [c.id, c.code]));
    const total = Object.values(categoryWeights).reduce((a, b) => a + b, 0);
    for (const [code, weight] of Object.entries(categoryWeights)) {
      const share = list.filter((o) => codeOf.get(o.category_id) === code).length / list.length;
      expect(Math.abs(share - weight / total), code).toBeLessThan(0.02);
    }
    const hour = (t: number) => new Date(t + 8 * 3_600_000).getUTCHours();
    const inHours = (from: number, to: number) =>
      list.filter((o) => hour(o.created_at) >= from && hour(o.created_at) < to).length;
    const weightIn = (from: number, to: number) => hourWeights.slice(from, to).reduce((a, b) => a + b, 0);
    const all = hourWeights.reduce((a, b) => a + b, 0);
    expect(Math.abs(inHours(18, 21) / list.length - weightIn(18, 21) / all)).toBeLessThan(0.02);
    expect(inHours(18, 21)).toBeGreaterThan(10 * inHours(0, 5));
  });

  it('stores each order as its timeline makes it: seqs 1…n, the version, the state of its last step', () => {
    const { orders } = draw(1);
    const events = new Map<string, NonNullable<typeof orders.order_events>>();
    for (const e of orders.order_events!) events.set(e.order_id, [...(events.get(e.order_id) ?? []), e]);
    for (const o of orders.orders!) {
      const timeline = events.get(o.id)!;
      expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
      expect(o.version).toBe(timeline.length);
      expect(timeline.at(-1)!.to_state).toBe(o.state);
      expect(timeline[0]!.type).toBe('create');
    }
    // A chunk from two years ago is history: every order has ended.
    expect(new Set(orders.orders!.map((o) => o.state))).toEqual(
      new Set(['closed', 'auto_closed', 'cancelled']),
    );
  });

  it('opens the new town’s assembly with its roll frozen and most owners having voted', () => {
    const city = new City('small', env(1));
    const town = city.town();
    const { assembly } = city.manifest;
    expect(town.assembly_rooms).toHaveLength(assembly.rooms);
    expect(town.assembly_voters).toHaveLength(assembly.rooms);
    const turnout = assembly.ballots / assembly.rooms;
    expect(turnout).toBeGreaterThan(0.6);
    expect(turnout).toBeLessThan(0.7);
    const chain = town.ballots!;
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
  });
});
