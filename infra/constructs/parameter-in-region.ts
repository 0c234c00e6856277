import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/**
 * An SSM parameter's value read in another region at deploy time (a custom resource calling
 * GetParameter there): how a stack learns what a region stack published, such as its API's URL,
 * without a cross-region reference, which CloudFormation does not have.
 */
export function parameterInRegion(
  scope: Construct,
  id: string,
  props: { resourceType: string; parameter: string; region: string },
): string {
  const { resourceType, parameter, region } = props;
  return new AwsCustomResource(scope, id, {
    resourceType,
    onUpdate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: parameter },
      region,
      physicalResourceId: PhysicalResourceId.of(`${parameter}@${region}`),
    },
    policy: AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          Stack.of(scope).formatArn({
            service: 'ssm',
            region,
            resource: 'parameter',
            resourceName: parameter.slice(1),
          }),
        ],
      }),
    ]),
    // The Lambda runtime's SDK: no download at deploy time.
    installLatestAwsSdk: false,
  }).getResponseField('Parameter.Value');
}
