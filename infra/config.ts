import * as z from 'zod';
import { workflowTasks } from '../functions/catalog.ts';

/**
 * The deployment topology: which export regions exist, which markets each serves, which one is
 * primary. Read by the CDK app and by the local runtime; validated so that a bad edit stops with a
 * message naming the field instead of producing a half-wired deployment.
 */

const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as ap-south-1');
const marketCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as NP');
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as NPR');

export const MarketSchema = z.object({
  code: marketCode,
  name: z.string().min(1),
  currency: currencyCode,
  /** IANA time zone used when nothing more specific (a service centre's own) is known. */
  timeZone: z.string().min(1),
  /** Languages customers in this market read, most common first (BCP 47 primary subtags). */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
});

export const ExportRegionSchema = z.object({
  region: awsRegion,
  markets: z.array(MarketSchema).min(1),
});

const DAY = 24 * 60 * 60;
// A Standard execution lasts at most one year, so no single wait in it can usefully be longer.
const workflowSeconds = z
  .number()
  .int('must be a whole number of seconds')
  .positive()
  .max(365 * DAY, 'must be at most 365 days (31536000 s), the longest a Standard execution runs');

/** How long the claim workflow (workflows/claim-lifecycle.ts) waits at each step; all in seconds. */
export const WorkflowTimingSchema = z
  .object({
    /** An adjuster's review before it escalates to a manager. */
    reviewTimeoutSeconds: workflowSeconds,
    /** A manager's review before each reminder (at most weekly). */
    managerReviewTimeoutSeconds: workflowSeconds,
    /** Reminders of an escalated review; after the last the claim waits, overdue, without transitions. */
    reviewReminders: z.number().int().min(0).max(20).default(4),
    /** The wait after the last review reminder; then the claim fails (a manager can redrive it). */
    reviewOverdueTimeoutSeconds: workflowSeconds.default(300 * 24 * 60 * 60),
    /** A backordered part's restock before the claim is compensated and failed. */
    restockTimeoutSeconds: workflowSeconds,
    /** The partner's completion call before each reminder. */
    repairReminderAfterSeconds: workflowSeconds,
    /** Reminders sent before the last, long wait for the completion call. */
    repairReminders: z.number().int().min(1).max(20),
    /** The last wait for the completion call; then reservations are released and the claim fails. */
    repairFinalTimeoutSeconds: workflowSeconds,
    /** From the repair-done email, which asks the survey question, to the survey's reminder. */
    surveyReminderAfterSeconds: workflowSeconds,
    /**
     * From the repair to the one maintenance reminder (default about six months). Waited in its own
     * small state machine (MaintenanceReminder), started when the claim closes, so it never keeps
     * the claim open.
     */
    maintenanceReminderAfterSeconds: workflowSeconds.default(182 * 24 * 60 * 60),
    /** TimeoutSeconds of every Lambda task that does not wait for a task token. */
    taskTimeoutSeconds: workflowSeconds,
  })
  .superRefine((timing, ctx) => {
    // A state that times out before its Lambda does turns a slow call into States.Timeout, which is
    // not retried, while the Lambda may still finish the write.
    const slowest = Math.max(...Object.values(workflowTasks).map((t) => t.timeoutSeconds));
    if (timing.taskTimeoutSeconds <= slowest) {
      ctx.addIssue({
        code: 'custom',
        path: ['taskTimeoutSeconds'],
        message: `must exceed the longest workflow Lambda timeout in functions/catalog.ts (${slowest} s)`,
      });
    }
  });

