import { SFNClient } from '@aws-sdk/client-sfn';
import type { RegionOwners } from '../../domain/ports.ts';
import type { RegionalStore } from '../data/regional-store.ts';
import { ClaimExecutions } from '../stepfunctions/claim-executions.ts';
import { StepFunctionsClaimWorkflows } from '../stepfunctions/claim-workflows.ts';
import { StepFunctionsWaits } from '../stepfunctions/workflow-waits.ts';
import { quiet, requestHandler, thisRegion } from './clients.ts';
import { perRegion } from './per-region.ts';
import { instrumentAwsClient } from './server-timing.ts';

/**
 * The adapters over Step Functions, with their clients: `import()`ed by adapters.ts on first use
 * (on-first-use.ts), so a function that never starts, answers or reads an execution does not load
 * the Step Functions client at cold start.
 */

const sfn = quiet(new SFNClient({ region: thisRegion, requestHandler }));
instrumentAwsClient(sfn, 'sfn');

/** Step Functions of another region: a claim's task tokens are answered in its home region. */
const sfnIn = perRegion(thisRegion, sfn, (region) => quiet(new SFNClient({ region, requestHandler })));

export const workflowWaits = (regionalIn: (region: string) => RegionalStore, owners: RegionOwners) =>
  new StepFunctionsWaits(regionalIn, sfnIn, owners);

export const claimWorkflows = (arns: { lifecycle: () => string; maintenanceReminder: () => string }) =>
  new StepFunctionsClaimWorkflows(sfn, arns);

export const claimExecutions = (owners: RegionOwners, stateMachineArn: () => string) =>
  new ClaimExecutions(sfnIn, owners, thisRegion, stateMachineArn);
