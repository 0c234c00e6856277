import {
  body,
  type Command,
  counts,
  defined,
  enc,
  fileOption,
  line,
  list,
  many,
  number,
  readText,
  str,
} from './shared.ts';

/** Parts and prices, labour operations, warehouses and stock, vehicles, warranty plans, the audit trail. */
export const catalogueCommands: Record<string, Record<string, Command>> = {
  parts: {
    list: {
      usage: 'parts list [--limit N] [--cursor C]',
      summary: 'the parts catalogue, a page at a time',
      ids: 0,
      options: { limit: { type: 'string' }, cursor: { type: 'string' } },
      run: (api, _ids, v) => {
        const q = new URLSearchParams(
          defined({ limit: str(v, 'limit'), cursor: str(v, 'cursor') }) as Record<string, string>,
        );
        return api.get(`parts${q.size ? `?${q}` : ''}`);
      },
      show: (b) =>
        [
          ...b.items.map((p: Record<string, unknown>) =>
            line(
              String(p.partNumber),
              String(p.category),
              String(p.name),
              Object.entries(p.prices as object)
                .map(([c, a]) => `${c} ${a}`)
                .join(' '),
            ),
          ),
          ...(b.nextCursor ? [`(more: --cursor ${b.nextCursor})`] : []),
        ].join('\n'),
    },
    show: {
      usage: 'parts show <partNumber>',
      summary: 'a part with its prices',
      ids: 1,
      run: (api, [id]) => api.get(`parts/${enc(id!)}`),
      show: (p) => JSON.stringify(p, null, 2),
    },
    put: {
      usage:
        'parts put <partNumber> --name N --category C --supplier S --price JPY=14000 [--price NPR=1260000 …] [--labour-ops A,B]',
      summary: 'put a part with its prices (minor units per currency)',
      ids: 1,
      options: {
        ...fileOption,
        name: { type: 'string' },
        category: { type: 'string' },
        supplier: { type: 'string' },
        price: { type: 'string', multiple: true },
        'labour-ops': { type: 'string' },
      },
      run: (api, [id], v) =>
        api.put(
          `parts/${enc(id!)}`,
          body(v, {
            name: str(v, 'name'),
            category: str(v, 'category'),
            supplier: str(v, 'supplier'),
            prices: v.price
              ? Object.fromEntries(many(v, 'price').map((p) => [p.split('=')[0], Number(p.split('=')[1])]))
              : undefined,
            laborOperations: list(str(v, 'labour-ops')) ?? (v.file ? undefined : []),
          }),
        ),
      show: (p) => line('part', p.partNumber, p.category),
    },
    import: {
      usage: 'parts import <file.csv>',
      summary: 'partNumber,name,category,supplier,laborOperations,price.JPY,…: all rows or none',
      ids: 1,
      run: (api, [file]) => api.csv('imports/parts', readText(file!)),
      show: counts,
    },
  },
  'labour-ops': {
    list: {
      usage: 'labour-ops list',
      summary: 'the labour operations',
      ids: 0,
      run: (api) => api.get('labour-operations?limit=200'),
      show: (b) =>
        b.items
          .map((o: Record<string, string>) => line(o.code, `${o.hours} h`, o.skill, o.description))
          .join('\n'),
    },
    put: {
      usage: 'labour-ops put <code> --description D --hours H --skill S',
      summary: 'put a labour operation (flat-rate hours)',
      ids: 1,
      options: {
        ...fileOption,
        description: { type: 'string' },
        hours: { type: 'string' },
        skill: { type: 'string' },
      },
      run: (api, [code], v) =>
        api.put(
          `labour-operations/${enc(code!)}`,
          body(v, {
            description: str(v, 'description'),
            hours: number(str(v, 'hours')),
            skill: str(v, 'skill'),
          }),
        ),
      show: (o) => line('labour operation', o.code, `${o.hours} h`, o.skill),
    },
  },
  warehouses: {
    show: {
      usage: 'warehouses show <warehouseId>',
      summary: 'a warehouse with its stock',
      ids: 1,
      run: (api, [id]) => api.get(`warehouses/${enc(id!)}`),
      show: (w) =>
        [
          line(w.warehouseId, w.region, w.name),
          ...w.stock.map(
            (s: Record<string, number | string>) =>
              `  ${line(String(s.partNumber), `on hand ${s.onHand}`, `reserved ${s.reserved}`)}`,
          ),
        ].join('\n'),
    },
    put: {
      usage: 'warehouses put <warehouseId> --name N --region R [--market M] [--transit-days D]',
      summary: 'put a warehouse in an export region',
      ids: 1,
      options: {
        ...fileOption,
        name: { type: 'string' },
        region: { type: 'string' },
        market: { type: 'string' },
        // Days a part takes from here to a centre in another export region (appointments wait for it).
        'transit-days': { type: 'string' },
      },
      run: (api, [id], v) =>
        api.put(
          `warehouses/${enc(id!)}`,
          body(v, {
            name: str(v, 'name'),
            region: str(v, 'region'),
            market: str(v, 'market'),
            transitDays: number(str(v, 'transit-days')),
          }),
        ),
      show: (w) => line('warehouse', w.warehouseId, 'in', w.region),
    },
  },
  stock: {
    import: {
      usage: 'stock import <file.csv>',
      summary: 'warehouseId,partNumber,onHand (a stock count): all rows or none',
      ids: 1,
      run: (api, [file]) => api.csv('imports/stock', readText(file!)),
      show: counts,
    },
    restock: {
      usage: 'stock restock <warehouseId> <partNumber> <quantity>',
      summary: 'stock received; waiting claims are served',
      ids: 3,
      run: (api, [w, p, q]) =>
        api.post(`warehouses/${enc(w!)}/restock`, { partNumber: p, quantity: Number(q) }),
      show: (b) => `resumed ${b.resumed.length} claims`,
    },
  },
  vehicles: {
    import: {
      usage: 'vehicles import <file.csv>',
      summary: 'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate: all rows or none',
      ids: 1,
      run: (api, [file]) => api.csv('vehicles/import', readText(file!)),
      show: (b) =>
        line('vehicles:', `${b.imported} rows`, `${b.created} created`, `${b.unchanged} unchanged`),
    },
  },
  plans: {
    list: {
      usage: 'plans list',
      summary: 'warranty plans and their latest version',
      ids: 0,
      run: (api) => api.get('warranty-plans'),
      show: (b) =>
        b.items
          .map((p: Record<string, string>) =>
            line(p.planId, `v${p.version}`, `from ${p.effectiveFrom}`, p.name),
          )
          .join('\n'),
    },
    show: {
      usage: 'plans show <planId>',
      summary: 'every version of a plan',
      ids: 1,
      run: (api, [id]) => api.get(`warranty-plans/${enc(id!)}`),
      show: (b) => JSON.stringify(b, null, 2),
    },
    put: {
      usage: 'plans put <planId> --file version.json',
      summary: 'add the next version of a plan (in force for vehicles delivered from its effectiveFrom)',
      ids: 1,
      options: { ...fileOption },
      run: (api, [id], v) => api.put(`warranty-plans/${enc(id!)}`, body(v, {})),
      show: (p) => line('plan', p.planId, `version ${p.version}`, `in force from ${p.effectiveFrom}`),
    },
  },
  audit: {
    show: {
      usage: 'audit show <entity> <id>   (entity: partner, api-key, service-centre, technician, part, …)',
      summary: "a record's audit trail: who changed what, when",
      ids: 2,
      run: (api, [entity, id]) => api.get(`audit/${enc(entity!)}/${enc(id!)}`),
      show: (b) =>
        b.items
          .map((e: { at: string; actor: { id: string }; action: string; changed: string[] }) =>
            line(e.at, e.actor.id, e.action, e.changed.join(',')),
          )
          .join('\n'),
    },
  },
};
