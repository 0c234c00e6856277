import { type App, DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The cdk-nag pack every synth runs (DESIGN §9). Its findings are reported under this plugin name. */
export const NAG_PACK = 'AwsSolutions';

/**
 * Registers cdk-nag 3.x's AwsSolutions pack as a CDK policy validation plugin. It runs after the
 * templates are written, reports into validation-report.json in the cloud assembly, and fails the
 * synth (`cdk synth` exits 1; an in-process synth under vitest throws) on any unacknowledged error.
 * cdk-nag 2.x's `Aspects.of(app).add(...)` form does not work with 3.x.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/**
 * Acknowledges one cdk-nag finding on `scope` and everything below it, with the reason a reviewer
 * needs. `rule` is the id cdk-nag prints, e.g. `AwsSolutions-IAM5` or, for rules with several
 * findings per resource, `AwsSolutions-IAM5[Resource::*]` (3.x acknowledges each one separately).
 *
 * The id is given with the plugin's namespace (`AwsSolutions::…`, as the synth output suggests), so
 * CDK itself does the suppression and the finding stays in validation-report.json under
 * `suppressedViolations` with its reason: an audit trail. cdk-nag also accepts the bare id, but then
 * drops the finding before CDK sees it, leaving no trace in the report.
 */
export function acknowledgeNagFinding(
  scope: IConstruct,
  rule: `${typeof NAG_PACK}-${string}`,
  reason: string,
): void {
  if (reason.trim().length < 20) {
    throw new Error(`acknowledging ${rule} on ${scope.node.path}: give a specific reason, not "${reason}"`);
  }
  Validations.of(scope).acknowledge({ id: `${NAG_PACK}::${rule}`, reason });
}

/**
 * A resource as cdk-nag names it in a finding id (`Resource::…`): the resolved CloudFormation value
 * flattened, `{Ref: X}` as `<X>` and `{Fn::GetAtt: [R, A]}` as `<R.A>` (cdk-nag's flattenCfnReference,
 * which the package does not export). Computed, not hard-coded, because the id changes with the
 * environment: an unresolved account gives `<AWS::AccountId>`, `CDK_DEFAULT_ACCOUNT` a literal one.
 */
export function nagResourceId(scope: IConstruct, resource: string): string {
  const flatten = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const value = node as Record<string, unknown>;
    if (Array.isArray(value['Fn::Join'])) {
      const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (value['Fn::Sub'] !== undefined) return flatten(value['Fn::Sub']);
    if (Array.isArray(value['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(logicalId)}.${flatten(attribute)}>`;
    }
    if (value['Fn::ImportValue'] !== undefined) return flatten(value['Fn::ImportValue']);
    if (value.Ref !== undefined) return `<${flatten(value.Ref)}>`;
    return JSON.stringify(node);
  };
  return `Resource::${flatten(Stack.of(scope).resolve(resource))}`;
}

/**
 * Acknowledges the one wildcard a TableV2 grant always adds: `<table ARN>/index/*`, so a grantee
 * can query the table's GSIs. Call it on the grantee (a function, a role) after granting access to
 * `table`.
 */
export function acknowledgeTableIndexWildcard(grantee: IConstruct, table: ITableV2): void {
  acknowledgeNagFinding(
    grantee,
    `${NAG_PACK}-IAM5[${nagResourceId(grantee, `${table.tableArn}/index/*`)}]`,
    `TableV2 grants name a table's GSIs as <table ARN>/index/*. The wildcard stays inside this one table; ` +
      `claimflow's single-table design queries its GSIs (functions/data/table-schema.ts) and listing each ` +
      `index ARN would need a new acknowledgement, or miss access, with every new index.`,
  );
}

/**
 * BucketDeployment copies files with a singleton Lambda that CDK provides (the AWS CLI's `s3 sync`
 * in a layer): its role and runtime are CDK's, not ours. These are its findings, each acknowledged
 * on that singleton's role or function, never on our own resources.
 */
export function acknowledgeBucketDeployment(deployment: BucketDeployment, destination: IBucket): void {
  const role = deployment.handlerRole;
  const stack = Stack.of(deployment);
  const reason = (what: string) =>
    `CDK's BucketDeployment handler (a singleton Lambda CDK provides to copy the console's files): ${what}`;
  const actions = ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'];
  for (const action of actions)
    acknowledgeNagFinding(
      role,
      `${NAG_PACK}-IAM5[Action::${action}]`,
      reason(
        `its grant reads the staged asset and syncs (writes, prunes) the destination bucket, ${action} included`,
      ),
    );
  const assets = `arn:aws:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${stack.account}-${stack.region}/*`;
  for (const resource of [assets, `${destination.bucketArn}/*`])
    acknowledgeNagFinding(
      role,
      `${NAG_PACK}-IAM5[${nagResourceId(role, resource)}]`,
      reason('objects of the CDK asset bucket it reads from, and of the one console bucket it writes to'),
    );
  acknowledgeNagFinding(
    role,
    `${NAG_PACK}-IAM5[Resource::*]`,
    reason(
      'cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on "*" to invalidate the console paths',
    ),
  );
  acknowledgeNagFinding(
    role,
    `${NAG_PACK}-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
    reason('it writes its logs with the AWS managed basic execution policy'),
  );
  if (role.node.scope)
    acknowledgeNagFinding(
      role.node.scope,
      `${NAG_PACK}-L1`,
      reason('CDK picks its runtime, to match the AWS CLI layer'),
    );
}

/** AwsCustomResource's provider: a singleton Lambda CDK provides, logging with the AWS managed basic policy. */
export function acknowledgeAwsCustomResourceProvider(scope: IConstruct): void {
  const stack = Stack.of(scope);
  const provider = stack.node.tryFindChild(
    `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (!provider) return;
  acknowledgeNagFinding(
    provider,
    `${NAG_PACK}-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
    "CDK's AwsCustomResource provider (a singleton Lambda CDK provides; its calls are allowed by their own " +
      'statements) writes its logs with the AWS managed basic execution policy; its role is not ours to shape.',
  );
}
