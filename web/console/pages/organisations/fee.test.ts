import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from './fee';

describe('property fee in 元 and fen', () => {
  it('converts typed amounts exactly', () => {
    expect(yuanToFen('1.20')).toBe(120);
    expect(yuanToFen('1.2')).toBe(120);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('2')).toBe(200);
    expect(yuanToFen('2.')).toBe(200);
    expect(yuanToFen(' １．３５元 ')).toBe(135);
    // 0.29 * 100 is 28.999… in floating point: the string route must not lose a fen.
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1.15')).toBe(115);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '1.234', '-1', 'abc', '1,20', '.5']) expect(yuanToFen(bad), bad).toBeNull();
  });

  it('shows fen as 元 with two decimals, and round-trips', () => {
    expect(fenToYuan(120)).toBe('1.20');
    expect(fenToYuan(7)).toBe('0.07');
    expect(fenToYuan(0)).toBe('0.00');
    for (let fen = 0; fen <= 100_000; fen += 37) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});
