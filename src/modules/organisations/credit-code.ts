import { toHalfWidth } from '../../core/personal';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet (no I, O, S, V, Z), the
 * last a check character over the first 17. Pure.
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The code upper-cased, without spaces and with full-width characters made ASCII; null when invalid. */
export function normalizeCreditCode(input: string): string | null {
  const code = toHalfWidth(input).replace(/\s/g, '').toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !alphabet.includes(ch))) return null;
  const sum = weights.reduce((acc, w, i) => acc + w * alphabet.indexOf(code[i]!), 0);
  return alphabet[(31 - (sum % 31)) % 31] === code[17] ? code : null;
}
