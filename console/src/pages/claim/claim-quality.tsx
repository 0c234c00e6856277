import { query } from '../../api.ts';
import { useLoad } from '../../components/common.tsx';
import { useConsole } from '../../console-context.ts';
import { camelWords, when } from '../../format.ts';
import { href } from '../../router.ts';
import type { Claim, DealerSignal } from '../../types.ts';

/**
 * What the quality loop says about one claim (issue 17): the dealer signals with their evidence
 * (for the adjuster to weigh; the API never rejects a claim on them), and what the customer said in
 * the survey after the repair.
 */

const SIGNAL_TEXT: Record<string, string> = {
  LABOR_OPERATION_NOT_FOR_PART: 'A labour operation that does not belong to the part claimed',
  ODOMETER_BELOW_EARLIER_CLAIM: 'The odometer reads lower than on an earlier claim of this VIN',
  PARTNER_CLAIM_RATE_ABOVE_MARKET: "The partner's claim rate is far above its market's",
  PARTNER_COST_PER_CLAIM_ABOVE_MARKET: "The partner's cost per claim is far above its market's",
};

const evidenceValue = (key: string, v: unknown) => {
  if (typeof v === 'number' && key === 'pValue') return v < 0.0001 ? v.toExponential(1) : v.toFixed(4);
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(2);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
};

export function Signals({ signals }: { signals: DealerSignal[] | undefined }) {
  if (!signals) return null;
  return (
    <section aria-labelledby="signals-heading" class="card signals" data-signals={signals.length}>
      <h2 id="signals-heading">Dealer signals</h2>
      <p class="muted small">
        Signals for the adjuster, not decisions: evidence to weigh, nothing is rejected on them.
      </p>
      {signals.length === 0 ? (
        <p class="muted">No signals on this claim.</p>
      ) : (
        <ul>
          {signals.map((s, i) => (
            <li key={i} data-signal={s.kind}>
              <strong>{SIGNAL_TEXT[s.kind] ?? camelWords(s.kind)}</strong>
              <dl>
                {Object.entries(s.evidence)
                  .filter(([, v]) => v !== undefined && v !== null)
                  .map(([k, v]) => (
                    <div key={k}>
                      <dt>{camelWords(k)}</dt>
                      <dd>
                        {k === 'earlierClaimId' ? (
                          <a href={href(`claims/${String(v)}`)}>{String(v)}</a>
                        ) : (
                          evidenceValue(k, v)
                        )}
                      </dd>
                    </div>
                  ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface FeedbackComments {
  comments: { claimId: string; partnerId: string; score: number; comment: string; at: string }[];
}

/**
 * The customer's survey comment on this claim, if there is one: read from `GET feedback` of the
 * claim's home region (the last twelve months' comments, newest first). Nothing is shown without
 * one, nor when feedback cannot be read (the rest of the page does not depend on it).
 */
export function SurveyComment({ claim, region }: { claim: Claim; region: string }) {
  const { api } = useConsole();
  const settled = ['REPAIRED', 'SETTLED', 'CLOSED'].includes(claim.status);
  const feedback = useLoad(
    (signal) =>
      settled
        ? api.get<FeedbackComments>(region, `feedback?${query({ region, months: 12 })}`, signal)
        : Promise.resolve(undefined),
    [region, settled],
  );
  const comment = feedback.data?.comments.find((c) => c.claimId === claim.claimId);
  if (!comment) return null;
  return (
    <section aria-labelledby="survey-heading" class="card" data-survey-comment>
      <h2 id="survey-heading">What the customer said</h2>
      <blockquote>
        <p>{comment.comment}</p>
      </blockquote>
      <p class="muted small">
        Score {comment.score} of 10 · {when(comment.at)}
      </p>
    </section>
  );
}