/** Follow-up email (DESIGN §8): the SES sending identity and how long the links in emails work. */
export const MailSchema = z
  .object({
    /**
     * The SES identity mail is sent from: a domain (verified with DKIM; `fromAddress` is any address
     * in it) or one email address (then `fromAddress` must be that address).
     */
    identity: z
      .string()
      .regex(
        /^([a-z0-9-]+\.)+[a-z]{2,}$|^[^@\s]+@([a-z0-9-]+\.)+[a-z]{2,}$/,
        'must be a domain such as mail.example.com or an email address',
      ),
    /** The From address of every follow-up email. */
    fromAddress: z.email('must be an email address'),
    /** Days a survey link works after the email that carries it. */
    surveyLinkDays: z.number().int().min(1).max(365),
    /** Days the status and unsubscribe links work (they must outlive the maintenance reminder). */
    linkDays: z.number().int().min(30).max(800),
  })
  .superRefine((mail, ctx) => {
    const domain = mail.fromAddress.split('@')[1]?.toLowerCase();
    const ok = mail.identity.includes('@')
      ? mail.identity.toLowerCase() === mail.fromAddress.toLowerCase()
      : domain === mail.identity || domain?.endsWith(`.${mail.identity}`);
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['fromAddress'],
        message: `must be an address of the sending identity ${mail.identity}`,
      });
    }
  });

/**
 * How one deployment is run (npm run deploy). Set in cdk.json's context or with `-c key=value`
 * (the `claimflow:` keys, see configFromContext), never by editing code.
 */
export const DeploymentSchema = z.object({
  /** A staging deployment may shorten the workflow's waits (`claimflow:workflowTiming=short`); production never. */
  stage: z.enum(['production', 'staging']),
  /** Where the region's alarms are emailed (an SNS email subscription, confirmed by a click). */
  alarmEmail: z.email('must be an email address').optional(),
  /**
   * API Gateway's CloudWatch role is one setting per account and region, shared by every REST API
   * there. `existing`: claimflow leaves it alone (the operator sets it once; npm run deploy checks);
   * `create`: the region stacks create a role and set it, replacing whatever was set before.
   */
  apiGatewayCloudWatchRole: z.enum(['existing', 'create']),
});

const DEFAULT_DEPLOYMENT = { stage: 'production', apiGatewayCloudWatchRole: 'existing' } as const;

const DEFAULT_MAIL = {
  // A placeholder: set the domain you verify in SES (the CDK app creates the identity; publish its DKIM records).
  identity: 'claimflow.example',
  fromAddress: 'after-sales@claimflow.example',
  surveyLinkDays: 30,
  linkDays: 400,
};

export const ConfigSchema = z
  .object({
    appName: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    primaryRegion: awsRegion,
    regions: z.array(ExportRegionSchema).min(1),
    tables: z.object({
      /** Global table, replicated to every export region; every item has one home region. */
      global: z.string().min(3),
      /** Per-region table for what must never replicate (tokens, idempotency keys, dedupe). */
      regional: z.string().min(3),
    }),
    workflow: WorkflowTimingSchema,
    mail: MailSchema.default(DEFAULT_MAIL),
    deployment: DeploymentSchema.default(DEFAULT_DEPLOYMENT),
  })
  .superRefine((cfg, ctx) => {
    const names = cfg.regions.map((r) => r.region);
    if (!names.includes(cfg.primaryRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['primaryRegion'],
        message: `primary region ${cfg.primaryRegion} is not one of the export regions (${names.join(', ')})`,
      });
    }
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i, 'region'],
          message: `region ${name} is listed twice`,
        });
      }
    });
    const seen = new Map<string, string>();
    cfg.regions.forEach((r, i) => {
      r.markets.forEach((m, j) => {
        const other = seen.get(m.code);
        if (other) {
          ctx.addIssue({
            code: 'custom',
            path: ['regions', i, 'markets', j, 'code'],
            message: `market ${m.code} is served by both ${other} and ${r.region}; a market has one home region`,
          });
        }
        seen.set(m.code, r.region);
      });
    });
  });

export type Market = z.infer<typeof MarketSchema>;
export type ExportRegion = z.infer<typeof ExportRegionSchema>;
export type Config = z.infer<typeof ConfigSchema>;
export type WorkflowTiming = z.infer<typeof WorkflowTimingSchema>;
export type MailConfig = z.infer<typeof MailSchema>;
export type DeploymentConfig = z.infer<typeof DeploymentSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid claimflow config:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a raw config; throws a ConfigError whose message names every bad field. */
export function loadConfig(raw: unknown): Config {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    );
  }
  return parsed.data;
}

