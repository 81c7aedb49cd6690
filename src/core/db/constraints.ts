/** A database constraint that a write broke, on SQLite or PostgreSQL: the caller's fault, not ours. */
export function constraintKind(err: unknown): 'unique' | 'foreign' | null {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505')
    return 'unique';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return 'foreign';
  return null;
}

/** Another writer got there first: the row this write would make exists already. */
export const isUniqueViolation = (err: unknown): boolean => constraintKind(err) === 'unique';

/** Runs `write` again once if a concurrent writer made the row it collided with: the retry sees it. */
export async function againOnClash<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return write();
  }
}
