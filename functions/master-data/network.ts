import { auditEntry, MasterDataError, sameRecord } from '../../domain/master-data/audit.ts';
import { putServiceCentre, type ServiceCentreDraft } from '../../domain/master-data/partners.ts';
import { type TechnicianDraft, technicianAt } from '../../domain/master-data/technicians.ts';
import type { Partner, ServiceCentre } from '../../domain/partner.ts';
import type { Technician } from '../../domain/technician.ts';
import { keys } from '../data/keys.ts';
import { fieldsOf, recordOf } from '../data/master-data-store.ts';
import type { Actor, MasterDataContext } from './master-data-context.ts';
import { findPartner, partnerAtHome } from './partners.ts';

/**
 * Service centres and their technicians, written in the partner's home region. A centre lives in
 * its partner's record (every claim step reads the partner with its centres) and a pointer item
 * `CENTRE#<id>` says which partner holds it; a technician lives under its centre and a pointer
 * `TECHNICIAN#<id>` says which centre.
 */

// Pure, as the schemas are: a function that never reads these records leaves the schema out (issue 18).
export const TECHNICIAN_FIELDS = fieldsOf<Technician>()([
  'technicianId',
  'name',
  'centreId',
  'partnerId',
  'homeRegion',
  'skills',
  'certifications',
  'workingDays',
  'leave',
]);

export const centreNotFound = (centreId: string) =>
  new MasterDataError('notFound', `no service centre ${centreId}`, { parameter: 'centreId' });
export const technicianNotFound = (technicianId: string) =>
  new MasterDataError('notFound', `no technician ${technicianId}`, { parameter: 'technicianId' });

/** The partner a centre belongs to, from this region's replica. */
export async function partnerOfCentre(
  ctx: MasterDataContext,
  centreId: string,
): Promise<Partner | undefined> {
  const pointer = await ctx.store.find(keys.centre(centreId));
  return pointer ? findPartner(ctx, String(pointer.partnerId)) : undefined;
}

export async function putCentre(
  ctx: MasterDataContext,
  centreId: string,
  draft: ServiceCentreDraft,
  actor: Actor,
): Promise<{ centre: ServiceCentre; created: boolean }> {
  const local = await findPartner(ctx, draft.partnerId);
  if (!local)
    throw new MasterDataError('invalid', `no partner ${draft.partnerId}; create it first (POST partners)`, {
      pointer: '/partnerId',
    });
  const { partner, read } = await partnerAtHome(ctx, draft.partnerId);
  const home = partner.homeRegion;
  const pointer = await ctx.store.read(home, keys.centre(centreId));
  const next = putServiceCentre(partner, centreId, draft, pointer ? String(pointer.partnerId) : undefined);
  const before = partner.serviceCentres.find((c) => c.centreId === centreId);
  const centre = next.serviceCentres.find((c) => c.centreId === centreId)!;
  if (before && sameRecord(before, centre)) return { centre, created: false };
  await ctx.store.write(
    home,
    [
      { key: keys.partner(partner.partnerId), read, put: { ...next }, type: 'Partner' },
      ...(pointer
        ? []
        : [
            {
              key: keys.centre(centreId),
              read: undefined,
              put: { centreId, partnerId: partner.partnerId },
              type: 'CentreRef',
            },
          ]),
    ],
    [
      auditEntry({
        entity: 'service-centre',
        entityId: centreId,
        action: before ? 'changed' : 'created',
        at: ctx.now(),
        actor,
        before,
        after: { ...centre, partnerId: partner.partnerId },
      }),
    ],
    { by: actor.id },
  );
  return { centre, created: !before };
}

/** A centre and its technicians, read where they are written (a change is seen at once). */
export async function getCentre(ctx: MasterDataContext, centreId: string) {
  const owner = await partnerOfCentre(ctx, centreId);
  if (!owner) throw centreNotFound(centreId);
  const { partner } = await partnerAtHome(ctx, owner.partnerId);
  const centre = partner.serviceCentres.find((c) => c.centreId === centreId);
  if (!centre) throw centreNotFound(centreId);
  const team = (
    await ctx.store.partition(`CENTRE#${centreId}`, { prefix: 'TECH#', homeRegion: partner.homeRegion })
  )
    .map((i) => recordOf<Technician>(i, TECHNICIAN_FIELDS)!)
    .sort((a, b) => a.technicianId.localeCompare(b.technicianId));
  return { ...centre, partnerId: partner.partnerId, homeRegion: partner.homeRegion, technicians: team };
}

export async function getTechnician(ctx: MasterDataContext, technicianId: string): Promise<Technician> {
  const pointer = await ctx.store.find(keys.technicianRef(technicianId));
  const item = pointer
    ? await ctx.store.read(
        String(pointer.homeRegion),
        keys.technician(String(pointer.centreId), technicianId),
      )
    : undefined;
  const technician = recordOf<Technician>(item, TECHNICIAN_FIELDS);
  if (!technician) throw technicianNotFound(technicianId);
  return technician;
}

/**
 * Puts a technician (created or replaced whole) at a centre. With `keepLeave`, leave the draft
 * does not give stays as stored (the CSV import has no leave column).
 */
export async function putTechnician(
  ctx: MasterDataContext,
  technicianId: string,
  draft: TechnicianDraft,
  actor: Actor,
  opts: { keepLeave?: boolean } = {},
): Promise<{ technician: Technician; created: boolean; changed: boolean }> {
  const planned = await planTechnician(ctx, technicianId, draft, { ...opts, actor });
  if (planned.changed) await ctx.store.write(planned.home, planned.changes, planned.audit, { by: actor.id });
  return { technician: planned.technician, created: planned.created, changed: planned.changed };
}

/** What putting a technician would write (the import plans every row before writing any). */
export async function planTechnician(
  ctx: MasterDataContext,
  technicianId: string,
  draft: TechnicianDraft,
  opts: { keepLeave?: boolean; actor: Actor },
) {
  const partner = await partnerOfCentre(ctx, draft.centreId);
  const home = partner?.homeRegion;
  const atHome = home ? await partnerAtHome(ctx, partner.partnerId) : undefined;
  const pointerRead = home ? await ctx.store.read(home, keys.technicianRef(technicianId)) : undefined;
  const currentCentre = pointerRead ? String(pointerRead.centreId) : undefined;
  const read =
    home && currentCentre
      ? await ctx.store.read(home, keys.technician(currentCentre, technicianId))
      : undefined;
  const existing = recordOf<Technician>(read, TECHNICIAN_FIELDS);
  const withLeave =
    opts.keepLeave && !draft.leave && existing?.leave ? { ...draft, leave: existing.leave } : draft;
  const technician = technicianAt(technicianId, withLeave, atHome?.partner, existing);
  const changed = !existing || !sameRecord(existing, technician);
  const at = ctx.now();
  return {
    home: technician.homeRegion,
    technician,
    created: !existing,
    changed,
    changes: changed
      ? [
          {
            key: keys.technician(technician.centreId, technicianId),
            read,
            put: { ...technician },
            type: 'Technician',
          },
          ...(pointerRead
            ? []
            : [
                {
                  key: keys.technicianRef(technicianId),
                  read: undefined,
                  put: { technicianId, centreId: technician.centreId },
                  type: 'TechnicianRef',
                },
              ]),
        ]
      : [],
    audit: changed
      ? [
          auditEntry({
            entity: 'technician',
            entityId: technicianId,
            action: existing ? 'changed' : 'created',
            at,
            actor: opts.actor,
            before: existing,
            after: technician,
          }),
        ]
      : [],
  };
}
