import type { Claim } from '../../domain/claim.ts';
import { maskEmail } from '../../domain/follow-up.ts';
import { type MessageKey, type Translator, translator } from './catalogue.ts';
import { formatDate, formatDateTime, formatNumber } from './format.ts';
import { escapeHtml } from './layout.ts';
import type { MailCentre } from './templates.ts';

/**
 * The public pages behind the signed links (survey, status, unsubscribe), in the customer's
 * language: plain server-rendered HTML that works on any phone without JavaScript, with labelled
 * form controls (a fieldset of 0–10 radio buttons, a labelled comment box) and errors announced
 * with role="alert". Pure functions: the handlers in functions/public/ only load data and call them.
 */

const CSS = [
  'body{margin:0;background:#f3f4f6;color:#1f2933;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Devanagari","Noto Sans Bengali","Noto Sans Armenian","Noto Sans JP",sans-serif}',
  'main{max-width:560px;margin:0 auto;padding:16px}',
  '.card{background:#fff;border-radius:8px;padding:20px}',
  'h1{font-size:1.4em;line-height:1.3;margin:0 0 12px}',
  'h2{font-size:1.05em;margin:18px 0 4px}',
  'p{margin:0 0 12px}',
  'dl{margin:0 0 12px}dt{font-size:.875em;color:#52606d}dd{margin:0 0 8px;font-weight:600;word-break:break-word}',
  'fieldset{border:0;margin:0 0 16px;padding:0}legend{font-weight:600;margin-bottom:8px}',
  '.scale{display:flex;flex-wrap:wrap;gap:6px}',
  '.scale label{position:relative}',
  '.scale input{position:absolute;opacity:0;width:1px;height:1px}',
  '.scale span{display:inline-block;min-width:40px;padding:10px 0;text-align:center;border:1px solid #9aa5b1;border-radius:6px;font-weight:600;cursor:pointer}',
  '.scale input:checked+span{background:#0b5cad;border-color:#0b5cad;color:#fff}',
  '.scale input:focus-visible+span{outline:3px solid #f0b429;outline-offset:2px}',
  '.hint{display:flex;justify-content:space-between;gap:12px;font-size:.875em;color:#52606d;margin-top:6px}',
  'label.block{display:block;font-weight:600;margin-bottom:6px}',
  'textarea{box-sizing:border-box;width:100%;min-height:110px;font:inherit;padding:8px;border:1px solid #9aa5b1;border-radius:6px}',
  'button{font:inherit;font-weight:600;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:12px 20px;cursor:pointer}',
  'button:focus-visible{outline:3px solid #f0b429;outline-offset:2px}',
  '.alert{background:#fde8e8;border-left:4px solid #c81e1e;padding:8px 12px}',
  '.muted{font-size:.875em;color:#52606d}',
].join('');

