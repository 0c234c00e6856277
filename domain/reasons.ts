/**
 * Every reason code a rule can give, with the sentence people read (console, partner API docs).
 * Codes are a contract with partners: add, never rename.
 */
export const REASON_CODES = {
  // coverage, per line
  EXPIRED_TIME: 'The failure happened after the coverage term in months ended.',
  EXPIRED_DISTANCE: 'The odometer reading at failure is beyond the coverage term in kilometres.',
  COMPONENT_NOT_COVERED: 'The part’s component category is not covered for this vehicle.',
  BATTERY_SOH_ABOVE_THRESHOLD:
    'The battery’s state of health is not below the threshold the battery term requires.',
  BATTERY_SOH_MISSING: 'A battery line needs the battery’s state of health (batteryStateOfHealthPct).',
  PART_UNKNOWN: 'The part number is not in the catalogue.',
  // coverage, whole claim
  VEHICLE_UNKNOWN: 'The VIN is not in the vehicle registry.',
  LATE_SUBMISSION: 'The claim was filed more than 30 days after the failure.',
  INVALID_FAILURE_DATE: 'The failure date is in the future or before the vehicle was delivered.',
  // adjudication: these send a claim to review
  AMOUNT_OVER_LIMIT: 'The covered total is above the partner’s auto-approval limit.',
  LABOUR_OVER_STANDARD: 'Labour hours exceed 120 % of the flat-rate time of the labour operation.',
  POSSIBLE_DUPLICATE: 'A claim on the same VIN and component was filed in the last 90 days.',
  LABOUR_OPERATION_UNKNOWN: 'The labour operation code is not in the catalogue.',
  PRICE_MISSING: 'The part has no catalogue price in the partner’s currency.',
  NO_QUALIFIED_TECHNICIAN:
    'No technician of the partner’s service centres (or of the centre the claim names) is certified and skilled for every line.',
} as const;

export type ReasonCode = keyof typeof REASON_CODES;

export const isReasonCode = (value: string): value is ReasonCode => Object.hasOwn(REASON_CODES, value);
