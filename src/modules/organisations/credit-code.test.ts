import { describe, expect, it } from 'vitest';
import { normalizeCreditCode } from './credit-code';

describe('normalizeCreditCode', () => {
  it('accepts real codes, tidying what people type', () => {
    expect(normalizeCreditCode('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode(' 91110000 600037341l ')).toBe('91110000600037341L');
    expect(normalizeCreditCode('９１１１００００６０００３７３４１Ｌ')).toBe('91110000600037341L');
  });

  it('rejects a wrong check character, letters outside the alphabet and wrong lengths', () => {
    expect(normalizeCreditCode('91350100M000100Y44')).toBeNull();
    expect(normalizeCreditCode('91350100M0001O0Y43')).toBeNull(); // letter O is not in the alphabet
    expect(normalizeCreditCode('91350100M000100Y4')).toBeNull();
    expect(normalizeCreditCode('')).toBeNull();
  });
});
