import { ArnFormat, Stack } from 'aws-cdk-lib';
import { CfnAccount, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNagFinding, nagResourceId } from '../nag.ts';

/**
 * API Gateway's CloudWatch role: ONE setting per account and region, shared by every REST API there
 * (it writes their execution and access logs). Setting it replaces whatever role another team's
 * API relies on, so claimflow sets it only when the operator opts in
 * (`claimflow:apiGatewayCloudWatchRole=create`); by default the operator sets it once and
 * `npm run deploy` checks that it is there. CDK's `cloudWatchRole` would use the managed
 * AmazonAPIGatewayPushToCloudWatchLogs policy; this role holds the same actions inline, on API
 * Gateway's execution log groups and claimflow's access log groups only.
 */
export class ApiGatewayAccountLogging extends Construct {
  readonly role: iam.Role;
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = (name: string) =>
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const executionLogs = logGroup('API-Gateway-Execution-Logs_*');
    const everyLogGroup = logGroup('*');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: "API Gateway account logging role (set by claimflow at the operator's request)",
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
                'logs:DescribeLogStreams',
              ],
              resources: [executionLogs, `${executionLogs}:*`],
            }),
            // DescribeLogGroups names no log group: it lists them, so it takes the account's log-group ARN.
            new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [everyLogGroup] }),
          ],
        }),
      },
    });
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    for (const resource of [executionLogs, `${executionLogs}:*`, everyLogGroup]) {
      acknowledgeNagFinding(
        this.role,
        `AwsSolutions-IAM5[${nagResourceId(this.role, resource)}]`,
        'API Gateway names its execution log groups API-Gateway-Execution-Logs_<api id>/<stage> and creates ' +
          'their streams itself, so the grant covers that name prefix and the streams (":*") of those groups; ' +
          'DescribeLogGroups lists log groups and takes no single group ARN.',
      );
    }
  }

  /** A REST API of this region logs through the role: its access log group, and its stage after the setting. */
  register(api: RestApi, accessLogs: ILogGroup): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [accessLogs.logGroupArn],
      }),
    );
    // The stage turns logging on: the account must have its role first.
    api.deploymentStage.node.addDependency(this.account);
  }
}
