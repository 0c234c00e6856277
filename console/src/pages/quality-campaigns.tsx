import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Loading, ProblemView, useLoad } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { percent, when, words } from '../format.ts';
import type { Campaign, CampaignDetail } from '../types.ts';

/**
 * The Quality page's service campaigns (issue 17): the list, newest first, and the completion of
 * the one opened, by market and by partner.
 */

export function CampaignsView({ campaigns }: { campaigns: Campaign[] }) {
  const [shown, setShown] = useState<string>();
  if (campaigns.length === 0) return <p class="muted">No campaigns.</p>;
  return (
    <>
      <DataTable
        caption="Service campaigns, newest first"
        columns={['Campaign', 'Title', 'Component', 'Markets', numeric('Vehicles'), 'Opened', 'Status']}
      >
        {campaigns.map((c) => (
          <tr key={c.campaignId} data-campaign={c.campaignId}>
            <td>
              <button
                type="button"
                class="link mono"
                aria-expanded={shown === c.campaignId}
                aria-controls="campaign-detail"
                onClick={() => setShown(shown === c.campaignId ? undefined : c.campaignId)}
              >
                {c.campaignId}
              </button>
            </td>
            <td>{c.title}</td>
            <td>{c.component}</td>
            <td>{c.markets.join(', ')}</td>
            <td class="num">{(c.byMarket ?? []).reduce((n, m) => n + m.vehicles, 0)}</td>
            <td>
              {when(c.openedAt)} <span class="muted small">by {c.openedBy}</span>
            </td>
            <td>{words(c.status)}</td>
          </tr>
        ))}
      </DataTable>
      <div id="campaign-detail">{shown ? <CampaignCompletion campaignId={shown} /> : null}</div>
    </>
  );
}

function CampaignCompletion({ campaignId }: { campaignId: string }) {
  const { api, region } = useConsole();
  const detail = useLoad(
    (signal) => api.get<CampaignDetail>(region, `campaigns?${query({ campaignId })}`, signal),
    [region, campaignId],
  );
  const d = detail.data;
  return (
    <section aria-labelledby="completion-h" class="completion">
      <h3 id="completion-h">
        Completion of <span class="mono">{campaignId}</span>
      </h3>
      <ProblemView error={detail.error} context={`campaign ${campaignId}`} />
      {detail.loading && !d ? <Loading what="the completion" /> : null}
      {d ? (
        <>
          <p class="muted">
            {d.campaign.title} · remedy {d.campaign.remedy.laborOperation} ({d.campaign.remedy.laborHours} h)
            {d.campaign.remedy.parts.length
              ? ` with ${d.campaign.remedy.parts.map((p) => `${p.quantity} × ${p.partNumber}`).join(', ')}`
              : ''}
            {d.campaign.fromFlag
              ? ` · answers the flag ${d.campaign.fromFlag.component} in ${d.campaign.fromFlag.market} (${d.campaign.fromFlag.period})`
              : ''}
          </p>
          <div class="claim-grid">
            <DataTable
              class="completion-markets"
              caption="Completion by market: vehicles repaired of those affected"
              columns={['Market', numeric('Vehicles'), numeric('Repaired'), numeric('Rate')]}
            >
              {d.completion.byMarket.map((m) => (
                <tr key={m.market} data-market={m.market}>
                  <td>{m.market}</td>
                  <td class="num">{m.vehicles}</td>
                  <td class="num">{m.completed}</td>
                  <td class="num">{percent(m.rate)}</td>
                </tr>
              ))}
            </DataTable>
            {d.completion.byPartner.length === 0 ? (
              <p class="muted">No partner has filed a claim citing this campaign yet.</p>
            ) : (
              <DataTable
                class="completion-partners"
                caption="Completion by partner: campaign claims repaired"
                columns={['Partner', numeric('Claims'), numeric('Repaired'), numeric('Rate')]}
              >
                {d.completion.byPartner.map((p) => (
                  <tr key={p.partnerId} data-partner={p.partnerId}>
                    <td>{p.partnerId}</td>
                    <td class="num">{p.claims}</td>
                    <td class="num">{p.completed}</td>
                    <td class="num">{percent(p.rate)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
