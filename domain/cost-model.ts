/**
 * The one price table of claimflow's cost figures (issue 18), and how AWS turns usage into billed
 * units. Pure: `bench/` (measured cost) and the back office (modelled cost) both price through it.
 * Prices are list prices in USD, on-demand, no free tier, taken from
 * `shared/research/aws-prices.md` (its source numbers [S#] are kept per price); where that note has
 * no figure for a region ("n/f"), the us-east-1 price stands in and `basis` says so.
 */

export const COST_REGIONS = ['ap-south-1', 'eu-central-1', 'ap-northeast-1'] as const;
export type CostRegion = (typeof COST_REGIONS)[number];

export interface Price {
  /** USD per `per` units. */
  readonly usd: Readonly<Record<CostRegion, number>>;
  readonly per: number;
  readonly unit: string;
  /** How the regional figures were obtained (a stand-in is named). */
  readonly basis: string;
  readonly asOf: string;
  readonly source: string;
}

const same = (usd: number): Record<CostRegion, number> => ({
  'ap-south-1': usd,
  'eu-central-1': usd,
  'ap-northeast-1': usd,
});

export const PRICES = {
  stepFunctionsTransition: {
    usd: { 'ap-south-1': 0.0285, 'eu-central-1': 0.025, 'ap-northeast-1': 0.025 },
    per: 1_000,
    unit: 'Standard state transition (every state entered, retries included)',
    basis: 'per region',
    asOf: '2026-09 (research note)',
    source: 'https://aws.amazon.com/step-functions/pricing/ [S8, S9]',
  },
  lambdaRequest: {
    usd: same(0.2),
    per: 1_000_000,
    unit: 'Lambda request',
    basis: 'same in all three regions',
    asOf: '2026-09-06',
    source: 'AWS Price List AWSLambda [S1, S2, S3, S5]',
  },
  lambdaArmGbSecond: {
    usd: same(0.0000133334),
    per: 1,
    unit: 'Lambda arm64 GB-second (first 7.5 B GB-s a month)',
    basis: 'same in all three regions',
    asOf: '2026-09-06',
    source: 'AWS Price List AWSLambda [S1, S2, S3, S5]',
  },
  dynamoDbWriteUnit: {
    usd: { 'ap-south-1': 0.71, 'eu-central-1': 0.7625, 'ap-northeast-1': 0.715 },
    per: 1_000_000,
    unit: 'on-demand write request unit (table or GSI, ≤ 1 KB; transactional 2 per KB)',
    basis: 'per region',
    asOf: '2026-09-16',
    source: 'AWS Price List AmazonDynamoDB [S2, S3, S4]',
  },
  dynamoDbReplicatedWriteUnit: {
    usd: { 'ap-south-1': 0.71, 'eu-central-1': 0.7625, 'ap-northeast-1': 0.715 },
    per: 1_000_000,
    unit: 'replicated write request unit, per replica (global table, MREC); priced as a WRU',
    basis: 'per replica region',
    asOf: '2026-09-16',
    source: 'docs.aws.amazon.com/amazondynamodb/latest/developerguide/global-tables-billing.html [S1, S12]',
  },
  dynamoDbReadUnit: {
    usd: { 'ap-south-1': 0.1425, 'eu-central-1': 0.1525, 'ap-northeast-1': 0.1425 },
    per: 1_000_000,
    unit: 'on-demand read request unit (strong ≤ 4 KB; eventual 0.5; transactional 2)',
    basis: 'per region',
    asOf: '2026-09-16',
    source: 'AWS Price List AmazonDynamoDB [S2, S3, S4]',
  },
  restApiRequest: {
    usd: { 'ap-south-1': 3.5, 'eu-central-1': 3.7, 'ap-northeast-1': 3.5 },
    per: 1_000_000,
    unit: 'API Gateway REST request (partner and back-office APIs), first 333 M',
    basis: 'Frankfurt its own; Mumbai and Tokyo not found, us-east-1 stands in',
    asOf: '2026 (research note)',
    source: 'apigatewaycost.com/aws; EUC1-ApiGatewayRequest [S14, S15]',
  },
  httpApiRequest: {
    usd: { 'ap-south-1': 1.05, 'eu-central-1': 1.0, 'ap-northeast-1': 1.29 },
    per: 1_000_000,
    unit: 'API Gateway HTTP API request (public survey pages)',
    basis: 'Mumbai and Tokyo their own; Frankfurt not found, us-east-1 stands in',
    asOf: '2026 (research note)',
    source: 'AWS Price List APS3/APN1-ApiGatewayHttpRequest [S14, S16, S5]',
  },
  email: {
    usd: same(0.1),
    per: 1_000,
    unit: 'SES outbound recipient, à la carte (the 2026 Essentials plan is $0.16)',
    basis: 'us-east-1 in every region (the note found no regional figure)',
    asOf: '2026-08-13',
    source: 'AWS Price List AmazonSES, publication 2026-07-22 [S17]',
  },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** Dollars for `count` units of `price` used in `region`. */
export const dollars = (price: PriceName, count: number, region: CostRegion): number =>
  (count * PRICES[price].usd[region]) / PRICES[price].per;

/** Dollars per 1,000 claims, given the dollars of `claims` claims. */
export const per1000Claims = (usd: number, claims: number): number =>
  claims === 0 ? 0 : (usd / claims) * 1000;

const KB = 1024;

/**
 * Write request units of one item write as DynamoDB bills it: the larger of the item before and
 * after, rounded up to 1 KB (at least 1 unit), doubled in a transaction. A GSI write is billed
 * the same way on the index entry's size.
 */
export function writeUnits(itemBytes: number, opts: { transactional?: boolean } = {}): number {
  const units = Math.max(1, Math.ceil(itemBytes / KB));
  return opts.transactional ? units * 2 : units;
}

/**
 * Read request units of one item read: rounded up to 4 KB; an eventually consistent read is half,
 * a transactional read double. A Query sums the items it read before rounding (not modelled here).
 */
export function readUnits(
  itemBytes: number,
  consistency: 'eventual' | 'strong' | 'transactional' = 'eventual',
): number {
  const units = Math.max(1, Math.ceil(itemBytes / (4 * KB)));
  return consistency === 'eventual' ? units / 2 : consistency === 'transactional' ? units * 2 : units;
}

/**
 * Replicated write units one write to the global table costs in the other regions: one rWRU per
 * replica per 1 KB. A transaction is doubled where it is written, but each replica applies it as
 * an ordinary replicated write (assumption, to be checked against S12).
 */
export function replicatedWriteUnits(itemBytes: number, replicas: number): number {
  return writeUnits(itemBytes) * replicas;
}

/** Lambda GB-seconds of invocations of a function with `memoryMb`, each billed to the next 1 ms. */
export function lambdaGbSeconds(memoryMb: number, durationsMs: readonly number[]): number {
  return (durationsMs.reduce((s, ms) => s + Math.ceil(ms), 0) * (memoryMb / 1024)) / 1000;
}
