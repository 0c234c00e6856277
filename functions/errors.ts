import type { ResubmissionRefusal } from '../domain/resubmission.ts';
import type { RowError } from '../domain/vehicle-import.ts';

/**
 * The errors a caller is told about, in one module: the lifecycle throws them, the API chains
 * (`shared/partner-route.ts`, `shared/backoffice-route.ts`) turn each into its problem+json. It
 * imports nothing of `functions/`, so every layer may import it without pointing upwards. Errors of
 * the rules themselves (an approval over the limit, too little stock) stay with their rule in
 * `domain/`; the guarded table's own (a failed condition, a foreign or stale writer) in `data/`
 * and `domain/region.ts`.
 */

/** The request reached an export region that is not the home of what it acts on: nothing was done here. */
export class WrongRegionError extends Error {
  constructor(readonly homeRegion: string) {
    super(`this lives in ${homeRegion}; call that region's API`);
    this.name = 'WrongRegionError';
  }
}

/** The Idempotency-Key was used before with a different body. */
export class IdempotencyConflictError extends Error {
  constructor(readonly claimId: string) {
    super(`this Idempotency-Key was already used for another request (claim ${claimId})`);
    this.name = 'IdempotencyConflictError';
  }
}

/** Not this partner's claim, or no such claim: the API cannot tell the two apart on purpose. */
export class ClaimNotFoundError extends Error {
  constructor(readonly claimId: string) {
    super(`no claim ${claimId} among your claims`);
    this.name = 'ClaimNotFoundError';
  }
}

export class VehicleNotFoundError extends Error {
  constructor(readonly vin: string) {
    super(`no vehicle with VIN ${vin} in the registry`);
    this.name = 'VehicleNotFoundError';
  }
}

/** A cursor this API did not return (or one for another partition). */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

export class NoTechnicianError extends Error {
  constructor(
    readonly claimId: string,
    readonly reason: string,
  ) {
    super(`no technician for claim ${claimId}: ${reason}`);
    this.name = 'NoTechnicianError';
  }
}

export class RepairNotExpectedError extends Error {
  constructor(
    readonly claimId: string,
    readonly status: string,
  ) {
    super(`claim ${claimId} is ${status}; a completion is accepted only for a SCHEDULED claim`);
    this.name = 'RepairNotExpectedError';
  }
}

export class ReviewNotOpenError extends Error {
  constructor(
    readonly claimId: string,
    readonly status: string,
  ) {
    super(`claim ${claimId} is ${status}, not IN_REVIEW`);
    this.name = 'ReviewNotOpenError';
  }
}

/** The action does not fit where the claim is now (409); `retryAfterSeconds` when waiting will do. */
export class ClaimActionConflictError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ClaimActionConflictError';
  }
}

/** An unknown warehouse, or a part the warehouse does not carry. */
export class StockNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockNotFoundError';
  }
}

/** The file has invalid rows (each named); nothing was written. */
export class VehicleImportRejectedError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly omitted: number,
  ) {
    const total = errors.length + omitted;
    super(
      `${total} ${total === 1 ? 'problem' : 'problems'} in the file${omitted ? ` (the first ${errors.length} listed)` : ''}; ` +
        'nothing was imported: fix the rows and send the whole file again',
    );
    this.name = 'VehicleImportRejectedError';
  }
}

/** A VIN was registered with other data between the check and the write; earlier batches stay written. */
export class VehicleImportConflictError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly written: number,
  ) {
    super(
      `${errors.length === 1 ? 'a row was' : `${errors.length} rows were`} registered with other data while ` +
        `this import ran; ${written} vehicles of the file were registered before that. Fix the rows and send ` +
        'the file again: vehicles already registered with the same data are skipped',
    );
    this.name = 'VehicleImportConflictError';
  }
}

/** The import ran out of time part-way: what was written stays, and the same file sent again completes it. */
export class VehicleImportIncompleteError extends Error {
  constructor(
    readonly created: number,
    readonly toCreate: number,
  ) {
    super(
      `the import stopped before the end: ${created} of the ${toCreate} new vehicles were registered. ` +
        'Send the same file again to register the rest (registered rows are skipped)',
    );
    this.name = 'VehicleImportIncompleteError';
  }
}

/** A webhook URL the policy refuses (not https, a private or link-local address, too long). */
export class WebhookUrlNotAllowedError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'WebhookUrlNotAllowedError';
  }
}

export class NoWebhookError extends Error {
  constructor(readonly partnerId: string) {
    super('no webhook endpoint is set; set one with PUT /v1/webhook');
    this.name = 'NoWebhookError';
  }
}

/** The claim cannot be corrected by resubmission (409, with the reason's code). */
export class ResubmissionRefusedError extends Error {
  constructor(readonly refusal: ResubmissionRefusal) {
    super(refusal.detail);
    this.name = 'ResubmissionRefusedError';
  }
}

/** The claim names a service centre that is not one of the filing partner's (422, naming the field). */
export class UnknownServiceCentreError extends Error {
  constructor(readonly centreId: string) {
    super(`serviceCentreId ${centreId} is not one of your service centres`);
    this.name = 'UnknownServiceCentreError';
  }
}
