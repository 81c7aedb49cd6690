import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaTarget, noticeStatus, reaches, visibleAt, type Place, type Target } from './visibility';

/** A small community model: two communities, two compounds each, two buildings, two entrances. */
const ids = (prefix: string) => fc.constantFrom(`${prefix}1`, `${prefix}2`);
const place: fc.Arbitrary<Place> = fc.tuple(ids('C'), ids('P'), ids('B'), ids('E')).map(([c, p, b, e]) => ({
  communityId: c,
  compoundId: `${c}${p}`,
  buildingId: `${c}${p}${b}`,
  entranceId: `${c}${p}${b}${e}`,
}));

/** The target of a kind covering the place, as resolveTargets fills it. */
function targetAt(kind: Target['kind'], p: Place): Target {
  const t: Target = {
    kind,
    communityId: p.communityId,
    compoundId: null,
    buildingId: null,
    entranceId: null,
  };
  if (kind === 'community') return t;
  t.compoundId = p.compoundId;
  if (kind === 'compound') return t;
  t.buildingId = p.buildingId;
  if (kind === 'building') return t;
  return { ...t, entranceId: p.entranceId };
}
const kind = fc.constantFrom('community', 'compound', 'building', 'entrance' as const);
const target = fc.tuple(kind, place).map(([k, p]) => targetAt(k, p));
const timing = fc.record({
  state: fc.constantFrom('draft', 'published', 'withdrawn' as const),
  publishAt: fc.option(fc.integer({ min: 0, max: 1000 })),
  expireAt: fc.option(fc.integer({ min: 0, max: 1000 })),
});

describe('which households a notice reaches', () => {
  it('a target reaches a place exactly when the place lies inside it', () => {
    fc.assert(
      fc.property(target, place, (t, p) => {
        const inside =
          t.communityId === p.communityId &&
          (t.compoundId === null || t.compoundId === p.compoundId) &&
          (t.buildingId === null || t.buildingId === p.buildingId) &&
          (t.entranceId === null || t.entranceId === p.entranceId);
        expect(reaches(t, p)).toBe(inside);
      }),
    );
  });

  it('widening a target never loses a household: entrance ⊂ building ⊂ compound ⊂ community', () => {
    fc.assert(
      fc.property(place, place, (home, at) => {
        const order = ['entrance', 'building', 'compound', 'community'] as const;
        const reached = order.map((k) => reaches(targetAt(k, at), home));
        for (let i = 1; i < reached.length; i++) if (reached[i - 1]) expect(reached[i]).toBe(true);
        // Another community's notice never reaches, however wide.
        if (home.communityId !== at.communityId) expect(reached.some(Boolean)).toBe(false);
      }),
    );
  });

  it('a household sees a notice only while it is published, from its start until its end', () => {
    fc.assert(
      fc.property(
        timing,
        fc.array(target, { minLength: 1, maxLength: 4 }),
        place,
        fc.integer({ min: 0, max: 1000 }),
        (n, ts, p, now) => {
          const seen = visibleAt(n, ts, p, now);
          const inWindow =
            n.state === 'published' && (n.publishAt ?? 0) <= now && (n.expireAt === null || n.expireAt > now);
          expect(seen).toBe(inWindow && ts.some((t) => reaches(t, p)));
          if (n.state !== 'published') expect(noticeStatus(n, now)).toBe(n.state);
        },
      ),
    );
  });

  it('names the status as the console shows it', () => {
    const published = { state: 'published' as const, publishAt: 100, expireAt: 200 };
    expect([50, 100, 199, 200].map((now) => noticeStatus(published, now))).toEqual([
      'scheduled',
      'published',
      'published',
      'expired',
    ]);
    expect(noticeStatus({ state: 'withdrawn', publishAt: 100, expireAt: null }, 150)).toBe('withdrawn');
  });

  it('a notice on a place without a household concerns the level it names', () => {
    fc.assert(
      fc.property(place, place, (spot, home) => {
        expect(reaches(areaTarget(spot), home)).toBe(
          spot.communityId === home.communityId && spot.entranceId === home.entranceId,
        );
        const stairwellOfBuilding = { ...spot, entranceId: null };
        expect(reaches(areaTarget(stairwellOfBuilding), home)).toBe(
          spot.communityId === home.communityId && spot.buildingId === home.buildingId,
        );
      }),
    );
  });
});
