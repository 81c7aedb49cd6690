import type { Deps } from '../../core/deps';

export interface DemoLogin {
  role: string;
  phone: string;
  password: string;
  name: string;
}

/** Loads the demo street when the database has no street yet; returns the logins, or null if it did nothing. */
export async function seedDemoIfEmpty(deps: Deps): Promise<DemoLogin[] | null> {
  const any = await deps.db.selectFrom('streets').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const { seedDemo } = await import('./data');
  return seedDemo(deps);
}
