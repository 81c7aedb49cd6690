/** Personal data (DESIGN §7): normalising what people type, and masking what others see. Pure. */

/** 13812341234 → 138****1234; shorter numbers (landlines, extensions) show at most their last half. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length >= 11) return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
  const shown = Math.min(4, Math.floor(phone.length / 2));
  return '*'.repeat(phone.length - shown) + phone.slice(phone.length - shown);
}

/** 430102199001011234 → 4301**********1234 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length <= 8) return '*'.repeat(Math.max(id.length - 2, 0)) + id.slice(-2);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 张三丰 → 张*丰, 李四 → 李*: enough for a neighbour to recognise, not to identify. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** Full-width digits and letters (０-９, Ａ-Ｚ) as typed by Chinese IMEs, made ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * A mainland mobile number as 11 digits, accepting spaces, dashes, full-width digits and a +86 prefix.
 * Returns null when it is not one.
 */
export function normalizePhone(input: string): string | null {
  let digits = toHalfWidth(input).replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/** A resident ID number (GB 11643, 18 characters with its check digit), upper-cased; null when invalid. */
export function normalizeIdNumber(input: string): string | null {
  const id = toHalfWidth(input).replace(/\s/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  const sum = idWeights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return idCheckChars[sum % 11] === id[17] ? id : null;
}