export const defaultConfig: Config = loadConfig({
  appName: 'claimflow',
  primaryRegion: 'ap-northeast-1',
  tables: { global: 'claimflow', regional: 'claimflow-regional' },
  workflow: {
    reviewTimeoutSeconds: 48 * 60 * 60,
    managerReviewTimeoutSeconds: 7 * DAY,
    restockTimeoutSeconds: 30 * DAY,
    repairReminderAfterSeconds: 7 * DAY,
    repairReminders: 3,
    repairFinalTimeoutSeconds: 60 * DAY,
    surveyReminderAfterSeconds: 7 * DAY,
    maintenanceReminderAfterSeconds: 182 * DAY,
    taskTimeoutSeconds: 60,
  },
  mail: DEFAULT_MAIL,
  regions: [
    {
      region: 'ap-south-1',
      markets: [
        { code: 'NP', name: 'Nepal', currency: 'NPR', timeZone: 'Asia/Kathmandu', languages: ['ne', 'en'] },
        { code: 'BD', name: 'Bangladesh', currency: 'BDT', timeZone: 'Asia/Dhaka', languages: ['bn', 'en'] },
        { code: 'IN', name: 'India', currency: 'INR', timeZone: 'Asia/Kolkata', languages: ['en', 'hi'] },
        {
          code: 'LK',
          name: 'Sri Lanka',
          currency: 'LKR',
          timeZone: 'Asia/Colombo',
          languages: ['en', 'si', 'ta'],
        },
      ],
    },
    {
      region: 'eu-central-1',
      markets: [
        {
          code: 'AM',
          name: 'Armenia',
          currency: 'AMD',
          timeZone: 'Asia/Yerevan',
          languages: ['hy', 'ru', 'en'],
        },
        { code: 'GE', name: 'Georgia', currency: 'GEL', timeZone: 'Asia/Tbilisi', languages: ['ka', 'en'] },
        {
          code: 'KZ',
          name: 'Kazakhstan',
          currency: 'KZT',
          timeZone: 'Asia/Almaty',
          languages: ['kk', 'ru', 'en'],
        },
      ],
    },
    {
      region: 'ap-northeast-1',
      markets: [
        { code: 'JP', name: 'Japan', currency: 'JPY', timeZone: 'Asia/Tokyo', languages: ['ja', 'en'] },
      ],
    },
  ],
});

/**
 * The claim workflow's waits for a staging deployment (`claimflow:workflowTiming=short`): minutes
 * instead of days, so the end-to-end journeys finish in minutes against it too. Refused in production.
 */
export const SHORT_WORKFLOW_TIMING: WorkflowTiming = {
  reviewTimeoutSeconds: 10 * 60,
  managerReviewTimeoutSeconds: 10 * 60,
  reviewReminders: 4,
  reviewOverdueTimeoutSeconds: 30 * 60,
  restockTimeoutSeconds: 10 * 60,
  repairReminderAfterSeconds: 2 * 60,
  repairReminders: 1,
  repairFinalTimeoutSeconds: 10 * 60,
  surveyReminderAfterSeconds: 5,
  maintenanceReminderAfterSeconds: 60,
  taskTimeoutSeconds: 60,
};

/** The cdk.json context keys (also `cdk … -c key=value`) a deployment is configured with. */
export const CONTEXT_KEYS = {
  stage: 'claimflow:stage',
  alarmEmail: 'claimflow:alarmEmail',
  mailIdentity: 'claimflow:mailIdentity',
  mailFrom: 'claimflow:mailFrom',
  apiGatewayCloudWatchRole: 'claimflow:apiGatewayCloudWatchRole',
  workflowTiming: 'claimflow:workflowTiming',
} as const;

