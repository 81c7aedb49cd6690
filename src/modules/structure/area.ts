import { toHalfWidth } from '../../core/personal';

/**
 * Exclusive areas (专有部分面积) as exact integers: hundredths of m². Votes are weighted by area
 * (DESIGN §6), so an area is parsed from its decimal text, never through floating-point arithmetic.
 */

/** The largest exclusive area a single room can plausibly have, in hundredths of m² (100 000 m²). */
export const maxAreaCenti = 10_000_000;

/** Why an area was refused; each is also the i18n message code that explains it. */
export type AreaProblem = 'area_format' | 'area_decimals' | 'area_range';

export type AreaResult = { ok: true; centi: number } | { ok: false; problem: AreaProblem };

const decimal = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * An area as the API receives it: a decimal string ("89.57", "89.5", full-width digits too) or a
 * number (89.57). A number is read through its shortest round-trip text, so 0.29 is exactly 29
 * hundredths and 1.005 is refused for its three decimals rather than rounded.
 */
export function parseArea(input: unknown): AreaResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: 'area_format' };
    text = String(input);
    // Exponent notation only appears below 1e-6 (too many decimals) or at 1e21 and above (too large).
    if (text.includes('e'))
      return { ok: false, problem: input > 0 && input < 1 ? 'area_decimals' : 'area_range' };
  } else if (typeof input === 'string') {
    text = toHalfWidth(input).trim();
  } else {
    return { ok: false, problem: 'area_format' };
  }
  const match = decimal.exec(text);
  if (!match) return { ok: false, problem: 'area_format' };
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, problem: 'area_decimals' };
  const digits = whole.replace(/^0+(?=\d)/, '');
  // More digits than 100000 has is out of range, and would lose precision as a Number.
  if (digits.length > 6) return { ok: false, problem: 'area_range' };
  const centi = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  if (sign === '-' || centi === 0 || centi > maxAreaCenti) return { ok: false, problem: 'area_range' };
  return { ok: true, centi };
}

/** Hundredths of m² as the API shows them: a string with exactly two decimals ("89.50"). */
export function formatArea(centi: number): string {
  if (!Number.isSafeInteger(centi)) throw new RangeError(`area must be whole hundredths, got ${centi}`);
  const abs = Math.abs(centi);
  return `${centi < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
