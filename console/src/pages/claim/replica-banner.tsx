import { clock } from '../../format.ts';
import type { ReplicaFreshness } from '../../types.ts';

/**
 * Says that the claim was read from a replica and how far behind its writer it may be (the back
 * office's `replica`, issue 14): after an evacuation the claim's home region is a replica of the
 * region that writes for it now, and a staff member acting on an old copy should know it.
 */
export function ReplicaBanner({
  replica,
  subject = 'This claim was',
}: {
  replica?: ReplicaFreshness;
  /** What was read, with its verb: the claim page's claim, or a list's claims of one home region. */
  subject?: string;
}) {
  if (!replica) return null;
  const where = `read from a replica in ${replica.readIn}`;
  const writer =
    replica.writerRegion === replica.homeRegion
      ? `the home region ${replica.homeRegion}`
      : `${replica.writerRegion}, which writes for the home region ${replica.homeRegion} now`;
  const heard = replica.heardAt ? ` (last heard from at ${clock(replica.heardAt)})` : '';
  const text =
    replica.behindBySeconds === undefined
      ? `${subject} ${where}, which has not heard from ${writer} yet: it may be behind.`
      : `${subject} ${where}, which may be ${replica.behindBySeconds} s behind ${writer}${heard}.`;
  return (
    <p class={replica.behind ? 'notice replica behind' : 'notice replica'} role="status">
      {replica.behind ? <strong>Replication is behind. </strong> : null}
      {text}
    </p>
  );
}
