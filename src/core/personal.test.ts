import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
  toHalfWidth,
} from './personal';

describe('masking', () => {
  it('shows the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(null)).toBeNull();
  });
  it('never shows more than half of a short number', () => {
    expect(maskPhone('12345678')).toBe('****5678');
    expect(maskPhone('110')).toBe('**0');
  });
  it('shows the first four and last four characters of an ID number', () => {
    expect(maskIdNumber('430102199001011234')).toBe('4301**********1234');
    expect(maskIdNumber('1234')).toBe('**34');
  });
  it('masks names to the first and last character', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王');
  });
  it('a masked value never contains the middle of the original', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone)!;
        expect(masked).toHaveLength(11);
        expect(masked.slice(3, 7)).toBe('****');
      }),
    );
  });
});

describe('normalising what people type', () => {
  it('accepts spaces, dashes, full-width digits and a +86 prefix', () => {
    expect(normalizePhone('138 1234 1234')).toBe('13812341234');
    expect(normalizePhone('138-1234-1234')).toBe('13812341234');
    expect(normalizePhone('１３８１２３４１２３４')).toBe('13812341234');
    expect(normalizePhone('+86 13812341234')).toBe('13812341234');
    expect(normalizePhone('0086-13812341234')).toBe('13812341234');
  });
  it('rejects what is not a mainland mobile number', () => {
    for (const bad of ['', '12812341234', '1381234123', '138123412345', '0731-8888888', 'abc'])
      expect(normalizePhone(bad)).toBeNull();
  });
  it('checks the ID number check digit (GB 11643)', () => {
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeIdNumber('110105194912310021')).toBeNull();
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('11010519491231002')).toBeNull();
  });
  it('turns full-width characters into ASCII and leaves others alone', () => {
    expect(toHalfWidth('８９．５㎡　Ａ')).toBe('89.5㎡ A');
  });
});
