import { describe, expect, it } from 'vitest';
import { checkinOpen, meetingStates, meetingStepAllowed, type MeetingStep } from './meetingRules';

const hour = 3_600_000;
const start = Date.parse('2026-05-20T11:00:00Z'); // 19:00 in Shanghai: a 晚饭后 meeting

describe('meeting rules', () => {
  it('allows each step only in its states', () => {
    const by = (step: MeetingStep) => meetingStates.filter((s) => meetingStepAllowed(s, step));
    expect(by('edit')).toEqual(['scheduled']);
    expect(by('start')).toEqual(['scheduled']);
    expect(by('close')).toEqual(['in_progress']);
    expect(by('cancel')).toEqual(['scheduled']);
    expect(by('decide')).toEqual(['in_progress']);
    expect(by('agenda')).toEqual(['scheduled', 'in_progress']);
    expect(by('minutes')).toEqual(['scheduled', 'in_progress', 'held']);
    expect(by('attendance')).toEqual(['scheduled', 'in_progress']);
  });

  it('takes sign-ins from two hours before the start to four hours after the end', () => {
    const m = { state: 'scheduled' as const, startsAt: start, endsAt: start + 2 * hour };
    expect(checkinOpen(m, start - 2 * hour - 1)).toBe(false);
    expect(checkinOpen(m, start - 2 * hour)).toBe(true);
    expect(checkinOpen(m, start + 6 * hour)).toBe(true);
    expect(checkinOpen(m, start + 6 * hour + 1)).toBe(false);
    expect(checkinOpen({ ...m, endsAt: null }, start + 4 * hour + 1)).toBe(false);
  });

  it('takes sign-ins whenever a meeting runs, never once it is held or cancelled', () => {
    const m = { startsAt: start, endsAt: null };
    expect(checkinOpen({ ...m, state: 'in_progress' }, start + 48 * hour)).toBe(true);
    expect(checkinOpen({ ...m, state: 'held' }, start)).toBe(false);
    expect(checkinOpen({ ...m, state: 'cancelled' }, start)).toBe(false);
  });
});
