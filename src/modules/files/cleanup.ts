import type { Job } from '../../core/jobs';
import { removeStoredBytes } from '../../core/files';

/** Uploads never attached to a record (a form abandoned half-way) are kept this long. */
export const unattachedKeepMs = 24 * 60 * 60 * 1000;

/**
 * Clears unattached uploads older than a day: the bytes are deleted, the row is kept, marked removed.
 * Claiming each row with a conditional update keeps a file attached at the same moment safe, and
 * two processes from deleting twice.
 */
export const fileCleanupJob: Job = {
  name: 'files.cleanup',
  everyMs: 60 * 60 * 1000,
  async run({ db, config }, now) {
    const stale = await db
      .selectFrom('files')
      .select(['community_id', 'id'])
      .where('attached_id', 'is', null)
      .where('removed_at', 'is', null)
      .where('created_at', '<', now - unattachedKeepMs)
      .limit(1000)
      .execute();
    for (const file of stale) {
      const claimed = await db
        .updateTable('files')
        .set({ removed_at: now })
        .where('community_id', '=', file.community_id)
        .where('id', '=', file.id)
        .where('attached_id', 'is', null)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) await removeStoredBytes(config, file.community_id, file.id);
    }
  },
};
