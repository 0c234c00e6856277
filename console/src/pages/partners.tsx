import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { ConfirmDialog, Field, Loading, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { money } from '../format.ts';
import type { Market, PartnerRecord } from '../master-data.ts';
import { href, navigate } from '../router.ts';
import { roleAtLeast } from '../session.ts';

/** A partner as the directory (GET partners) lists it. */
interface DirectoryPartner {
  partnerId: string;
  name: string;
  market: string;
  region: string;
  status?: string;
  centres: unknown[];
}

/**
 * Partners of the region and the markets they serve (managers): open a market, create a partner;
 * each partner's page has its keys, centres and technicians. Every change asks for confirmation and
 * shows the API's refusal field by field.
 */
export function PartnersPage() {
  const { api, region, session } = useConsole();
  const manager = roleAtLeast(session, 'manager');
  const partners = useLoad(
    (signal) => api.get<{ items: DirectoryPartner[] }>(region, `partners?${query({ region })}`, signal),
    [region],
  );
  const markets = useLoad((signal) => api.get<{ items: Market[] }>(region, 'markets', signal), [region]);
  const [dialog, setDialog] = useState<'partner' | 'market'>();

  return (
    <>
      <h1 tabIndex={-1}>Partners in {region}</h1>
      {!manager ? (
        <p class="notice">Onboarding needs the manager role; you are signed in as {session.role}.</p>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" disabled={!manager} onClick={() => setDialog('partner')}>
          New partner
        </button>
        <button type="button" disabled={!manager} onClick={() => setDialog('market')}>
          Open a market
        </button>
      </div>
      <ProblemView error={partners.error} context="partners" />
      {partners.loading && !partners.data ? <Loading what="partners" /> : null}
      <div class="table-wrap">
        <table aria-label="Partners">
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Market</th>
              <th scope="col">Status</th>
              <th scope="col">Centres</th>
            </tr>
          </thead>
          <tbody>
            {partners.data?.items.map((p) => (
              <tr key={p.partnerId} data-partner={p.partnerId}>
                <td>
                  <a href={href(`partners/${encodeURIComponent(p.partnerId)}`)}>{p.name}</a>{' '}
                  <span class="muted small">{p.partnerId}</span>
                </td>
                <td>{p.market}</td>
                <td>{p.status ?? 'active'}</td>
                <td>{p.centres.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Markets</h2>
      <ProblemView error={markets.error} context="markets" />
      <p class="muted small">
        {markets.data?.items
          .map((m) => `${m.code} (${m.region}${m.source === 'opened' ? ', opened' : ''})`)
          .join(' · ')}
      </p>
      {dialog === 'partner' ? (
        <NewPartnerDialog
          markets={markets.data?.items ?? []}
          onClose={() => setDialog(undefined)}
          onDone={(id) => navigate(href(`partners/${encodeURIComponent(id)}`))}
        />
      ) : null}
      {dialog === 'market' ? (
        <OpenMarketDialog
          onClose={() => setDialog(undefined)}
          onDone={() => {
            markets.reload();
          }}
        />
      ) : null}
    </>
  );
}

function NewPartnerDialog(props: {
  markets: Market[];
  onClose: () => void;
  onDone: (partnerId: string) => void;
}) {
  const { api, region } = useConsole();
  const [f, setF] = useState({
    partnerId: '',
    name: '',
    market: '',
    currency: '',
    laborRate: '',
    autoApprovalLimit: '',
    tier: 'standard',
    contactName: '',
    contactEmail: '',
  });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const market = props.markets.find((m) => m.code === f.market);
  const currency = f.currency || market?.currency || '';
  const amount = (v: string) => ({ amountMinor: Number(v), currency });
  return (
    <ConfirmDialog
      title="New partner"
      confirmLabel="Create partner"
      wide
      onClose={props.onClose}
      blocked={!f.partnerId || !f.market ? 'Give the partner an id and a market.' : undefined}
      onConfirm={async () => {
        const created = await api.post<PartnerRecord>(region, 'partners', {
          partnerId: f.partnerId,
          name: f.name,
          market: f.market,
          currency,
          laborRate: amount(f.laborRate),
          autoApprovalLimit: amount(f.autoApprovalLimit),
          tier: f.tier,
          contact: { name: f.contactName, email: f.contactEmail },
        });
        props.onDone(created.partnerId);
      }}
    >
      <div class="grid-2">
        <Field label="Partner id" id="np-id" hint="letters, digits, - and _">
          <input id="np-id" value={f.partnerId} onInput={set('partnerId')} />
        </Field>
        <Field label="Name" id="np-name">
          <input id="np-name" value={f.name} onInput={set('name')} />
        </Field>
        <Field label="Market" id="np-market">
          <select id="np-market" value={f.market} onChange={set('market')}>
            <option value="">Choose…</option>
            {props.markets.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} {m.name ?? ''} ({m.region})
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Currency"
          id="np-currency"
          hint={market?.currency ? `the market's is ${market.currency}` : undefined}
        >
          <input id="np-currency" value={currency} onInput={set('currency')} />
        </Field>
        <Field label="Labour rate per hour (minor units)" id="np-rate">
          <input id="np-rate" inputMode="numeric" value={f.laborRate} onInput={set('laborRate')} />
        </Field>
        <Field label="Auto-approval limit (minor units)" id="np-limit">
          <input
            id="np-limit"
            inputMode="numeric"
            value={f.autoApprovalLimit}
            onInput={set('autoApprovalLimit')}
          />
        </Field>
        <Field label="Tier" id="np-tier">
          <select id="np-tier" value={f.tier} onChange={set('tier')}>
            <option value="standard">standard</option>
            <option value="premium">premium</option>
          </select>
        </Field>
        <Field label="Contact name" id="np-contact">
          <input id="np-contact" value={f.contactName} onInput={set('contactName')} />
        </Field>
        <Field label="Contact email" id="np-email">
          <input id="np-email" type="email" value={f.contactEmail} onInput={set('contactEmail')} />
        </Field>
      </div>
      <p>
        Creates the partner, active, in its market's region
        {market ? ` (${market.region})` : ''}; it gets no key and no centre yet.
        {f.laborRate && currency ? ` Labour: ${money(amount(f.laborRate))} an hour.` : ''}
      </p>
    </ConfirmDialog>
  );
}

function OpenMarketDialog(props: { onClose: () => void; onDone: () => void }) {
  const { api, region, config } = useConsole();
  const [f, setF] = useState({ code: '', name: '', currency: '', timeZone: '', languages: 'en', region });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <ConfirmDialog
      title="Open a market"
      confirmLabel="Open market"
      onClose={props.onClose}
      blocked={!f.code ? 'Give the market its ISO code.' : undefined}
      onConfirm={async () => {
        await api.put(region, `markets/${encodeURIComponent(f.code)}`, {
          name: f.name,
          currency: f.currency,
          timeZone: f.timeZone,
          languages: f.languages
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          region: f.region,
        });
        props.onDone();
      }}
    >
      <div class="grid-2">
        <Field label="Code" id="om-code" hint="ISO 3166, such as BT">
          <input id="om-code" value={f.code} onInput={set('code')} />
        </Field>
        <Field label="Name" id="om-name">
          <input id="om-name" value={f.name} onInput={set('name')} />
        </Field>
        <Field label="Currency" id="om-currency">
          <input id="om-currency" value={f.currency} onInput={set('currency')} />
        </Field>
        <Field label="Time zone" id="om-tz" hint="such as Asia/Thimphu">
          <input id="om-tz" value={f.timeZone} onInput={set('timeZone')} />
        </Field>
        <Field label="Languages" id="om-lang" hint="comma-separated codes">
          <input id="om-lang" value={f.languages} onInput={set('languages')} />
        </Field>
        <Field label="Served by region" id="om-region">
          <select id="om-region" value={f.region} onChange={set('region')}>
            {Object.keys(config.regions).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p>
        The market's partners, vehicles and claims will be written in {f.region}; this cannot change later.
      </p>
    </ConfirmDialog>
  );
}
