import { describe, expect, it } from 'vitest';
import { passwordAcceptable } from '../../core/auth/passwords';
import {
  codeAlphabet,
  codeLength,
  invitationStatus,
  normalizeCode,
  randomCode,
  temporaryPassword,
} from './codes';

describe('invitation codes', () => {
  it('are 10 characters without 0, O, 1 or I, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => randomCode());
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codeAlphabet).toHaveLength(32);
  });

  it('use every symbol of the alphabet', () => {
    const seen = new Set(Array.from({ length: 500 }, () => randomCode()).join(''));
    expect(seen.size).toBe(codeAlphabet.length);
  });

  it('are read back however they were typed: lower case, full-width, spaced or dashed', () => {
    expect(normalizeCode('abcde fghjk')).toBe('ABCDEFGHJK');
    expect(normalizeCode('ＡＢＣＤＥ-２３４５６')).toBe('ABCDE23456');
    expect(normalizeCode(' ab cd ef gh jk ')).toBe('ABCDEFGHJK');
  });

  it('are rejected when they cannot be one: wrong length or an excluded character', () => {
    for (const input of [
      '',
      'ABCDEFGHJ',
      'ABCDEFGHJKL',
      'ABCDEFGHJ0',
      'ABCDEFGHJO',
      'ABCDEFGHJ1',
      'ABCDEFGHJI',
      '中文中文中文中文中文',
    ])
      expect(normalizeCode(input), input).toBeNull();
    expect(codeLength).toBe(10);
  });
});

describe('temporary passwords', () => {
  it('always pass the password rule', () => {
    for (let i = 0; i < 500; i++) expect(passwordAcceptable(temporaryPassword())).toBe(true);
  });
});

describe('invitation status', () => {
  const now = 1_000_000;
  const live = { revoked_at: null, expires_at: now + 1, uses: 0, max_uses: 1 };
  it('is active until revoked, expired or used up, revocation first', () => {
    expect(invitationStatus(live, now)).toBe('active');
    expect(invitationStatus({ ...live, expires_at: now }, now)).toBe('expired');
    expect(invitationStatus({ ...live, uses: 1 }, now)).toBe('used_up');
    expect(invitationStatus({ ...live, revoked_at: now - 5, uses: 1, expires_at: 0 }, now)).toBe('revoked');
  });
});
