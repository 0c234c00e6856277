import { stackIds } from '../app.ts';
import { type Config, regionNames } from '../config.ts';
import { CONSOLE_OUTPUTS, type ConsoleOutput } from '../console-stack.ts';
import { REGION_OUTPUTS, type RegionOutput } from '../region-stack.ts';

/** What `cdk deploy --outputs-file` writes: stack name → output key → value. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * A deployment's endpoints.json: the shape `npm start` writes to `.claimflow/endpoints.json`
 * (DESIGN §6; keys are only ever added), filled from a deployment's stack outputs. Partner API keys
 * are not in it (they come from the operator's onboarding, never from a template), nor are staff
 * passwords or tokens (staff sign in at Cognito), nor demo data (a deployment is seeded with none).
 */
export interface DeployedEndpoints {
  readonly regions: Record<
    string,
    {
      readonly partnerApi: string;
      readonly backofficeApi: string;
      readonly dynamodb: string;
      readonly sfn: string;
      readonly ses: string;
      /** The customer's pages behind the links in emails. */
      readonly publicPages: string;
    }
  >;
  readonly stateMachines: Record<string, string>;
  /** The MaintenanceReminder state machine's ARN per region (the runbook moves waiting reminders). */
  readonly maintenanceReminders: Record<string, string>;
  /** The configured delay from a repair to its maintenance reminder (the runbook's fallback when a region is down). */
  readonly maintenanceReminderAfterSeconds: number;
  /** Workflow time runs at this speed: 1 in AWS (a staging deployment shortens the waits instead). */
  readonly timeScale: number;
  readonly partners: never[];
  readonly demo: {
    readonly vehicles: never[];
    readonly parts: never[];
    readonly laborOperations: never[];
  };
  readonly console: string;
  readonly backoffice: {
    readonly urls: Record<string, string>;
    /** The staff's sign-in: the Cognito managed login. */
    readonly identity: string;
    readonly users: never[];
    readonly cognito: { readonly region: string; readonly userPoolId: string; readonly clientId: string };
  };
  readonly deployment: { readonly stage: Config['deployment']['stage']; readonly primaryRegion: string };
}

export class MissingOutputError extends Error {
  constructor(
    readonly stackName: string,
    readonly key: string,
  ) {
    super(`the outputs have no ${key} of stack ${stackName}: was every stack deployed?`);
    this.name = 'MissingOutputError';
  }
}

/** Every service endpoint of a region, by AWS's naming (the SDK would find them itself; scripts read them here). */
const serviceEndpoints = (region: string) => ({
  dynamodb: `https://dynamodb.${region}.amazonaws.com/`,
  sfn: `https://states.${region}.amazonaws.com/`,
  ses: `https://email.${region}.amazonaws.com/`,
});

/** The deployment's endpoints.json from its stack outputs and the config it was deployed with. */
export function endpointsFromOutputs(outputs: StackOutputs, config: Config): DeployedEndpoints {
  const ids = stackIds(config);
  const read = <K extends string>(stack: string, key: K): string => {
    const value = outputs[stack]?.[key];
    if (typeof value !== 'string' || value.length === 0) throw new MissingOutputError(stack, key);
    return value;
  };
  const consoleOutput = (key: ConsoleOutput) => read(ids.console, key);
  const regionOutput = (region: string, key: RegionOutput) => read(ids.region(region), key);
  // Fail on the first missing output of any stack before building anything.
  for (const key of CONSOLE_OUTPUTS) consoleOutput(key);
  const regions = regionNames(config);
  for (const region of regions) for (const key of REGION_OUTPUTS) regionOutput(region, key);

  return {
    regions: Object.fromEntries(
      regions.map((region) => [
        region,
        {
          partnerApi: regionOutput(region, 'PartnerApiUrl'),
          backofficeApi: regionOutput(region, 'BackofficeApiUrl'),
          ...serviceEndpoints(region),
          publicPages: regionOutput(region, 'PublicPagesUrl'),
        },
      ]),
    ),
    stateMachines: Object.fromEntries(regions.map((r) => [r, regionOutput(r, 'ClaimLifecycleArn')])),
    maintenanceReminders: Object.fromEntries(
      regions.map((r) => [r, regionOutput(r, 'MaintenanceReminderArn')]),
    ),
    maintenanceReminderAfterSeconds: config.workflow.maintenanceReminderAfterSeconds,
    timeScale: 1,
    partners: [],
    demo: { vehicles: [], parts: [], laborOperations: [] },
    console: consoleOutput('ConsoleUrl'),
    backoffice: {
      urls: Object.fromEntries(regions.map((r) => [r, regionOutput(r, 'BackofficeApiUrl')])),
      identity: consoleOutput('SignInUrl'),
      users: [],
      cognito: {
        region: config.primaryRegion,
        userPoolId: consoleOutput('StaffUserPoolId'),
        clientId: consoleOutput('ConsoleClientId'),
      },
    },
    deployment: { stage: config.deployment.stage, primaryRegion: config.primaryRegion },
  };
}
