import {
  body,
  type Command,
  counts,
  enc,
  fileOption,
  line,
  list,
  many,
  readText,
  str,
  workingHours,
} from './shared.ts';

/** Service centres and technicians. */
export const networkCommands: Record<string, Record<string, Command>> = {
  centres: {
    show: {
      usage: 'centres show <centreId>',
      summary: 'a service centre with its technicians',
      ids: 1,
      run: (api, [id]) => api.get(`service-centres/${enc(id!)}`),
      show: (c) =>
        [
          line(c.centreId, c.partnerId, c.timeZone, c.name),
          ...c.technicians.map(
            (t: Record<string, unknown>) =>
              `  ${line(String(t.technicianId), String(t.name), (t.skills as string[]).join(','))}`,
          ),
        ].join('\n'),
    },
    put: {
      usage:
        'centres put <centreId> --partner P --name N --address A --phone PH --time-zone TZ --hours "mon-fri 09:00-17:00; sat 09:00-13:00" [--holidays 2026-12-25,…]',
      summary: "put a partner's service centre",
      ids: 1,
      options: {
        ...fileOption,
        partner: { type: 'string' },
        name: { type: 'string' },
        address: { type: 'string' },
        phone: { type: 'string' },
        'time-zone': { type: 'string' },
        hours: { type: 'string' },
        holidays: { type: 'string' },
      },
      run: (api, [id], v) =>
        api.put(
          `service-centres/${enc(id!)}`,
          body(v, {
            partnerId: str(v, 'partner'),
            name: str(v, 'name'),
            address: str(v, 'address'),
            phone: str(v, 'phone'),
            timeZone: str(v, 'time-zone'),
            workingHours: workingHours(str(v, 'hours')),
            holidays: list(str(v, 'holidays')),
          }),
        ),
      show: (c) => line('centre', c.centreId, 'of', c.partnerId, c.timeZone),
    },
  },
  technicians: {
    show: {
      usage: 'technicians show <technicianId>',
      summary: 'a technician',
      ids: 1,
      run: (api, [id]) => api.get(`technicians/${enc(id!)}`),
      show: (t) =>
        [
          line(t.technicianId, t.centreId, t.name, t.skills.join(',')),
          ...(t.certifications ?? []).map(
            (c: Record<string, string>) => `  certified ${line(c.skill, 'until', c.expiresOn)}`,
          ),
          ...(t.leave ?? []).map((l: Record<string, string>) => `  leave ${line(l.from, '…', l.to)}`),
        ].join('\n'),
    },
    put: {
      usage:
        'technicians put <technicianId> --centre C --name N --skills general,ev-high-voltage [--cert ev-high-voltage:2027-03-31 …] [--days mon,tue,…] [--leave 2026-08-01..2026-08-14 …]',
      summary: 'put a technician (replaced whole)',
      ids: 1,
      options: {
        ...fileOption,
        centre: { type: 'string' },
        name: { type: 'string' },
        skills: { type: 'string' },
        cert: { type: 'string', multiple: true },
        days: { type: 'string' },
        leave: { type: 'string', multiple: true },
      },
      run: (api, [id], v) =>
        api.put(
          `technicians/${enc(id!)}`,
          body(v, {
            centreId: str(v, 'centre'),
            name: str(v, 'name'),
            skills: list(str(v, 'skills')),
            certifications: v.cert
              ? many(v, 'cert').map((c) => {
                  const [skill, expiresOn] = c.split(':');
                  return { skill, expiresOn };
                })
              : v.file
                ? undefined
                : [],
            workingDays: list(str(v, 'days')),
            leave: v.leave
              ? many(v, 'leave').map((l) => {
                  const [from, to] = l.split('..');
                  return { from, to: to ?? from };
                })
              : undefined,
          }),
        ),
      show: (t) => line('technician', t.technicianId, 'at', t.centreId),
    },
    import: {
      usage: 'technicians import <file.csv>',
      summary: 'technicianId,name,centreId,skills,certifications,workingDays: all rows or none',
      ids: 1,
      run: (api, [file]) => api.csv('imports/technicians', readText(file!)),
      show: counts,
    },
  },
};
