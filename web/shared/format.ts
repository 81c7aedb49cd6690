/** 8957 hundredths of m² → "89.57": integer arithmetic, so no rounding surprises. */
export function formatArea(centi: number): string {
  const sign = centi < 0 ? '-' : '';
  const abs = Math.abs(centi);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
