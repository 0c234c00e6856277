import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { formatMarketRegions, MARKETS_ENV } from '../../functions/shared/market-regions.ts';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding, acknowledgeTableIndexWildcard } from '../nag.ts';
import { FUNCTION_RUNTIME } from './claim-workflow.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module does not have.
const ESM_REQUIRE_BANNER =
  "import { createRequire as claimflowCreateRequire } from 'node:module'; " +
  'const require = claimflowCreateRequire(import.meta.url);';

const LOG_RETENTION = RetentionDays.THREE_MONTHS;

export interface CatalogFunctionProps {
  readonly config: Config;
  readonly spec: FunctionSpec;
  /** The global table's replica in this region. */
  readonly globalTable: ITableV2;
  readonly regionalTable: ITableV2;
  /** The region's ClaimLifecycle: started (`touches.startsExecutions`) or answered (`touches.stepFunctions`). */
  readonly stateMachine?: IStateMachine;
}

/**
 * One function of `functions/catalog.ts` as a NodejsFunction (ESM, arm64, X-Ray, its own log
 * group) with its own role granting exactly what the entry `touches`. The partner API builds its
 * functions with it; ClaimWorkflow still has its own copy of the same recipe (see its buildFunction),
 * which can move onto this construct without changing its templates' resources other than their ids.
 */
export class CatalogFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CatalogFunctionProps) {
    super(scope, id);
    const { config, spec } = props;
    // Our own role: the default one carries AWSLambdaBasicExecutionRole (logs:* on every log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.appName} ${spec.name}: what functions/catalog.ts says it touches`,
    });
    const logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      functionName: `${config.appName}-${spec.name}`,
      description: spec.description,
      entry: `${repoRoot}${spec.entry}`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        CLAIMFLOW_TABLE: config.tables.global,
        CLAIMFLOW_REGIONAL_TABLE: config.tables.regional,
        CLAIMFLOW_PRIMARY_REGION: config.primaryRegion,
        CLAIMFLOW_REGIONS: config.regions.map((r) => r.region).join(','),
        [MARKETS_ENV]: formatMarketRegions(config.regions),
        POWERTOOLS_SERVICE_NAME: config.appName,
        POWERTOOLS_METRICS_NAMESPACE: config.appName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(spec.touches.startsExecutions && props.stateMachine
          ? { CLAIMFLOW_STATE_MACHINE_ARN: props.stateMachine.stateMachineArn }
          : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Local esbuild only: synth must work offline, without Docker (DESIGN §2).
        forceDockerBundling: false,
      },
    });
    this.grantTouches(props);
    acknowledgeNagFinding(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (Service Authorization Reference, AWS X-Ray): Resource "*" is the only form.',
    );
    acknowledgeNagFinding(
      this.fn,
      'AwsSolutions-L1',
      `Pinned to ${FUNCTION_RUNTIME.name} on purpose: the handlers are tested locally on Node 20 and 22 ` +
        '(DESIGN §2), not on the newer runtime cdk-nag knows; move with that test matrix, not ahead of it.',
    );
  }

  private grantTouches({ spec, globalTable, regionalTable, stateMachine }: CatalogFunctionProps): void {
    const { touches } = spec;
    const grantTable = (table: ITableV2, access: 'read' | 'write') => {
      if (access === 'write') table.grantReadWriteData(this.role);
      else table.grantReadData(this.role);
      acknowledgeTableIndexWildcard(this.role, table);
    };
    if (touches.globalTable) grantTable(globalTable, touches.globalTable);
    if (touches.regionalTable) grantTable(regionalTable, touches.regionalTable);
    if (touches.otherRegions || touches.email)
      throw new Error(`${spec.name}: CatalogFunction does not grant otherRegions or email yet`);
    if (touches.startsExecutions || touches.stepFunctions) {
      if (!stateMachine)
        throw new Error(`${spec.name} touches Step Functions: pass the region's state machine`);
      if (touches.startsExecutions) stateMachine.grantStartExecution(this.role);
      if (touches.stepFunctions)
        this.role.addToPolicy(
          new iam.PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            resources: [stateMachine.stateMachineArn],
          }),
        );
    }
  }
}
