import { useState } from 'preact/hooks';
import { useConsole } from '../console-context.ts';
import {
  hoursText,
  items,
  parseHours,
  type ServiceCentre,
  SKILLS,
  type TechnicianRecord,
  WEEKDAYS,
  type Weekday,
} from '../master-data.ts';
import { ConfirmDialog, Field } from './common.tsx';

/**
 * The forms of a partner's service network, each a confirmation dialog: what is sent is what the
 * form shows, and the API's refusal is shown in the dialog field by field (pointers into the body).
 */

export function CentreDialog(props: {
  partnerId: string;
  centre?: ServiceCentre;
  onClose: () => void;
  onDone: () => void;
}) {
  const { api, region } = useConsole();
  const c = props.centre;
  const [f, setF] = useState({
    centreId: c?.centreId ?? '',
    name: c?.name ?? '',
    address: c?.address ?? '',
    phone: c?.phone ?? '',
    timeZone: c?.timeZone ?? '',
    hours: c ? hoursText(c.workingHours) : 'mon-fri 09:00-17:00',
    holidays: (c?.holidays ?? []).join(', '),
  });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const hours = parseHours(f.hours);
  return (
    <ConfirmDialog
      title={c ? `Change ${c.name}` : 'Add a service centre'}
      confirmLabel={c ? 'Save centre' : 'Add centre'}
      wide
      onClose={props.onClose}
      blocked={
        !f.centreId
          ? 'Give the centre an id.'
          : typeof hours === 'string'
            ? `Opening hours: ${hours}`
            : undefined
      }
      onConfirm={async () => {
        await api.put(region, `service-centres/${encodeURIComponent(f.centreId)}`, {
          partnerId: props.partnerId,
          name: f.name,
          address: f.address,
          phone: f.phone,
          timeZone: f.timeZone,
          workingHours: hours,
          holidays: items(f.holidays),
        });
        props.onDone();
      }}
    >
      <div class="grid-2">
        <Field label="Centre id" id="sc-id">
          <input id="sc-id" value={f.centreId} onInput={set('centreId')} disabled={!!c} />
        </Field>
        <Field label="Name" id="sc-name">
          <input id="sc-name" value={f.name} onInput={set('name')} />
        </Field>
        <Field label="Address" id="sc-address">
          <input id="sc-address" value={f.address} onInput={set('address')} />
        </Field>
        <Field label="Phone" id="sc-phone">
          <input id="sc-phone" value={f.phone} onInput={set('phone')} />
        </Field>
        <Field label="Time zone" id="sc-tz" hint="IANA, such as Asia/Kathmandu">
          <input id="sc-tz" value={f.timeZone} onInput={set('timeZone')} />
        </Field>
        <Field
          label="Opening hours"
          id="sc-hours"
          hint="mon-fri 09:00-17:00; sat 09:00-13:00 (other days closed)"
        >
          <input id="sc-hours" value={f.hours} onInput={set('hours')} />
        </Field>
        <Field label="Public holidays" id="sc-holidays" hint="YYYY-MM-DD, comma-separated">
          <input id="sc-holidays" value={f.holidays} onInput={set('holidays')} />
        </Field>
      </div>
      <p>No appointment is booked outside these hours or on a holiday.</p>
    </ConfirmDialog>
  );
}

/** `ev-high-voltage 2027-03-31` per line ⇄ certifications. */
const certificationsText = (t?: TechnicianRecord) =>
  (t?.certifications ?? []).map((c) => `${c.skill} ${c.expiresOn}`).join('\n');
const leaveText = (t?: TechnicianRecord) => (t?.leave ?? []).map((l) => `${l.from} ${l.to}`).join('\n');

export function TechnicianDialog(props: {
  centreId: string;
  technician?: TechnicianRecord;
  onClose: () => void;
  onDone: () => void;
}) {
  const { api, region } = useConsole();
  const t = props.technician;
  const [id, setId] = useState(t?.technicianId ?? '');
  const [name, setName] = useState(t?.name ?? '');
  const [skills, setSkills] = useState<string[]>(t?.skills ?? ['general']);
  const [certs, setCerts] = useState(certificationsText(t));
  const [days, setDays] = useState<Weekday[] | undefined>(t?.workingDays);
  const [leave, setLeave] = useState(leaveText(t));
  const toggle = <T,>(list: T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p[0]);
  return (
    <ConfirmDialog
      title={t ? `Change ${t.name}` : 'Add a technician'}
      confirmLabel={t ? 'Save technician' : 'Add technician'}
      wide
      onClose={props.onClose}
      blocked={!id ? 'Give the technician an id.' : undefined}
      onConfirm={async () => {
        await api.put(region, `technicians/${encodeURIComponent(id)}`, {
          name,
          centreId: props.centreId,
          skills,
          certifications: lines(certs).map(([skill, expiresOn]) => ({ skill, expiresOn })),
          ...(days ? { workingDays: days } : {}),
          leave: lines(leave).map(([from, to]) => ({ from, to: to ?? from })),
        });
        props.onDone();
      }}
    >
      <div class="grid-2">
        <Field label="Technician id" id="tc-id">
          <input id="tc-id" value={id} onInput={(e) => setId(e.currentTarget.value)} disabled={!!t} />
        </Field>
        <Field label="Name" id="tc-name">
          <input id="tc-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      </div>
      <fieldset>
        <legend>Skills</legend>
        {SKILLS.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              checked={skills.includes(s)}
              onChange={() => setSkills(toggle(skills, s))}
            />{' '}
            {s}
          </label>
        ))}
      </fieldset>
      <Field
        label="Certifications"
        id="tc-certs"
        hint="one per line: skill and expiry date, such as ev-high-voltage 2027-03-31 (every skill but general needs one)"
      >
        <textarea id="tc-certs" rows={3} value={certs} onInput={(e) => setCerts(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>Working days</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={!days}
            onChange={() => setDays(days ? undefined : ['mon', 'tue', 'wed', 'thu', 'fri'])}
          />{' '}
          every day the centre opens
        </label>
        {days
          ? WEEKDAYS.map((d) => (
              <label key={d} class="check">
                <input type="checkbox" checked={days.includes(d)} onChange={() => setDays(toggle(days, d))} />{' '}
                {d}
              </label>
            ))
          : null}
      </fieldset>
      <Field
        label="Leave"
        id="tc-leave"
        hint="one per line: first and last day, such as 2026-08-01 2026-08-14"
      >
        <textarea id="tc-leave" rows={2} value={leave} onInput={(e) => setLeave(e.currentTarget.value)} />
      </Field>
      <p>A claim is given this technician only on days they work and are certified for the job.</p>
    </ConfirmDialog>
  );
}
