import {
  CfnElement,
  CfnResource,
  DefaultTokenResolver,
  type IPostProcessor,
  type IResolvable,
  type IResolveContext,
  Reference,
  type Stack,
  StringConcat,
  Token,
  Tokenization,
} from 'aws-cdk-lib';
import { CfnStateMachine, type StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';

/**
 * Renders the Amazon States Language of a CDK state machine in process, offline, without a
 * deployment: every CloudFormation reference becomes a placeholder that the local Step Functions
 * service understands. A Lambda function becomes `arn:aws:lambda:<region>:<account>:function:<id>`,
 * where `<id>` is the construct id of the Lambda (the project names each Lambda construct after its
 * entry in `functions/catalog.ts`), so the local runtime can route the task to that handler.
 */

export interface RenderAslOptions {
  /** Region used for `AWS::Region` and in placeholder ARNs; default: the stack's, else `us-east-1`. */
  region?: string;
  /** Account used for `AWS::AccountId` and in placeholder ARNs; default: the stack's, else `000000000000`. */
  account?: string;
}

export interface RenderedAsl {
  /** The ASL document, plain JSON. */
  definition: Record<string, unknown>;
  /** Ids of the Lambda functions the definition references, in order of first appearance. */
  functions: string[];
}

export const LOCAL_ACCOUNT_ID = '000000000000';

/** The placeholder ARN the local runtime maps back to a handler. */
export const placeholderFunctionArn = (region: string, account: string, functionId: string): string =>
  `arn:aws:lambda:${region}:${account}:function:${functionId}`;

export function renderAsl(
  stack: Stack,
  stateMachine: StateMachine | CfnStateMachine,
  options: RenderAslOptions = {},
): RenderedAsl {
  const cfn = stateMachine instanceof CfnStateMachine ? stateMachine : cfnOf(stateMachine);
  const region = options.region ?? (Token.isUnresolved(stack.region) ? 'us-east-1' : stack.region);
  const account = options.account ?? (Token.isUnresolved(stack.account) ? LOCAL_ACCOUNT_ID : stack.account);
  const resolver = new PlaceholderResolver({ stack, region, account });
  const resolve = (value: unknown): unknown =>
    Tokenization.resolve(value, { scope: stack, preparing: false, resolver });

  let text: string;
  if (cfn.definitionString !== undefined) {
    text = String(resolve(cfn.definitionString));
  } else if (cfn.definition !== undefined) {
    text = JSON.stringify(resolve(cfn.definition));
  } else {
    throw new Error(
      `state machine ${cfn.node.path} has no inline definition (definitionS3Location is not supported)`,
    );
  }

  // DefinitionBody.fromFile/fromString may carry ${key} substitutions that CloudFormation applies.
  const substitutions = resolve(cfn.definitionSubstitutions ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(substitutions)) {
    text = text.split('${' + key + '}').join(stringOf(value, key));
  }

  if (text.includes('${Token[') || text.includes('[object Object]')) {
    throw new Error(`state machine ${cfn.node.path}: a token could not be rendered offline:\n${text}`);
  }
  return { definition: JSON.parse(text) as Record<string, unknown>, functions: [...resolver.functions] };
}

function cfnOf(stateMachine: StateMachine): CfnStateMachine {
  const child = stateMachine.node.defaultChild;
  if (!(child instanceof CfnStateMachine)) {
    throw new Error(`state machine ${stateMachine.node.path} has no CfnStateMachine default child`);
  }
  return child;
}

interface ResolverScope {
  stack: Stack;
  region: string;
  account: string;
}

/** Resolves every CloudFormation reference to a plain string; everything else as CDK does. */
class PlaceholderResolver extends DefaultTokenResolver {
  readonly functions = new Set<string>();

  constructor(private readonly scope: ResolverScope) {
    super(new StringConcat());
  }

  override resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (Reference.isReference(t)) return this.referencePlaceholder(t);
    return this.evaluate(super.resolveToken(t, context, postProcessor));
  }

  private referencePlaceholder(ref: Reference): string {
    const pseudo = this.pseudoParameter(ref.displayName);
    if (pseudo !== undefined) return pseudo;
    const { target } = ref;
    const id = ownerId(target);
    const type = target instanceof CfnResource ? target.cfnResourceType : undefined;
    if (type === 'AWS::Lambda::Function') {
      this.functions.add(id);
      return ref.displayName === 'Ref'
        ? id
        : placeholderFunctionArn(this.scope.region, this.scope.account, id);
    }
    if (ref.displayName === 'Ref') return id;
    if (ref.displayName === 'Arn' && type !== undefined) {
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return `arn:aws:${service}:${this.scope.region}:${this.scope.account}:${id}`;
    }
    return `${id}.${ref.displayName}`;
  }

  /** Intrinsics that are not References (`Aws.PARTITION` is a bare `{ Ref: 'AWS::Partition' }`). */
  private evaluate(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') {
      const pseudo = this.pseudoParameter(record.Ref);
      if (pseudo === undefined) throw new Error(`cannot render { Ref: ${record.Ref} } offline`);
      return pseudo;
    }
    const join = record['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return (join[1] as unknown[]).map((part) => stringOf(this.evaluate(part), 'Fn::Join')).join(join[0]);
    }
    if (keys[0]?.startsWith('Fn::'))
      throw new Error(`cannot render ${keys[0]} offline: ${JSON.stringify(value)}`);
    return value;
  }

  private pseudoParameter(name: string): string | undefined {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.scope.region;
      case 'AWS::AccountId':
        return this.scope.account;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.scope.stack.stackName;
      default:
        return undefined;
    }
  }
}

/**
 * The id a developer gave: the L2 construct's, not the `Resource` child CDK adds under it, and not
 * a `Default` id either, which CDK leaves out of logical ids (infra's CatalogFunction names its
 * function so).
 */
function ownerId(target: IConstruct): string {
  let owner = target;
  if (owner instanceof CfnElement && owner.node.id === 'Resource' && owner.node.scope)
    owner = owner.node.scope;
  while (owner.node.id === 'Default' && owner.node.scope) owner = owner.node.scope;
  return owner.node.id;
}

function stringOf(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${where}: expected a string, got ${JSON.stringify(value)}`);
}
