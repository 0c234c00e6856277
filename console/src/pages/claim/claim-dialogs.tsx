import { useState } from 'preact/hooks';
import { ConfirmDialog, Field } from '../../components/common.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { useConsole } from '../../console-context.ts';
import { money } from '../../format.ts';
import type { Claim, ClaimLine } from '../../types.ts';

/** What staff do to a claim in review or under way: approve or reject, adjust the lines, cancel. */

interface ClaimDialogProps {
  claim: Claim;
  /** The claim's home region: where its API carries out the action. */
  region: string;
  onClose: () => void;
  onDone: () => void;
}

export function AdjustDialog(props: ClaimDialogProps) {
  const { api } = useConsole();
  const [lines, setLines] = useState(() =>
    props.claim.lines.map((l: ClaimLine) => ({
      lineNo: l.lineNo,
      partNumber: l.partNumber,
      decision: (l.decision === 'REJECTED' ? 'REJECTED' : 'COVERED') as 'COVERED' | 'ADJUSTED' | 'REJECTED',
      quantity: l.adjusted?.quantity ?? l.quantity,
      laborHours: l.adjusted?.laborHours ?? l.laborHours,
      filed: l,
    })),
  );
  const [note, setNote] = useState('');
  const update = (i: number, patch: Partial<(typeof lines)[number]>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const allRejected = lines.every((l) => l.decision === 'REJECTED');
  return (
    <ConfirmDialog
      title={`Adjust the lines of ${props.claim.claimId}`}
      confirmLabel="Approve as adjusted"
      wide
      onClose={props.onClose}
      {...(allRejected ? { blocked: 'Every line is rejected: reject the claim instead.' } : {})}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/review`, {
          outcome: 'APPROVED',
          decisions: lines.map((l) => {
            const changed = l.quantity !== l.filed.quantity || l.laborHours !== l.filed.laborHours;
            const decision = l.decision === 'COVERED' && changed ? 'ADJUSTED' : l.decision;
            return decision === 'ADJUSTED'
              ? { lineNo: l.lineNo, decision, quantity: l.quantity, laborHours: l.laborHours }
              : { lineNo: l.lineNo, decision };
          }),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        props.onDone();
      }}
    >
      <DataTable columns={['Line', 'Decision', 'Quantity', 'Labour hours']}>
        {lines.map((l, i) => (
          <tr key={l.lineNo}>
            <th scope="row">
              {l.lineNo}. <span class="mono">{l.partNumber}</span>
              <div class="muted small">
                filed {l.filed.quantity} × {l.filed.laborHours} h
              </div>
            </th>
            <td>
              <label class="sr-only" for={`adj-decision-${l.lineNo}`}>
                Decision for line {l.lineNo}
              </label>
              <select
                id={`adj-decision-${l.lineNo}`}
                value={l.decision}
                onChange={(e) => update(i, { decision: e.currentTarget.value as 'COVERED' })}
              >
                <option value="COVERED">Covered</option>
                <option value="ADJUSTED">Adjusted</option>
                <option value="REJECTED">Rejected</option>
              </select>
            </td>
            <NumberCell
              id={`adj-qty-${l.lineNo}`}
              label={`Quantity for line ${l.lineNo}`}
              value={l.quantity}
              max={l.filed.quantity}
              step={1}
              disabled={l.decision === 'REJECTED'}
              onInput={(quantity) => update(i, { quantity })}
            />
            <NumberCell
              id={`adj-hours-${l.lineNo}`}
              label={`Labour hours for line ${l.lineNo}`}
              value={l.laborHours}
              step={0.25}
              disabled={l.decision === 'REJECTED'}
              onInput={(laborHours) => update(i, { laborHours })}
            />
          </tr>
        ))}
      </DataTable>
      <Field label="Note for the audit trail (optional)" id="adjust-note">
        <textarea id="adjust-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
    </ConfirmDialog>
  );
}

/** A table cell with a number input, labelled for screen readers (the column heading says it to the eye). */
function NumberCell(props: {
  id: string;
  label: string;
  value: number;
  max?: number;
  step: number;
  disabled: boolean;
  onInput: (value: number) => void;
}) {
  return (
    <td>
      <label class="sr-only" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        type="number"
        min={0}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        onInput={(e) => props.onInput(Number(e.currentTarget.value))}
      />
    </td>
  );
}

export function CancelDialog(props: ClaimDialogProps) {
  const { api } = useConsole();
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      title={`Cancel ${props.claim.claimId}?`}
      confirmLabel="Cancel the claim"
      danger
      onClose={props.onClose}
      {...(reason.trim() ? {} : { blocked: 'Say why the claim is cancelled.' })}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/cancel`, { reason: reason.trim() });
        props.onDone();
      }}
    >
      <p>
        The workflow stops; parts reserved for it and the technician slot are released. This cannot be undone.
      </p>
      <Field label="Reason" id="cancel-reason">
        <textarea
          id="cancel-reason"
          rows={3}
          required
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}

export function ReviewDialog(props: ClaimDialogProps & { outcome: 'APPROVED' | 'REJECTED' }) {
  const { api } = useConsole();
  const [note, setNote] = useState('');
  const approve = props.outcome === 'APPROVED';
  return (
    <ConfirmDialog
      title={approve ? `Approve ${props.claim.claimId}?` : `Reject ${props.claim.claimId}?`}
      confirmLabel={approve ? 'Approve' : 'Reject'}
      danger={!approve}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/review`, {
          outcome: props.outcome,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        props.onDone();
      }}
    >
      <p>
        {approve
          ? `Every covered line is approved as filed (${money(props.claim.amounts?.claimed)}).`
          : 'The whole claim is rejected; the partner and the customer are told.'}
      </p>
      <Field label="Note for the audit trail (optional)" id="review-note">
        <textarea
          id="review-note"
          rows={3}
          maxLength={2000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}
