import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InvokeFunctionRequest,
  type StepFunctionsService,
  startStepFunctionsService,
} from '../../local/stepfunctions/index.ts';
import { renderAsl } from '../../workflows/render-asl.ts';

const REGION = 'ap-south-1';
const OTHER_REGION = 'eu-central-1';
const ACCOUNT = '000000000000';
const ORDER_ARN = (region = REGION) => `arn:aws:states:${region}:${ACCOUNT}:stateMachine:Order`;
const SLEEPER_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Sleeper`;
const IMPATIENT_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:Impatient`;

/**
 * A small CDK app with every kind of state the project's workflows use: LambdaInvoke (default
 * payloadResponseOnly: false, with CDK's Retry block), a payloadResponseOnly Lambda, a
 * .waitForTaskToken LambdaInvoke, Wait (SecondsPath, Seconds, TimestampPath), Parallel, Choice,
 * Catch into a compensation task, and Fail.
 */
function renderTestWorkflows() {
  const app = new App();
  const stack = new Stack(app, 'LocalSfnTest', { env: { region: REGION, account: ACCOUNT } });
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });

  const prepare = new tasks.LambdaInvoke(stack, 'Prepare', {
    lambdaFunction: fn('prepare-order'),
    outputPath: '$.Payload',
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
  });
  const approval = new tasks.LambdaInvoke(stack, 'Await approval', {
    lambdaFunction: fn('request-approval'),
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      taskToken: sfn.JsonPath.taskToken,
      orderId: sfn.JsonPath.stringAt('$.orderId'),
    }),
    resultPath: '$.approval',
    taskTimeout: sfn.Timeout.duration(Duration.days(1)),
  });
  const coolingOff = new sfn.Wait(stack, 'Cooling off', {
    time: sfn.WaitTime.secondsPath('$.coolingSeconds'),
  });
  const charge = new tasks.LambdaInvoke(stack, 'Charge card', {
    lambdaFunction: fn('charge-card'),
    outputPath: '$.Payload',
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
  }).addRetry({ errors: ['CardDeclinedTemporarily'], interval: Duration.seconds(10), maxAttempts: 2 });
  const reserve = new tasks.LambdaInvoke(stack, 'Reserve stock', {
    lambdaFunction: fn('reserve-stock'),
    payloadResponseOnly: true,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
  });
  const fulfil = new sfn.Parallel(stack, 'Fulfil', { resultPath: '$.fulfilment' })
    .branch(charge)
    .branch(reserve);
  const done = new sfn.Succeed(stack, 'Done');
  const route = new sfn.Choice(stack, 'Route')
    .when(
      sfn.Condition.stringEquals('$.approval.decision', 'express'),
      new sfn.Pass(stack, 'Express', { result: sfn.Result.fromString('express'), resultPath: '$.lane' }).next(
        done,
      ),
    )
    .otherwise(
      new sfn.Pass(stack, 'Standard', {
        result: sfn.Result.fromString('standard'),
        resultPath: '$.lane',
      }).next(done),
    );
  const compensate = new tasks.LambdaInvoke(stack, 'Release stock', {
    lambdaFunction: fn('release-stock'),
    payload: sfn.TaskInput.fromObject({
      orderId: sfn.JsonPath.stringAt('$.orderId'),
      error: sfn.JsonPath.objectAt('$.error'),
    }),
    resultPath: '$.compensation',
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
  }).next(new sfn.Fail(stack, 'Order failed', { error: 'OrderFailed', cause: 'the order was compensated' }));
  approval.addCatch(compensate, { resultPath: '$.error' });
  fulfil.addCatch(compensate, { resultPath: '$.error' });

  const order = new sfn.StateMachine(stack, 'Order', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      prepare.next(approval).next(coolingOff).next(fulfil).next(route),
    ),
  });
  const sleeper = new sfn.StateMachine(stack, 'Sleeper', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Wait(stack, 'One day', { time: sfn.WaitTime.duration(Duration.days(1)) })
        .next(new sfn.Wait(stack, 'Until tomorrow', { time: sfn.WaitTime.timestampPath('$.until') }))
        .next(new sfn.Succeed(stack, 'Rested')),
    ),
  });
  // Scaled by 1/1,000,000: a timeout of 864 ms, a wait of 86 s. Wide apart, so a busy machine
  // cannot reorder them (a 1 h timeout, 3.6 ms scaled, fired before the Wait was even entered).
  const impatient = new sfn.StateMachine(stack, 'Impatient', {
    timeout: Duration.days(10),
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Wait(stack, 'Too long', { time: sfn.WaitTime.duration(Duration.days(1000)) }).next(
        new sfn.Succeed(stack, 'Never'),
      ),
    ),
  });
  return {
    order: renderAsl(stack, order),
    sleeper: renderAsl(stack, sleeper),
    impatient: renderAsl(stack, impatient),
  };
}

