import type { ChangeContext } from '../../domain/claim.ts';
import { clock, settings } from '../shared/context.ts';

/** A change the workflow makes on its own, in this region, now. */
export const systemChange = (reason: string): ChangeContext => ({
  actor: { kind: 'system', id: 'claim-lifecycle' },
  reason,
  region: settings.region,
  at: clock.now(),
});
