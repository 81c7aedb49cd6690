import { describe, expect, it } from 'vitest';
import { rankMembers, rankSquads, skillFits, type MemberCandidate, type SquadCandidate } from './proposal';

const squad = (
  id: string,
  type: string,
  compoundId: string | null,
  gridId: string | null,
): SquadCandidate => ({
  id,
  name: id,
  type,
  compoundId,
  gridId,
});

describe('proposing a squad', () => {
  const squads = [
    squad('grid-general', 'general', 'c1', 'g1'),
    squad('other-grid-repair', 'repair', 'c1', 'g2'),
    squad('compound-repair', 'repair', 'c1', null),
    squad('community-repair', 'repair', null, null),
    squad('other-compound', 'repair', 'c2', null),
  ];

  it('puts the category’s squad type first, then the nearest reach, and never a squad working elsewhere', () => {
    const ranked = rankSquads(squads, { compoundId: 'c1', gridId: 'g1' }, 'repair');
    expect(ranked.map((s) => [s.id, s.reach, s.typeMatches])).toEqual([
      ['compound-repair', 'compound', true],
      ['community-repair', 'community', true],
      ['grid-general', 'grid', false],
    ]);
  });

  it('falls back to the grid’s own squad when no squad has the type', () => {
    expect(rankSquads(squads, { compoundId: 'c1', gridId: 'g1' }, 'care')[0]!.id).toBe('grid-general');
  });

  it('proposes nothing where no squad works', () => {
    expect(rankSquads([squads[0]!, squads[4]!], { compoundId: 'c3', gridId: null }, 'repair')).toEqual([]);
  });
});

describe('proposing members', () => {
  const category = { code: 'utilities_repair', nameZh: '水电维修', nameEn: 'Water and electrics repair' };
  const member = (
    personId: string,
    skills: string[],
    openOrders: number,
    hasAccount = true,
  ): MemberCandidate => ({
    personId,
    name: personId,
    role: 'member',
    skills,
    openOrders,
    hasAccount,
  });

  it('matches skills by the words of the category', () => {
    expect(skillFits('水电', category)).toBe(true);
    expect(skillFits('理发', category)).toBe(false);
    expect(skillFits('  ', category)).toBe(false);
    expect(skillFits('electrics', category)).toBe(true);
  });

  it('ranks the skilled first, then the least busy, and those at their cap last', () => {
    const ranked = rankMembers(
      [
        member('busy-electrician', ['水电'], 3),
        member('idle', [], 0),
        member('electrician', ['电工', '水电维修'], 1),
        member('plumber', ['水电'], 0, false),
        member('plumber-app', ['水电'], 0),
      ],
      category,
      3,
    );
    expect(ranked.map((m) => m.personId)).toEqual([
      'plumber-app',
      'plumber',
      'electrician',
      'idle',
      'busy-electrician',
    ]);
    expect(ranked[2]!.matchingSkills).toEqual(['水电维修']);
    expect(ranked.at(-1)!.atCap).toBe(true);
  });
});