/**
 * `base` with what the CDK context says (cdk.json, `-c`): the SES identity and From address, the
 * alarm email, the stage, the API Gateway account role, and short workflow waits (staging only).
 * An empty string counts as not set. Throws a ConfigError naming the context key of each bad value.
 */
export function configFromContext(base: Config, context: (key: string) => unknown): Config {
  const read = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };
  const issues: { path: string; message: string }[] = [];
  const stage = read(CONTEXT_KEYS.stage) ?? base.deployment.stage;
  const timing = read(CONTEXT_KEYS.workflowTiming) ?? 'standard';
  if (timing !== 'standard' && timing !== 'short')
    issues.push({ path: CONTEXT_KEYS.workflowTiming, message: 'must be standard or short' });
  if (timing === 'short' && stage !== 'staging')
    issues.push({
      path: CONTEXT_KEYS.workflowTiming,
      message: `short workflow waits are for staging only (${CONTEXT_KEYS.stage} is ${stage})`,
    });
  const identity = read(CONTEXT_KEYS.mailIdentity);
  const raw = {
    ...base,
    workflow: timing === 'short' ? SHORT_WORKFLOW_TIMING : base.workflow,
    mail: {
      ...base.mail,
      ...(identity ? { identity } : {}),
      ...(read(CONTEXT_KEYS.mailFrom) ? { fromAddress: read(CONTEXT_KEYS.mailFrom) } : {}),
    },
    deployment: {
      ...base.deployment,
      stage,
      ...(read(CONTEXT_KEYS.alarmEmail) ? { alarmEmail: read(CONTEXT_KEYS.alarmEmail) } : {}),
      apiGatewayCloudWatchRole:
        read(CONTEXT_KEYS.apiGatewayCloudWatchRole) ?? base.deployment.apiGatewayCloudWatchRole,
    },
  };
  const parsed = ConfigSchema.safeParse(raw);
  const contextKeyOf: Record<string, string> = {
    'deployment.stage': CONTEXT_KEYS.stage,
    'deployment.alarmEmail': CONTEXT_KEYS.alarmEmail,
    'deployment.apiGatewayCloudWatchRole': CONTEXT_KEYS.apiGatewayCloudWatchRole,
    'mail.identity': CONTEXT_KEYS.mailIdentity,
    'mail.fromAddress': CONTEXT_KEYS.mailFrom,
  };
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      const path = i.path.join('.') || '(root)';
      issues.push({ path: contextKeyOf[path] ?? path, message: i.message });
    }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);
  return parsed.data;
}

/** The fixed names of the two state machines of every region (fixed so grants need no reference to them). */
export const claimLifecycleName = (cfg: Config = defaultConfig): string => `${cfg.appName}-claim-lifecycle`;
export const maintenanceReminderName = (cfg: Config = defaultConfig): string =>
  `${cfg.appName}-maintenance-reminder`;

export const regionNames = (cfg: Config = defaultConfig): string[] => cfg.regions.map((r) => r.region);

/** The export regions other than the primary: where the data stack's table and secrets have replicas. */
export const replicaRegions = (cfg: Config = defaultConfig): string[] =>
  regionNames(cfg).filter((region) => region !== cfg.primaryRegion);

/** The SES configuration set of the follow-up emails, in every export region (events: bounces, complaints). */
export const mailConfigurationSetName = (cfg: Config = defaultConfig): string => `${cfg.appName}-follow-up`;

/** The export region whose API serves a market. */
export function regionOfMarket(market: string, cfg: Config = defaultConfig): string {
  const found = cfg.regions.find((r) => r.markets.some((m) => m.code === market));
  if (!found) throw new Error(`market ${market} is not served by any configured export region`);
  return found.region;
}

export function marketInfo(market: string, cfg: Config = defaultConfig): Market {
  for (const r of cfg.regions) {
    const m = r.markets.find((x) => x.code === market);
    if (m) return m;
  }
  throw new Error(`unknown market ${market}`);
}
