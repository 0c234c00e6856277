import { query } from '../api.ts';
import { Loading, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { when } from '../format.ts';
import { href } from '../router.ts';

interface Nps {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps?: number;
}

/** The answer of GET feedback. */
interface Feedback {
  from: string;
  to: string;
  partners: (Nps & {
    partnerId: string;
    name: string;
    centres: (Nps & { centreId: string; name: string })[];
  })[];
  comments: {
    claimId: string;
    partnerId: string;
    centreId?: string;
    score: number;
    comment: string;
    at: string;
  }[];
}

const npsText = (s: Nps) =>
  s.nps === undefined
    ? 'no answers'
    : `NPS ${s.nps} (${s.responses} answers: ${s.promoters} promoters, ${s.passives} passives, ${s.detractors} detractors)`;

/** What a partner's customers said over the last three months: NPS per centre and the survey comments. */
export function PartnerFeedbackSection({ partnerId }: { partnerId: string }) {
  const { api, region } = useConsole();
  const feedback = useLoad(
    (signal) => api.get<Feedback>(region, `feedback?${query({ region, months: '3' })}`, signal),
    [region],
  );
  const mine = feedback.data?.partners.find((p) => p.partnerId === partnerId);
  const comments = feedback.data?.comments.filter((c) => c.partnerId === partnerId) ?? [];
  return (
    <section class="card" aria-labelledby="feedback-h">
      <h2 id="feedback-h">What customers said</h2>
      <ProblemView error={feedback.error} context="feedback" />
      {feedback.loading && !feedback.data ? <Loading what="feedback" /> : null}
      {feedback.data ? (
        <>
          <p>
            {feedback.data.from} to {feedback.data.to}: {mine ? npsText(mine) : 'no answers'}
          </p>
          {mine && mine.centres.length > 0 ? (
            <ul>
              {mine.centres.map((c) => (
                <li key={c.centreId}>
                  {c.name}: {npsText(c)}
                </li>
              ))}
            </ul>
          ) : null}
          {comments.length === 0 ? (
            <p class="muted">No comments.</p>
          ) : (
            <ul class="comments">
              {comments.map((c) => (
                <li key={c.claimId}>
                  <q>{c.comment}</q>{' '}
                  <span class="muted small">
                    score {c.score} · {when(c.at)} · <a href={href(`claims/${c.claimId}`)}>{c.claimId}</a>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}