/** In-memory stand-ins for the Lambda handlers, recording every call. */
class FakeFunctions {
  readonly calls: InvokeFunctionRequest[] = [];
  readonly approvalTokens = new Map<string, string>();
  private readonly chargeAttempts = new Map<string, number>();
  /** When set, prepare-order waits for it: lets a test act while a resumed run is replaying. */
  prepareGate: Promise<void> | undefined;

  readonly invoke = async (request: InvokeFunctionRequest): Promise<unknown> => {
    this.calls.push(request);
    const payload = request.payload as Record<string, unknown>;
    switch (request.functionName) {
      case 'prepare-order':
        await this.prepareGate;
        return { ...payload, prepared: true };
      case 'request-approval':
        this.approvalTokens.set(String(payload.orderId), String(payload.taskToken));
        return { queued: true };
      case 'charge-card': {
        const attempt = (this.chargeAttempts.get(String(payload.orderId)) ?? 0) + 1;
        this.chargeAttempts.set(String(payload.orderId), attempt);
        if (payload.failCharge === 'once' && attempt === 1)
          throw namedError('CardDeclinedTemporarily', 'issuer busy');
        if (payload.failCharge === 'always') throw namedError('CardRejected', 'insufficient funds');
        return { charged: payload.amount };
      }
      case 'reserve-stock':
        return { reserved: true };
      case 'release-stock':
        return { released: payload.orderId };
      default:
        throw new Error(`no fake for ${request.functionName}`);
    }
  };

