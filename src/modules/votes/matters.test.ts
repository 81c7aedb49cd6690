import { describe, expect, it } from 'vitest';
import {
  itemNames,
  matterItems,
  matterKind,
  nominationProblem,
  seatsProblem,
  smallCompoundMaxRooms,
} from './matters';

describe('matter kinds by Civil Code art. 278 item', () => {
  it('items 6–8 are special, the rest ordinary', () => {
    expect(matterItems.map((item) => matterKind(item, false))).toEqual([
      'ordinary',
      'ordinary',
      'ordinary',
      'ordinary',
      'ordinary',
      'special',
      'special',
      'special',
      'ordinary',
    ]);
  });

  it('only item 3 can be an election', () => {
    expect(matterKind(3, true)).toBe('election');
    for (const item of matterItems.filter((i) => i !== 3))
      expect(matterKind(item, true)).toBe('matter_election_item');
  });

  it('every item has its name', () => {
    for (const item of matterItems) expect(itemNames[item].length).toBeGreaterThan(4);
  });
});

describe('committee seats', () => {
  it('odd numbers from 5 to 11 anywhere', () => {
    for (const seats of [5, 7, 9, 11]) expect(seatsProblem(seats, 5000)).toBeNull();
    for (const seats of [1, 2, 4, 6, 8, 10, 12, 13])
      expect(seatsProblem(seats, 5000)).toBe('matter_seats_invalid');
  });

  it('3 only in a small compound', () => {
    expect(seatsProblem(3, smallCompoundMaxRooms)).toBeNull();
    expect(seatsProblem(3, smallCompoundMaxRooms + 1)).toBe('matter_seats_invalid');
  });

  it('an election needs its seats', () => {
    expect(seatsProblem(undefined, 10)).toBe('matter_seats_required');
    expect(seatsProblem(5.5, 10)).toBe('matter_seats_invalid');
  });
});

describe('nominations', () => {
  it('self-recommendation needs nothing more', () => {
    expect(nominationProblem({ nomination: 'self' }, 'p1', 5)).toBeNull();
  });

  it('an organisation recommendation names the organisation', () => {
    expect(nominationProblem({ nomination: 'organisation', organisation: '  ' }, 'p1', 5)).toBe(
      'candidate_org_required',
    );
    expect(nominationProblem({ nomination: 'organisation', organisation: '社区党委' }, 'p1', 5)).toBeNull();
  });

  it('a joint recommendation needs enough distinct owners other than the candidate', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(nominationProblem({ nomination: 'joint', nominators: five }, 'p1', 5)).toBeNull();
    expect(nominationProblem({ nomination: 'joint', nominators: ['a', 'b', 'c', 'd', 'd'] }, 'p1', 5)).toBe(
      'candidate_nominators_too_few',
    );
    expect(nominationProblem({ nomination: 'joint', nominators: [...five, 'p1'] }, 'p1', 5)).toBe(
      'candidate_nominates_self',
    );
  });
});
