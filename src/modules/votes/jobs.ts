import type { Job } from '../../core/jobs';
import { AppError } from '../../core/errors';
import { dueStep } from './lifecycle';
import { closeAssembly, openAssembly, schedule } from './steps';

/**
 * The assembly clock: opens voting when its announced start comes and closes it at the deadline,
 * so an assembly runs on time without anyone pressing a button. Idempotent: each step is a
 * conditional update, so a second process (or a person pressing the button) taking the same step
 * first makes this run skip it. A step refused by its rules (an incomplete roll, an unpublished
 * candidate list) is left for the organisers, who see why when they press the button.
 */
export const assemblyClock: Job = {
  name: 'assemblies.clock',
  everyMs: 60_000,
  async run(deps, now) {
    const candidates = await deps.db
      .selectFrom('assemblies')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'announced'), eb('voting_starts_at', '<=', now)]),
          eb.and([eb('status', '=', 'voting'), eb('voting_ends_at', '<=', now)]),
        ]),
      )
      .execute();
    const who = { actorAccountId: null, ip: null, requestId: null };
    for (const a of candidates) {
      const step = dueStep(schedule(a), now);
      try {
        if (step === 'open') await openAssembly(deps, a, who, now);
        if (step === 'close') await closeAssembly(deps, a, who, now);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
      }
    }
  },
};