  callsTo(functionName: string): InvokeFunctionRequest[] {
    return this.calls.filter((call) => call.functionName === functionName);
  }
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const clientFor = (service: StepFunctionsService, region = REGION) =>
  new SFNClient({
    endpoint: service.url,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const finished = (
  client: SFNClient,
  executionArn: string,
  timeoutMs = 5000,
): Promise<DescribeExecutionCommandOutput> =>
  eventually(
    `${executionArn} to finish`,
    async () => {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    timeoutMs,
  );

const tokenOf = (fakes: FakeFunctions, orderId: string) =>
  eventually(`the approval token of ${orderId}`, () => fakes.approvalTokens.get(orderId));

async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const STANDARD = JSON.stringify({ decision: 'standard' });
const orderInput = (orderId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ orderId, amount: 120, coolingSeconds: 0, ...extra });

const workflows = renderTestWorkflows();
const stateMachines = [
  { name: 'Order', definition: workflows.order.definition },
  { name: 'Sleeper', definition: workflows.sleeper.definition },
  { name: 'Impatient', definition: workflows.impatient.definition },
];
const tempDirs: string[] = [];
const newDataDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'local-sfn-'));
  tempDirs.push(dir);
  return dir;
};

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('renderAsl', () => {
  it('renders LambdaInvoke tasks with placeholder function ARNs named by construct id', () => {
    const { definition, functions } = workflows.order;
    const states = definition.States as Record<string, Record<string, unknown>>;
    expect(functions).toEqual([
      'prepare-order',
      'request-approval',
      'charge-card',
      'reserve-stock',
      'release-stock',
    ]);
    expect(states.Prepare).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:prepare-order`,
        'Payload.$': '$',
      },
      TimeoutSeconds: 30,
    });
    expect((states.Prepare!.Retry as Array<{ ErrorEquals: string[] }>)[0]!.ErrorEquals).toContain(
      'Lambda.ServiceException',
    );
    expect(states['Await approval']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { Payload: { 'taskToken.$': '$$.Task.Token' } },
    });
    expect(JSON.stringify(definition)).not.toMatch(/Token\[|\[object Object\]|Fn::|"Ref"/);
  });
});

describe('local Step Functions service', () => {
  let service: StepFunctionsService;
  let fakes: FakeFunctions;
  let client: SFNClient;

  beforeAll(async () => {
    fakes = new FakeFunctions();
    service = await startStepFunctionsService({
      dataDir: await newDataDir(),
      regions: [REGION, OTHER_REGION],
      stateMachines,
      invokeFunction: fakes.invoke,
      timeScale: 0.001,
    });
    client = clientFor(service);
  });

  afterAll(async () => {
    client?.destroy();
    await service?.stop();
  });

  it('runs an execution to SUCCEEDED once its approval token is answered', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'happy-1',
        input: orderInput('happy-1'),
      }),
    );
    const token = await tokenOf(fakes, 'happy-1');
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'express' }) }),
    );

    const execution = await finished(client, executionArn!);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(execution.output!)).toEqual({
      orderId: 'happy-1',
      amount: 120,
      coolingSeconds: 0,
      prepared: true,
      approval: { decision: 'express' },
      fulfilment: [{ charged: 120 }, { reserved: true }],
      lane: 'express',
    });
    const approvalCall = fakes
      .callsTo('request-approval')
      .find((call) => (call.payload as { orderId: string }).orderId === 'happy-1');
    expect(approvalCall).toMatchObject({ region: REGION, payload: { orderId: 'happy-1', taskToken: token } });
  });

  it('retries a task that throws an error named in its Retry, then succeeds', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        input: orderInput('retry-1', { failCharge: 'once' }),
      }),
    );
    await client.send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf(fakes, 'retry-1'), output: STANDARD }),
    );

    const execution = await finished(client, executionArn!);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).lane).toBe('standard');
    const chargeCalls = fakes
      .callsTo('charge-card')
      .filter((call) => (call.payload as { orderId: string }).orderId === 'retry-1');
    expect(chargeCalls).toHaveLength(2);
    const history = await historyOf(client, executionArn!);
    const failed = history.find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'CardDeclinedTemporarily',
      cause: 'issuer busy',
    });
  });

  it('routes a task failure through Catch into the compensation state', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        input: orderInput('catch-1', { failCharge: 'always' }),
      }),
    );
    await client.send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf(fakes, 'catch-1'), output: STANDARD }),
    );

    const execution = await finished(client, executionArn!);

    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'OrderFailed',
      cause: 'the order was compensated',
    });
    const release = fakes
      .callsTo('release-stock')
      .find((call) => (call.payload as { orderId: string }).orderId === 'catch-1');
    expect(release?.payload).toEqual({
      orderId: 'catch-1',
      error: { Error: 'CardRejected', Cause: 'insufficient funds' },
    });
    const types = (await historyOf(client, executionArn!)).map((event) => event.type);
    expect(types).toContain('ParallelStateFailed');
    expect(types.slice(-3)).toEqual(['TaskStateExited', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('fails a waiting task with SendTaskFailure, into its Catch', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), input: orderInput('reject-1') }),
    );
    const token = await tokenOf(fakes, 'reject-1');

    await client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'ApprovalRejected', cause: 'not covered' }),
    );

    const execution = await finished(client, executionArn!);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderFailed' });
    const release = fakes
      .callsTo('release-stock')
      .find((call) => (call.payload as { orderId: string }).orderId === 'reject-1');
    expect(release?.payload).toMatchObject({ error: { Error: 'ApprovalRejected', Cause: 'not covered' } });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('answers StartExecution with the same name and input with the one running execution', async () => {
    const request = { stateMachineArn: ORDER_ARN(), name: 'claim-42-e1-r1', input: orderInput('idem-1') };
    const first = await client.send(new StartExecutionCommand(request));
    const second = await client.send(
      new StartExecutionCommand({ ...request, input: JSON.stringify(JSON.parse(request.input)) }),
    );

    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    const listed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: ORDER_ARN(), maxResults: 1000 }),
    );
    expect(listed.executions?.filter((execution) => execution.name === 'claim-42-e1-r1')).toHaveLength(1);
    await eventually('one approval request', () => (fakes.approvalTokens.has('idem-1') ? true : undefined));
    expect(
      fakes
        .callsTo('prepare-order')
        .filter((call) => (call.payload as { orderId: string }).orderId === 'idem-1'),
    ).toHaveLength(1);
  });

  it('refuses the same name with another input with ExecutionAlreadyExists', async () => {
    const name = 'claim-43-e1-r1';
    await client.send(
      new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), name, input: orderInput('idem-2') }),
    );

    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: ORDER_ARN(),
          name,
          input: orderInput('idem-2', { amount: 1 }),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('keeps regions apart: an execution of one region is unknown in another', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'regional-1',
        input: orderInput('regional-1'),
      }),
    );
    const token = await tokenOf(fakes, 'regional-1');
    const other = clientFor(service, OTHER_REGION);
    try {
      await expect(other.send(new DescribeExecutionCommand({ executionArn }))).rejects.toBeInstanceOf(
        ExecutionDoesNotExist,
      );
      await expect(
        other.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskDoesNotExist);
      const listed = await other.send(
        new ListExecutionsCommand({ stateMachineArn: ORDER_ARN(OTHER_REGION) }),
      );
      expect(listed.executions).toEqual([]);
      // The same name is free in the other region.
      const elsewhere = await other.send(
        new StartExecutionCommand({
          stateMachineArn: ORDER_ARN(OTHER_REGION),
          name: 'regional-1',
          input: '{"orderId":"x"}',
        }),
      );
      expect(elsewhere.executionArn).toBe(
        `arn:aws:states:${OTHER_REGION}:${ACCOUNT}:execution:Order:regional-1`,
      );
    } finally {
      other.destroy();
    }
  });

  it('describes state machines with their original definition and lists them', async () => {
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: ORDER_ARN() }));

    expect(described).toMatchObject({
      stateMachineArn: ORDER_ARN(),
      name: 'Order',
      status: 'ACTIVE',
      type: 'STANDARD',
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.definition!)).toEqual(workflows.order.definition);
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([
      IMPATIENT_ARN,
      ORDER_ARN(),
      SLEEPER_ARN,
    ]);
  });

  it('lists executions newest first, filtered by status, page by page', async () => {
    const names = ['page-a', 'page-b', 'page-c'];
    for (const name of names) {
      await client.send(
        new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), name, input: orderInput(name) }),
      );
    }
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: ORDER_ARN(),
          statusFilter: 'RUNNING',
          maxResults: 2,
          nextToken,
        }),
      );
      pages.push(page.executions!.map((execution) => execution.name!));
      expect(
        page.executions!.every(
          (execution) => execution.status === 'RUNNING' && execution.startDate instanceof Date,
        ),
      ).toBe(true);
      nextToken = page.nextToken;
    } while (nextToken);

    const all = pages.flat();
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 3)).toEqual(['page-c', 'page-b', 'page-a']);
    const succeeded = await client.send(
      new ListExecutionsCommand({ stateMachineArn: ORDER_ARN(), statusFilter: 'SUCCEEDED' }),
    );
    expect(succeeded.executions!.map((execution) => execution.name)).toContain('happy-1');
    expect(succeeded.executions!.map((execution) => execution.name)).not.toContain('page-a');
  });

  it('records the history in the AWS shape, state by state', async () => {
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:Order:happy-1`;
    const events = await historyOf(client, executionArn);

    expect(events[0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
    expect(events[0]!.timestamp).toBeInstanceOf(Date);
    expect(JSON.parse(events[0]!.executionStartedEventDetails!.input!)).toMatchObject({ orderId: 'happy-1' });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 6)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
    expect(events[1]!.stateEnteredEventDetails).toMatchObject({ name: 'Prepare' });
    expect(events[2]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: REGION,
    });
    expect(JSON.parse(events[2]!.taskScheduledEventDetails!.parameters!)).toMatchObject({
      FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:prepare-order`,
    });
    expect(JSON.parse(events[4]!.taskSucceededEventDetails!.output!)).toMatchObject({
      StatusCode: 200,
      Payload: { prepared: true },
    });
    const approval = events.find(
      (event) => event.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken',
    );
    expect(approval?.taskScheduledEventDetails?.timeoutInSeconds).toBe(86400);
    for (const type of [
      'TaskSubmitted',
      'WaitStateEntered',
      'WaitStateExited',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'LambdaFunctionScheduled',
      'LambdaFunctionSucceeded',
      'ChoiceStateEntered',
      'PassStateExited',
      'SucceedStateEntered',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(JSON.parse(events.at(-1)!.executionSucceededEventDetails!.output!)).toMatchObject({
      lane: 'express',
    });

    const newestTwo = await client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(newestTwo.events!.map((event) => event.id)).toEqual([events.length, events.length - 1]);
    expect(newestTwo.nextToken).toBeDefined();
    const withoutData = await client.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(withoutData.events![0]!.executionStartedEventDetails?.input).toBeUndefined();
  });

  it('stops an execution: ABORTED, and its pending token no longer answers', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), input: orderInput('stop-1') }),
    );
    const token = await tokenOf(fakes, 'stop-1');

    const stopped = await client.send(
      new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'by test' }),
    );

    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Cancelled',
      cause: 'by test',
    });
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
    expect((await historyOf(client, executionArn!)).at(-1)?.type).toBe('ExecutionAborted');
  });

  it('answers unknown executions and malformed tokens with the AWS errors', async () => {
    await expect(
      client.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:Order:nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), name: 'bad name', input: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidName', $metadata: { httpStatusCode: 400 } });
  });

  it('runs hundreds of concurrent executions', async () => {
    const ids = Array.from({ length: 200 }, (_, index) => `bulk-${index}`);
    const started = await Promise.all(
      ids.map((id) =>
        client.send(
          new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), name: id, input: orderInput(id) }),
        ),
      ),
    );
    await Promise.all(
      ids.map(async (id) =>
        client.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(fakes, id), output: STANDARD })),
      ),
    );

    const results = await Promise.all(
      started.map(({ executionArn }) => finished(client, executionArn!, 20_000)),
    );

    expect(results.map((execution) => execution.status)).toEqual(ids.map(() => 'SUCCEEDED'));
  }, 30_000);
});

describe('local Step Functions time scale', () => {
  let service: StepFunctionsService;
  let fakes: FakeFunctions;
  let client: SFNClient;

  beforeAll(async () => {
    fakes = new FakeFunctions();
    service = await startStepFunctionsService({
      dataDir: await newDataDir(),
      regions: [REGION],
      stateMachines,
      invokeFunction: fakes.invoke,
      timeScale: 1e-6,
    });
    client = clientFor(service);
  });

  afterAll(async () => {
    client?.destroy();
    await service?.stop();
  });

  it('runs a one-day Wait and a wait until tomorrow in well under a second', async () => {
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const startedAt = Date.now();
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: SLEEPER_ARN, input: JSON.stringify({ until }) }),
    );

    const execution = await finished(client, executionArn!);

    const elapsed = Date.now() - startedAt;
    expect(execution.status).toBe('SUCCEEDED');
    // Two scaled days of 86.4 ms each: waited, but nowhere near real time.
    expect(elapsed).toBeGreaterThanOrEqual(160);
    expect(elapsed).toBeLessThan(1000);
    const types = (await historyOf(client, executionArn!)).map((event) => event.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('times out an execution after its scaled TimeoutSeconds', async () => {
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: IMPATIENT_ARN }));

    const execution = await finished(client, executionArn!);

    expect(execution).toMatchObject({ status: 'TIMED_OUT' });
    const types = (await historyOf(client, executionArn!)).map((event) => event.type);
    expect(types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
  });

  it('times out an unanswered task after its scaled TimeoutSeconds, into its Catch', async () => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: ORDER_ARN(), input: orderInput('timeout-1') }),
    );

    const execution = await finished(client, executionArn!);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderFailed' });
    const release = fakes
      .callsTo('release-stock')
      .find((call) => (call.payload as { orderId: string }).orderId === 'timeout-1');
    expect(release?.payload).toMatchObject({ error: { Error: 'States.Timeout' } });
    const types = (await historyOf(client, executionArn!)).map((event) => event.type);
    expect(types).toContain('TaskTimedOut');
  });
});

describe('local Step Functions restart', () => {
  it('resumes a RUNNING execution after a restart and completes it with a token issued before', async () => {
    const dataDir = await newDataDir();
    const before = new FakeFunctions();
    const first = await startStepFunctionsService({
      dataDir,
      regions: [REGION],
      stateMachines,
      invokeFunction: before.invoke,
      timeScale: 0.001,
    });
    const firstClient = clientFor(first);
    const late = await firstClient.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'resume-late',
        input: orderInput('resume-late'),
      }),
    );
    const early = await firstClient.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'resume-early',
        input: orderInput('resume-early'),
      }),
    );
    const lateToken = await tokenOf(before, 'resume-late');
    const earlyToken = await tokenOf(before, 'resume-early');
    firstClient.destroy();
    await first.stop();

    // The replay of the next start is held in Prepare until the early answer has been given.
    const after = new FakeFunctions();
    let releasePrepare!: () => void;
    after.prepareGate = new Promise((resolve) => {
      releasePrepare = resolve;
    });
    const second = await startStepFunctionsService({
      dataDir,
      regions: [REGION],
      stateMachines,
      invokeFunction: after.invoke,
      timeScale: 0.001,
    });
    const client = clientFor(second);
    try {
      expect(
        (await client.send(new DescribeExecutionCommand({ executionArn: late.executionArn }))).status,
      ).toBe('RUNNING');
      await client.send(
        new SendTaskSuccessCommand({ taskToken: earlyToken, output: '{"decision":"express"}' }),
      );
      releasePrepare();
      // The late one is answered only once its replay waits on the same task again.
      await eventually('the replay to wait on the approval again', async () => {
        const history = await historyOf(client, late.executionArn!);
        const scheduled = history.filter(
          (event) => event.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken',
        );
        return scheduled.length === 2 ? true : undefined;
      });
      await client.send(new SendTaskSuccessCommand({ taskToken: lateToken, output: STANDARD }));

      const lateResult = await finished(client, late.executionArn!);
      const earlyResult = await finished(client, early.executionArn!);

      expect(lateResult.status).toBe('SUCCEEDED');
      expect(JSON.parse(lateResult.output!).lane).toBe('standard');
      expect(earlyResult.status).toBe('SUCCEEDED');
      expect(JSON.parse(earlyResult.output!).lane).toBe('express');
      // The approval requests were already delivered before the restart: not sent again.
      expect(after.callsTo('request-approval')).toEqual([]);
      const history = await historyOf(client, late.executionArn!);
      expect(history.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
      expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(history.map((event) => event.id)).toEqual(history.map((_, index) => index + 1));
    } finally {
      releasePrepare();
      client.destroy();
      await second.stop();
    }
  });

  it('keeps every execution and its history across a restart, from the journal and from its checkpoints', async () => {
    const dataDir = await newDataDir();
    const fakes = new FakeFunctions();
    const options = {
      dataDir,
      regions: [REGION],
      stateMachines,
      invokeFunction: fakes.invoke,
      timeScale: 0.001,
    };
    // A journal of a few hundred bytes: nearly every append starts a new journal file and
    // checkpoints the full one, so some changes are in checkpoints and some still in the journal.
    const first = await startStepFunctionsService({ ...options, journalLimitBytes: 300 });
    const firstClient = clientFor(first);
    const done = await firstClient.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'kept-done',
        input: orderInput('kept-done'),
      }),
    );
    await firstClient.send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf(fakes, 'kept-done'), output: STANDARD }),
    );
    await finished(firstClient, done.executionArn!);
    const waiting = await firstClient.send(
      new StartExecutionCommand({
        stateMachineArn: ORDER_ARN(),
        name: 'kept-waiting',
        input: orderInput('kept-waiting'),
      }),
    );
    await tokenOf(fakes, 'kept-waiting');
    const doneHistory = await historyOf(firstClient, done.executionArn!);
    const waitingHistory = await historyOf(firstClient, waiting.executionArn!);
    firstClient.destroy();
    await first.stop();
    // A crash in the middle of an append leaves a torn last line: it is skipped.
    const journal = join(dataDir, REGION, 'journal');
    const last = (await readdir(journal)).sort().at(-1)!;
    await appendFile(join(journal, last), '{"a":"arn:aws:states:ap-south-1:0000');

    const second = await startStepFunctionsService(options);
    const client = clientFor(second);
    try {
      expect(await historyOf(client, done.executionArn!)).toEqual(doneHistory);
      expect(
        (await client.send(new DescribeExecutionCommand({ executionArn: done.executionArn }))).status,
      ).toBe('SUCCEEDED');
      const resumed = await client.send(new DescribeExecutionCommand({ executionArn: waiting.executionArn }));
      expect(resumed.status).toBe('RUNNING');
      // Its history goes on from where it was (the replay appends to it).
      expect((await historyOf(client, waiting.executionArn!)).slice(0, waitingHistory.length)).toEqual(
        waitingHistory,
      );
    } finally {
      client.destroy();
      await second.stop();
    }
  });

  it('resumes a Wait with what remained of it', async () => {
    const dataDir = await newDataDir();
    const options = { dataDir, regions: [REGION], stateMachines, invokeFunction: new FakeFunctions().invoke };
    // A day is 864 ms here.
    const first = await startStepFunctionsService({ ...options, timeScale: 1e-5 });
    const firstClient = clientFor(first);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const { executionArn } = await firstClient.send(
      new StartExecutionCommand({ stateMachineArn: SLEEPER_ARN, input: JSON.stringify({ until }) }),
    );
    await eventually('the second wait to begin', async () => {
      const history = await historyOf(firstClient, executionArn!);
      return history.filter((event) => event.type === 'WaitStateEntered').length === 2 ? true : undefined;
    });
    firstClient.destroy();
    await first.stop();

    const second = await startStepFunctionsService({ ...options, timeScale: 1e-5 });
    const client = clientFor(second);
    try {
      const execution = await finished(client, executionArn!);

      expect(execution.status).toBe('SUCCEEDED');
      // The restarted service replays the run from its history: the Wait that was under way is
      // entered again and ends when it was due, not a whole scaled day (864 ms) after its re-entry.
      const history = await historyOf(client, executionArn!);
      const span = (name: string) => {
        const entries = history.filter(
          (e) => e.type === 'WaitStateEntered' && e.stateEnteredEventDetails?.name === name,
        );
        const exits = history.filter(
          (e) => e.type === 'WaitStateExited' && e.stateExitedEventDetails?.name === name,
        );
        return exits.at(-1)!.timestamp!.getTime() - entries.at(-1)!.timestamp!.getTime();
      };
      expect(span('One day')).toBeLessThan(864);
      // And nothing ended early: the last Wait ended no sooner than both waits' scaled ~1,728 ms.
      const ended = history.find((e) => e.type === 'ExecutionSucceeded')!.timestamp!.getTime();
      expect(ended - history[0]!.timestamp!.getTime()).toBeGreaterThanOrEqual(1700);
    } finally {
      client.destroy();
      await second.stop();
    }
  });
});
