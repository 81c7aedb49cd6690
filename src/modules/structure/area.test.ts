import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatArea, maxAreaCenti, parseArea } from './area';

const accepted = (input: unknown) => {
  const result = parseArea(input);
  if (!result.ok) throw new Error(`${JSON.stringify(input)} refused: ${result.problem}`);
  return result.centi;
};
const problem = (input: unknown) => {
  const result = parseArea(input);
  return result.ok ? `accepted as ${result.centi}` : result.problem;
};

describe('parseArea', () => {
  it.each([
    ['89.57', 8957],
    ['89.5', 8950],
    ['89.50', 8950],
    ['89', 8900],
    ['0.29', 29],
    ['0.01', 1],
    ['1.1', 110],
    ['0.07', 7],
    ['089.5', 8950],
    ['+12.30', 1230],
    [' 89.57 ', 8957],
    ['８９．５７', 8957],
    ['100000', maxAreaCenti],
    ['100000.00', maxAreaCenti],
  ])('reads the text %j as %i hundredths', (input, centi) => {
    expect(accepted(input)).toBe(centi);
  });

  it.each([
    [89.57, 8957],
    [89.5, 8950],
    [0.29, 29],
    [0.57, 57],
    [1.15, 115],
    [4.35, 435],
    [1.1, 110],
    [0.01, 1],
    [120, 12000],
    [100000, maxAreaCenti],
  ])('reads the number %d as %i hundredths, without floating-point drift', (input, centi) => {
    expect(accepted(input)).toBe(centi);
  });

  it.each([
    ['1.005', 'area_decimals'],
    [1.005, 'area_decimals'],
    ['1.234', 'area_decimals'],
    ['89.570', 'area_decimals'],
    [0.1 + 0.2, 'area_decimals'],
    [5e-7, 'area_decimals'],
    ['100000.001', 'area_decimals'],
  ])('refuses %j for having more than two decimals', (input, expected) => {
    expect(problem(input)).toBe(expected);
  });

  it.each([
    ['-3', 'area_range'],
    [-3, 'area_range'],
    ['-0.01', 'area_range'],
    [-1e-7, 'area_range'],
    ['0', 'area_range'],
    ['0.00', 'area_range'],
    ['-0', 'area_range'],
    [0, 'area_range'],
    ['100000.01', 'area_range'],
    [100000.01, 'area_range'],
    ['1000000', 'area_range'],
    ['99999999999999999999999', 'area_range'],
    [1e21, 'area_range'],
    [Number.MAX_VALUE, 'area_range'],
  ])('refuses %j as zero, negative or absurdly large', (input, expected) => {
    expect(problem(input)).toBe(expected);
  });

  it.each([
    ['abc', 'area_format'],
    ['', 'area_format'],
    ['   ', 'area_format'],
    ['NaN', 'area_format'],
    [Number.NaN, 'area_format'],
    [Number.POSITIVE_INFINITY, 'area_format'],
    ['Infinity', 'area_format'],
    ['1e3', 'area_format'],
    ['89.', 'area_format'],
    ['.5', 'area_format'],
    ['89,57', 'area_format'],
    ['89.57㎡', 'area_format'],
    ['0x10', 'area_format'],
    ['1 000', 'area_format'],
    [null, 'area_format'],
    [undefined, 'area_format'],
    [true, 'area_format'],
    [{}, 'area_format'],
  ])('refuses %j as not a number of m²', (input, expected) => {
    expect(problem(input)).toBe(expected);
  });

  it('reads every representable area exactly, from its text and from the number a client would send', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: maxAreaCenti }), (centi) => {
        const text = formatArea(centi);
        expect(accepted(text)).toBe(centi);
        expect(accepted(Number(text))).toBe(centi);
      }),
    );
  });
});

describe('formatArea', () => {
  it.each([
    [8957, '89.57'],
    [8950, '89.50'],
    [8900, '89.00'],
    [29, '0.29'],
    [7, '0.07'],
    [0, '0.00'],
    [maxAreaCenti, '100000.00'],
    [123456789012, '1234567890.12'],
    [-150, '-1.50'],
    [-7, '-0.07'],
  ])('shows %i hundredths as %s', (centi, text) => {
    expect(formatArea(centi)).toBe(text);
  });

  it('refuses fractions of a hundredth', () => {
    expect(() => formatArea(89.5)).toThrow(RangeError);
    expect(() => formatArea(Number.NaN)).toThrow(RangeError);
  });
});
