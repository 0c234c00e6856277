import { useState } from 'preact/hooks';
import { ConfirmDialog, Dialog, Field, Loading, ProblemView, useLoad } from '../components/common.tsx';
import { CentreDialog, TechnicianDialog } from '../components/network-forms.tsx';
import { useConsole } from '../console-context.ts';
import { money, when } from '../format.ts';
import {
  type ApiKeyView,
  hoursText,
  type PartnerRecord,
  type ServiceCentre,
  type TechnicianRecord,
} from '../master-data.ts';
import { PartnerFeedbackSection } from './partner-feedback.tsx';
import { PartnerWebhookSection } from './partner-webhook.tsx';

type Action =
  | { kind: 'status'; to: 'active' | 'suspended' }
  | { kind: 'issue' }
  | { kind: 'rotate'; key: ApiKeyView }
  | { kind: 'revoke'; key: ApiKeyView }
  | { kind: 'issued'; keyId: string; apiKey: string }
  | { kind: 'centre'; centre?: ServiceCentre }
  | { kind: 'technician'; centreId: string; technician?: TechnicianRecord };

/** One partner (managers): status, API keys, service centres and their technicians. */
export function PartnerPage({ partnerId }: { partnerId: string }) {
  const { api, region } = useConsole();
  const loaded = useLoad(
    (signal) =>
      api.get<{ partner: PartnerRecord; keys: ApiKeyView[] }>(
        region,
        `partners/${encodeURIComponent(partnerId)}`,
        signal,
      ),
    [region, partnerId],
  );
  const [action, setAction] = useState<Action>();
  const [tick, setTick] = useState(0);
  const done = () => {
    loaded.reload();
    setTick((t) => t + 1);
  };
  const p = loaded.data?.partner;

  return (
    <>
      <h1 tabIndex={-1}>{p ? p.name : partnerId}</h1>
      <ProblemView error={loaded.error} context="the partner" />
      {loaded.loading && !p ? <Loading what="the partner" /> : null}
      {p ? (
        <>
          <section class="card" aria-labelledby="partner-facts">
            <h2 id="partner-facts">Partner</h2>
            <dl class="facts">
              <dt>Id</dt>
              <dd>{p.partnerId}</dd>
              <dt>Market</dt>
              <dd>
                {p.market} · written in {p.homeRegion}
              </dd>
              <dt>Status</dt>
              <dd data-partner-status={p.status}>{p.status}</dd>
              <dt>Labour rate</dt>
              <dd>{money(p.laborRate)} an hour</dd>
              <dt>Auto-approval limit</dt>
              <dd>{money(p.autoApprovalLimit)}</dd>
              <dt>Contact</dt>
              <dd>{p.contact ? `${p.contact.name} <${p.contact.email}>` : '—'}</dd>
            </dl>
            <div class="actions">
              {p.status === 'suspended' ? (
                <button type="button" onClick={() => setAction({ kind: 'status', to: 'active' })}>
                  Activate
                </button>
              ) : (
                <button
                  type="button"
                  class="danger"
                  onClick={() => setAction({ kind: 'status', to: 'suspended' })}
                >
                  Suspend
                </button>
              )}
            </div>
          </section>

          <section class="card" aria-labelledby="partner-keys">
            <h2 id="partner-keys">API keys</h2>
            <div class="table-wrap">
              <table aria-label="API keys">
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.data!.keys.map((k) => (
                    <tr key={k.keyId} data-key={k.keyId}>
                      <td>
                        {k.label} <span class="muted small">{k.keyId}</span>
                      </td>
                      <td data-key-status={k.status}>
                        {k.status}
                        {k.expiresAt && k.status !== 'revoked' ? ` until ${when(k.expiresAt)}` : ''}
                      </td>
                      <td>
                        {when(k.createdAt)} <span class="muted small">by {k.createdBy}</span>
                      </td>
                      <td>
                        {k.status === 'active' ? (
                          <button type="button" onClick={() => setAction({ kind: 'rotate', key: k })}>
                            Rotate {k.label}
                          </button>
                        ) : null}{' '}
                        {k.status !== 'revoked' ? (
                          <button
                            type="button"
                            class="danger"
                            onClick={() => setAction({ kind: 'revoke', key: k })}
                          >
                            Revoke {k.label}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="actions">
              <button type="button" class="primary" onClick={() => setAction({ kind: 'issue' })}>
                Issue a key
              </button>
            </div>
          </section>

          <section class="card" aria-labelledby="partner-centres">
            <h2 id="partner-centres">Service centres</h2>
            {p.serviceCentres.length === 0 ? <p>No centre yet: claims cannot be scheduled.</p> : null}
            {p.serviceCentres.map((c) => (
              <CentreTechnicians
                key={`${c.centreId}-${tick}`}
                centre={c}
                onEditCentre={() => setAction({ kind: 'centre', centre: c })}
                onTechnician={(t) =>
                  setAction({ kind: 'technician', centreId: c.centreId, ...(t ? { technician: t } : {}) })
                }
              />
            ))}
            <div class="actions">
              <button type="button" onClick={() => setAction({ kind: 'centre' })}>
                Add a service centre
              </button>
            </div>
          </section>
          <PartnerFeedbackSection partnerId={p.partnerId} />
          <PartnerWebhookSection partnerId={p.partnerId} />
          <PartnerActions partner={p} action={action} setAction={setAction} done={done} />
        </>
      ) : null}
    </>
  );
}

function CentreTechnicians(props: {
  centre: ServiceCentre;
  onEditCentre: () => void;
  onTechnician: (t?: TechnicianRecord) => void;
}) {
  const { api, region } = useConsole();
  const c = props.centre;
  const team = useLoad(
    (signal) =>
      api.get<{ technicians: TechnicianRecord[] }>(
        region,
        `service-centres/${encodeURIComponent(c.centreId)}`,
        signal,
      ),
    [region, c.centreId],
  );
  return (
    <div class="centre" data-centre={c.centreId}>
      <h3>
        {c.name}{' '}
        <span class="muted small">
          {c.centreId} · {c.timeZone}
        </span>
      </h3>
      <p class="muted small">
        {hoursText(c.workingHours) || 'closed every day'}
        {c.holidays?.length ? ` · holidays ${c.holidays.join(', ')}` : ''}
      </p>
      <ProblemView error={team.error} context="technicians" />
      <div class="table-wrap">
        <table aria-label={`Technicians of ${c.name}`}>
          <thead>
            <tr>
              <th scope="col">Technician</th>
              <th scope="col">Skills</th>
              <th scope="col">Certified until</th>
              <th scope="col">Leave</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {team.data?.technicians.map((t) => (
              <tr key={t.technicianId} data-technician={t.technicianId}>
                <td>
                  {t.name} <span class="muted small">{t.technicianId}</span>
                </td>
                <td>{t.skills.join(', ')}</td>
                <td>{(t.certifications ?? []).map((x) => `${x.skill} ${x.expiresOn}`).join(', ') || '—'}</td>
                <td>{(t.leave ?? []).map((l) => `${l.from}…${l.to}`).join(', ') || '—'}</td>
                <td>
                  <button type="button" onClick={() => props.onTechnician(t)}>
                    Edit {t.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button type="button" onClick={props.onEditCentre}>
          Edit {c.name}
        </button>
        <button type="button" onClick={() => props.onTechnician()}>
          Add a technician to {c.name}
        </button>
      </div>
    </div>
  );
}

function PartnerActions(props: {
  partner: PartnerRecord;
  action: Action | undefined;
  setAction: (a: Action | undefined) => void;
  done: () => void;
}) {
  const { api, region } = useConsole();
  const { partner: p, action, setAction, done } = props;
  const [label, setLabel] = useState('');
  const [overlap, setOverlap] = useState('24');
  const base = `partners/${encodeURIComponent(p.partnerId)}`;
  const close = () => setAction(undefined);
  if (!action) return null;
  switch (action.kind) {
    case 'status':
      return (
        <ConfirmDialog
          title={action.to === 'suspended' ? `Suspend ${p.name}?` : `Activate ${p.name}?`}
          confirmLabel={action.to === 'suspended' ? 'Suspend' : 'Activate'}
          danger={action.to === 'suspended'}
          onClose={close}
          onConfirm={async () => {
            await api.patch(region, base, { status: action.to });
            done();
          }}
        >
          <p>
            {action.to === 'suspended'
              ? 'Every request with its keys is refused (403) from now on; its claims already filed go on.'
              : 'Its live keys work again at once.'}
          </p>
        </ConfirmDialog>
      );
    case 'issue':
    case 'rotate':
      return (
        <ConfirmDialog
          title={action.kind === 'issue' ? `Issue a key to ${p.name}?` : `Rotate ${action.key.label}?`}
          confirmLabel={action.kind === 'issue' ? 'Issue key' : 'Rotate key'}
          onClose={close}
          onConfirm={async () => {
            const issued = await api.post<{ keyId: string; apiKey: string }>(region, `${base}/keys`, {
              ...(label ? { label } : {}),
              ...(action.kind === 'rotate'
                ? { rotates: action.key.keyId, overlapHours: Number(overlap) }
                : {}),
            });
            done();
            // After the confirm dialog closes: the key, shown this once.
            setTimeout(() => setAction({ kind: 'issued', keyId: issued.keyId, apiKey: issued.apiKey }));
          }}
        >
          <Field label="Label" id="key-label" hint="where the partner will use it, such as its DMS">
            <input id="key-label" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          </Field>
          {action.kind === 'rotate' ? (
            <Field label="Hours the old key keeps working" id="key-overlap">
              <input
                id="key-overlap"
                inputMode="numeric"
                value={overlap}
                onInput={(e) => setOverlap(e.currentTarget.value)}
              />
            </Field>
          ) : null}
          <p>The new key is shown once, on the next screen; only its hash is kept.</p>
        </ConfirmDialog>
      );
    case 'issued':
      return (
        <Dialog title="The new API key" onClose={close}>
          <div class="dialog-body">
            <p>Give it to the partner now: it is not shown again.</p>
            <p>
              <code data-api-key>{action.apiKey}</code>
            </p>
            <p class="muted small">{action.keyId}</p>
            <div class="dialog-actions">
              <button type="button" class="primary" onClick={close}>
                Done
              </button>
            </div>
          </div>
        </Dialog>
      );
    case 'revoke':
      return (
        <ConfirmDialog
          title={`Revoke ${action.key.label}?`}
          confirmLabel="Revoke key"
          danger
          onClose={close}
          onConfirm={async () => {
            await api.delete(region, `${base}/keys/${encodeURIComponent(action.key.keyId)}`);
            done();
          }}
        >
          <p>The next request with this key is refused (403). This cannot be undone.</p>
        </ConfirmDialog>
      );
    case 'centre':
      return (
        <CentreDialog
          partnerId={p.partnerId}
          {...(action.centre ? { centre: action.centre } : {})}
          onClose={close}
          onDone={done}
        />
      );
    case 'technician':
      return (
        <TechnicianDialog
          centreId={action.centreId}
          {...(action.technician ? { technician: action.technician } : {})}
          onClose={close}
          onDone={done}
        />
      );
  }
}
