import { describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../core/time';
import { isCurrent, parseFlags, storeFlags } from './vocabulary';

describe('today (Asia/Shanghai)', () => {
  it('turns the date at midnight Beijing time, not at midnight UTC', () => {
    expect(todayInShanghai(Date.UTC(2026, 0, 31, 15, 59))).toBe('2026-01-31'); // 23:59 in Beijing
    expect(todayInShanghai(Date.UTC(2026, 0, 31, 16, 0))).toBe('2026-02-01'); // 00:00 in Beijing
  });
});

describe('isCurrent', () => {
  it('is current with no end date, or an end date still ahead; not on or after the end date', () => {
    expect(isCurrent(null, '2026-03-01')).toBe(true);
    expect(isCurrent('2026-03-02', '2026-03-01')).toBe(true);
    expect(isCurrent('2026-03-01', '2026-03-01')).toBe(false);
    expect(isCurrent('2025-12-31', '2026-03-01')).toBe(false);
  });
});

describe('flags', () => {
  it('are stored once each in the canonical order and read back', () => {
    const stored = storeFlags(['low_income', 'living_alone', 'low_income']);
    expect(stored).toBe('["living_alone","low_income"]');
    expect(parseFlags(stored)).toEqual(['living_alone', 'low_income']);
  });

  it('reading drops anything not on the list and survives a damaged column', () => {
    expect(parseFlags('["disabled","vip"]')).toEqual(['disabled']);
    expect(parseFlags('not json')).toEqual([]);
    expect(parseFlags('{"disabled":true}')).toEqual([]);
  });
});
