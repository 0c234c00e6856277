import type { Translator } from './catalogue.ts';
import type { Block, RenderedEmail } from './templates.ts';

/**
 * How an email is written out: one narrow column of inline-styled HTML (phones, no images) and the
 * same blocks as plain text, with the greeting, signature and footer every email has.
 */

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const FONT =
  "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Devanagari','Noto Sans Bengali','Noto Sans Armenian','Noto Sans JP','Hiragino Sans',sans-serif";
const STYLE = {
  body: 'margin:0;padding:0;background:#f3f4f6;',
  outer: `max-width:560px;margin:0 auto;padding:12px;font-family:${FONT};font-size:16px;line-height:1.6;color:#1f2933;`,
  card: 'background:#ffffff;border-radius:8px;padding:20px;',
  p: 'margin:0 0 14px;',
  label: 'margin:0;font-size:14px;color:#52606d;',
  value: 'margin:0 0 10px;font-weight:600;word-break:break-word;',
  button:
    'display:inline-block;background:#0b5cad;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;',
  scale:
    'display:inline-block;min-width:34px;margin:0 4px 6px 0;padding:8px 0;text-align:center;border:1px solid #9aa5b1;border-radius:4px;color:#1f2933;text-decoration:none;font-weight:600;',
  small: 'margin:0 0 14px;font-size:14px;color:#52606d;',
  footer: 'margin:16px 4px 0;font-size:13px;color:#616e7c;',
  link: 'color:#0b5cad;',
};

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="${STYLE.p}">${b.strong ? `<strong>${escapeHtml(b.text)}</strong>` : escapeHtml(b.text)}</p>`;
    case 'small':
      return `<p style="${STYLE.small}">${escapeHtml(b.text)}</p>`;
    case 'rows':
      return `<div style="margin:0 0 14px;">${b.rows
        .map(
          ([label, value]) =>
            `<p style="${STYLE.label}">${escapeHtml(label)}</p><p style="${STYLE.value}">${escapeHtml(value)}</p>`,
        )
        .join('')}</div>`;
    case 'list':
      return `<p style="${STYLE.p}margin-bottom:4px;font-weight:600;">${escapeHtml(b.heading)}</p><ul style="margin:0 0 14px;padding-left:22px;">${b.items
        .map((i) => `<li style="margin:0 0 6px;">${escapeHtml(i)}</li>`)
        .join('')}</ul>`;
    case 'button':
      return `<p style="${STYLE.p}"><a href="${escapeHtml(b.url)}" style="${STYLE.button}">${escapeHtml(b.label)}</a></p>`;
    case 'scale':
      return `<p style="${STYLE.p}">${b.labels
        .map(
          (label, i) => `<a href="${escapeHtml(b.urls[i]!)}" style="${STYLE.scale}">${escapeHtml(label)}</a>`,
        )
        .join('')}</p>`;
  }
}

function blockText(b: Block, tr: Translator): string {
  switch (b.kind) {
    case 'p':
    case 'small':
      return b.text;
    case 'rows':
      return b.rows.map(([label, value]) => tr.t('row', { label, value })).join('\n');
    case 'list':
      return [b.heading, ...b.items.map((i) => `- ${i}`)].join('\n');
    case 'button':
      return `${b.label}\n${b.url}`;
    case 'scale':
      // Plain text cannot offer eleven buttons; the survey link that follows opens the same form.
      return '';
  }
}

/** One email written out twice, as narrow inline-styled HTML and as plain text. */
export function writeOut(
  tr: Translator,
  email: {
    subject: string;
    blocks: Block[];
    name: string;
    footer: string;
    unsubscribe?: { label: string; url: string };
  },
): RenderedEmail {
  const { subject, blocks, footer, unsubscribe } = email;
  const greeting = tr.t('greeting', { name: email.name });
  const signature = [tr.t('signoff'), tr.t('team')];

  const text = [
    greeting,
    '',
    ...blocks
      .map((b) => blockText(b, tr))
      .filter(Boolean)
      .flatMap((t) => [t, '']),
    ...signature,
    '',
    '--',
    footer,
    ...(unsubscribe ? [unsubscribe.label, unsubscribe.url] : []),
    '',
  ].join('\n');

  const html = [
    '<!doctype html>',
    `<html lang="${tr.language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.outer}"><div style="${STYLE.card}">`,
    `<p style="${STYLE.p}">${escapeHtml(greeting)}</p>`,
    ...blocks.map(blockHtml),
    `<p style="${STYLE.p}">${signature.map(escapeHtml).join('<br>')}</p>`,
    '</div>',
    `<p style="${STYLE.footer}">${escapeHtml(footer)}${
      unsubscribe
        ? `<br><a href="${escapeHtml(unsubscribe.url)}" style="${STYLE.link}">${escapeHtml(unsubscribe.label)}</a>`
        : ''
    }</p>`,
    '</div></body></html>',
  ].join('');

  return { subject, text, html, language: tr.language };
}
