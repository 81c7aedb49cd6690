/** Asia/Shanghai is UTC+8 all year (no daylight saving), so its calendar is a fixed offset. */
const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

/** Today's date in Asia/Shanghai as 'YYYY-MM-DD': the calendar residencies, ownerships and terms use. */
export function todayInShanghai(now: number = Date.now()): string {
  return new Date(now + shanghaiOffsetMs).toISOString().slice(0, 10);
}
