/**
 * Property fees are kept in fen per m² per month and typed in 元 ("1.20"): converted on strings,
 * never through floating point, so 1.20 元 is exactly 120 fen and back.
 */

/** "1.2", "1.20", "１．２０" or "0.5" → fen; null when the text is not an amount of at most two decimals. */
export function yuanToFen(text: string): number | null {
  const plain = text
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/元$/, '')
    .trim();
  const m = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(plain);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 120 → "1.20". */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
