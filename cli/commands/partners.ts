import {
  body,
  type Command,
  defined,
  enc,
  fileOption,
  keyLine,
  line,
  list,
  moneyOf,
  number,
  str,
} from './shared.ts';

/** Markets, partners and their API keys. */
export const partnerCommands: Record<string, Record<string, Command>> = {
  markets: {
    list: {
      usage: 'markets list',
      summary: 'every market and the region that serves it',
      ids: 0,
      run: (api) => api.get('markets'),
      show: (b) =>
        b.items
          .map((m: Record<string, string>) => line(m.code, m.region, m.name, m.currency, m.source))
          .join('\n'),
    },
    put: {
      usage: 'markets put <code> --name N --currency CUR --time-zone TZ --languages en,ne --region R',
      summary: 'open a market (or describe a configured one)',
      ids: 1,
      options: {
        ...fileOption,
        name: { type: 'string' },
        currency: { type: 'string' },
        'time-zone': { type: 'string' },
        languages: { type: 'string' },
        region: { type: 'string' },
      },
      run: (api, [code], v) =>
        api.put(
          `markets/${enc(code!)}`,
          body(v, {
            name: str(v, 'name'),
            currency: str(v, 'currency'),
            timeZone: str(v, 'time-zone'),
            languages: list(str(v, 'languages')),
            region: str(v, 'region'),
          }),
        ),
      show: (m) => line('market', m.code, 'served by', m.region),
    },
  },
  partners: {
    list: {
      usage: 'partners list [--in REGION]',
      summary: "a region's partners, centres and technicians",
      ids: 0,
      options: { in: { type: 'string' } },
      run: (api, _ids, v) => api.get(`partners${str(v, 'in') ? `?region=${enc(str(v, 'in')!)}` : ''}`),
      show: (b) =>
        b.items
          .map((p: Record<string, string>) => line(p.partnerId, p.market, p.region, p.status, p.name))
          .join('\n'),
    },
    show: {
      usage: 'partners show <partnerId>',
      summary: 'a partner with its centres and keys',
      ids: 1,
      run: (api, [id]) => api.get(`partners/${enc(id!)}`),
      show: (b) =>
        [
          line(b.partner.partnerId, b.partner.market, b.partner.homeRegion, b.partner.status, b.partner.name),
          ...b.partner.serviceCentres.map(
            (c: Record<string, string>) => `  centre ${line(c.centreId, c.timeZone, c.name)}`,
          ),
          ...b.keys.map((k: Parameters<typeof keyLine>[0]) => `  key ${keyLine(k)}`),
        ].join('\n'),
    },
    create: {
      usage:
        'partners create <partnerId> --name N --market M --currency CUR --labor-rate MINOR --auto-approval-limit MINOR --tier standard|premium --contact-name N --contact-email E [--contact-phone P] [--discount-pct P]',
      summary: "create a partner in its market's region (active, no centre, no key)",
      ids: 1,
      options: {
        ...fileOption,
        name: { type: 'string' },
        market: { type: 'string' },
        currency: { type: 'string' },
        'labor-rate': { type: 'string' },
        'auto-approval-limit': { type: 'string' },
        tier: { type: 'string' },
        'contact-name': { type: 'string' },
        'contact-email': { type: 'string' },
        'contact-phone': { type: 'string' },
        'discount-pct': { type: 'string' },
      },
      run: (api, [id], v) =>
        api.post(
          'partners',
          body(v, {
            partnerId: id,
            name: str(v, 'name'),
            market: str(v, 'market'),
            currency: str(v, 'currency'),
            laborRate: moneyOf(str(v, 'labor-rate'), str(v, 'currency')),
            autoApprovalLimit: moneyOf(str(v, 'auto-approval-limit'), str(v, 'currency')),
            tier: str(v, 'tier'),
            priceList:
              str(v, 'discount-pct') === undefined
                ? undefined
                : { discountPct: number(str(v, 'discount-pct')) },
            contact:
              str(v, 'contact-name') || str(v, 'contact-email')
                ? defined({
                    name: str(v, 'contact-name'),
                    email: str(v, 'contact-email'),
                    phone: str(v, 'contact-phone'),
                  })
                : undefined,
          }),
        ),
      show: (p) => line('partner', p.partnerId, 'in', p.homeRegion, p.status),
    },
    update: {
      usage:
        'partners update <partnerId> [--name N] [--tier T] [--labor-rate MINOR] [--auto-approval-limit MINOR] [--currency CUR] [--contact-name N --contact-email E]',
      summary: 'change a partner',
      ids: 1,
      options: {
        ...fileOption,
        name: { type: 'string' },
        tier: { type: 'string' },
        currency: { type: 'string' },
        'labor-rate': { type: 'string' },
        'auto-approval-limit': { type: 'string' },
        'contact-name': { type: 'string' },
        'contact-email': { type: 'string' },
        'contact-phone': { type: 'string' },
      },
      run: (api, [id], v) =>
        api.patch(
          `partners/${enc(id!)}`,
          body(v, {
            name: str(v, 'name'),
            tier: str(v, 'tier'),
            laborRate: moneyOf(str(v, 'labor-rate'), str(v, 'currency')),
            autoApprovalLimit: moneyOf(str(v, 'auto-approval-limit'), str(v, 'currency')),
            contact:
              str(v, 'contact-name') || str(v, 'contact-email')
                ? defined({
                    name: str(v, 'contact-name'),
                    email: str(v, 'contact-email'),
                    phone: str(v, 'contact-phone'),
                  })
                : undefined,
          }),
        ),
      show: (p) => line('partner', p.partnerId, p.status, p.name),
    },
    suspend: {
      usage: 'partners suspend <partnerId>',
      summary: 'suspend a partner: its keys get 403 at once',
      ids: 1,
      run: (api, [id]) => api.patch(`partners/${enc(id!)}`, { status: 'suspended' }),
      show: (p) => line('partner', p.partnerId, p.status),
    },
    activate: {
      usage: 'partners activate <partnerId>',
      summary: 'let a suspended partner in again',
      ids: 1,
      run: (api, [id]) => api.patch(`partners/${enc(id!)}`, { status: 'active' }),
      show: (p) => line('partner', p.partnerId, p.status),
    },
  },
  keys: {
    list: {
      usage: 'keys list <partnerId>',
      summary: "a partner's keys (never the keys themselves)",
      ids: 1,
      run: (api, [id]) => api.get(`partners/${enc(id!)}`),
      show: (b) => b.keys.map(keyLine).join('\n') || '(no keys)',
    },
    issue: {
      usage: 'keys issue <partnerId> [--label L]',
      summary: 'issue a key: printed once, only its hash is kept',
      ids: 1,
      options: { label: { type: 'string' } },
      run: (api, [id], v) => api.post(`partners/${enc(id!)}/keys`, defined({ label: str(v, 'label') })),
      show: (b) => `${b.apiKey}\n(key ${b.keyId}: shown this once; keep it now)`,
    },
    rotate: {
      usage: 'keys rotate <partnerId> <keyId> [--overlap-hours H] [--label L]',
      summary: 'issue a new key; the old one works for the overlap (default 24 h), then expires',
      ids: 2,
      options: { 'overlap-hours': { type: 'string' }, label: { type: 'string' } },
      run: (api, [id, keyId], v) =>
        api.post(
          `partners/${enc(id!)}/keys`,
          defined({ rotates: keyId, overlapHours: number(str(v, 'overlap-hours')), label: str(v, 'label') }),
        ),
      show: (b) =>
        `${b.apiKey}\n(key ${b.keyId}: shown this once; ${b.rotated?.keyId} expires ${b.rotated?.expiresAt})`,
    },
    revoke: {
      usage: 'keys revoke <partnerId> <keyId>',
      summary: 'revoke a key: the next request with it is 403',
      ids: 2,
      run: (api, [id, keyId]) => api.delete(`partners/${enc(id!)}/keys/${enc(keyId!)}`),
      show: keyLine,
    },
  },
};