function page(tr: Translator, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${tr.language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head>`,
    `<body><main><div class="card">${body}</div></main></body></html>`,
  ].join('');
}

/** A page that only says something: thanks, already answered, expired link, unsubscribed. */
export function messagePage(
  language: string,
  title: MessageKey,
  text: MessageKey,
  values: Record<string, string> = {},
): string {
  const tr = translator(language);
  return page(tr, tr.t(title), `<h1>${escapeHtml(tr.t(title))}</h1><p>${escapeHtml(tr.t(text, values))}</p>`);
}

export function invalidLinkPage(language: string, why: 'malformed' | 'forged' | 'expired'): string {
  return why === 'expired'
    ? messagePage(language, 'link.expiredTitle', 'link.expired')
    : messagePage(language, 'link.invalidTitle', 'link.invalid');
}

export function errorPage(language: string): string {
  return messagePage(language, 'error.title', 'error.body');
}

export interface SurveyForm {
  language: string;
  /** The signed token, posted back with the answer. */
  token: string;
  /** A score chosen in the email (the 0–10 buttons) or in a form sent back with an error. */
  score?: number;
  comment?: string;
  /** Show "please choose a number". */
  missingScore?: boolean;
}

export function surveyPage(form: SurveyForm): string {
  const tr = translator(form.language);
  const n = (x: number) => formatNumber(x, tr.locale);
  const radios = Array.from({ length: 11 }, (_, score) => {
    const checked = form.score === score ? ' checked' : '';
    return `<label><input type="radio" name="score" value="${score}"${checked} required><span>${escapeHtml(n(score))}</span></label>`;
  }).join('');
  const error = form.missingScore
    ? `<p class="alert" role="alert" id="score-error">${escapeHtml(tr.t('surveyPage.missing', { low: n(0), high: n(10) }))}</p>`
    : '';
  const described = form.missingScore ? 'scale-hint score-error' : 'scale-hint';
  const body = [
    `<h1>${escapeHtml(tr.t('surveyPage.title'))}</h1>`,
    `<p>${escapeHtml(tr.t('surveyPage.intro'))}</p>`,
    error,
    '<form method="post" action="">',
    `<input type="hidden" name="t" value="${escapeHtml(form.token)}">`,
    `<fieldset aria-describedby="${described}"><legend>${escapeHtml(tr.t('survey.question'))}</legend>`,
    `<div class="scale">${radios}</div>`,
    `<div class="hint" id="scale-hint"><span>${escapeHtml(tr.t('surveyPage.low', { n: n(0) }))}</span><span>${escapeHtml(tr.t('surveyPage.high', { n: n(10) }))}</span></div>`,
    '</fieldset>',
    `<p><label class="block" for="comment">${escapeHtml(tr.t('surveyPage.comment'))}</label>`,
    `<textarea id="comment" name="comment" maxlength="2000">${escapeHtml(form.comment ?? '')}</textarea></p>`,
    `<button type="submit">${escapeHtml(tr.t('surveyPage.submit'))}</button>`,
    '</form>',
  ].join('');
  return page(tr, tr.t('surveyPage.title'), body);
}

export interface StatusView {
  claim: Claim;
  centre?: MailCentre;
  technicianName?: string;
}

/** Where the claim stands, what comes next, the appointment in the centre's time zone, whom to call. */
export function statusPage({ claim, centre, technicianName }: StatusView): string {
  const tr = translator(claim.customer.language);
  const zone = centre?.timeZone ?? 'UTC';
  const state = claim.failure ? tr.catalogue.statuses.PROBLEM : tr.catalogue.statuses[claim.status];
  const dl = (rows: [string, string][]) =>
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const a = claim.appointment;
  const showAppointment =
    a &&
    !claim.failure &&
    (claim.status === 'SCHEDULED' || claim.status === 'AWAITING_PARTS' || claim.status === 'APPROVED');
  const body = [
    `<h1>${escapeHtml(tr.t('status.title'))}</h1>`,
    dl([
      [tr.t('label.claim'), claim.claimId],
      [tr.t('label.vehicle'), claim.vin],
      [tr.t('label.filed'), formatDate(claim.filedAt, tr.locale, zone)],
    ]),
    `<h2>${escapeHtml(tr.t('status.now'))}</h2><p>${escapeHtml(state.now)}</p>`,
    `<h2>${escapeHtml(tr.t('status.next'))}</h2><p>${escapeHtml(state.next)}</p>`,
    showAppointment
      ? `<h2>${escapeHtml(tr.t('status.appointment'))}</h2>${dl([
          [tr.t('label.when'), formatDateTime(a.start, tr.locale, zone)],
          ...(technicianName
            ? ([[tr.t('label.technician'), technicianName]] satisfies [string, string][])
            : []),
        ])}<p class="muted">${escapeHtml(tr.t('appointment.localTime'))}</p>`
      : '',
    centre
      ? `<h2>${escapeHtml(tr.t('status.contact'))}</h2>${dl([
          [tr.t('label.centre'), centre.name],
          [tr.t('label.address'), centre.address],
          [tr.t('label.phone'), centre.phone],
        ])}<p><a href="tel:${escapeHtml(centre.phone.replace(/[^+\d]/g, ''))}">${escapeHtml(centre.phone)}</a></p>`
      : '',
    `<p class="muted">${escapeHtml(tr.t('row', { label: tr.t('status.updated'), value: formatDateTime(claim.updatedAt, tr.locale, zone) }))}</p>`,
  ].join('');
  return page(tr, tr.t('status.title'), body);
}

export function unsubscribePage(language: string, token: string, email: string): string {
  const tr = translator(language);
  const masked = maskEmail(email);
  const body = [
    `<h1>${escapeHtml(tr.t('unsubscribe.title'))}</h1>`,
    `<p>${escapeHtml(tr.t('unsubscribe.confirm', { email: masked }))}</p>`,
    `<p>${escapeHtml(tr.t('unsubscribe.keep'))}</p>`,
    '<form method="post" action="">',
    `<input type="hidden" name="t" value="${escapeHtml(token)}">`,
    `<button type="submit">${escapeHtml(tr.t('unsubscribe.button'))}</button>`,
    '</form>',
  ].join('');
  return page(tr, tr.t('unsubscribe.title'), body);
}

export function unsubscribedPage(language: string, email: string): string {
  return messagePage(language, 'unsubscribe.doneTitle', 'unsubscribe.done', { email: maskEmail(email) });
}
