import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, functionCatalog, workflowTasks } from '../../functions/catalog.ts';
import { type Config, defaultConfig, loadConfig } from '../../infra/config.ts';
import { NAG_PACK } from '../../infra/nag.ts';
import type { ClaimflowRegionStack } from '../../infra/region-stack.ts';
import { compileStateMachine } from '../../local/stepfunctions/definition.ts';
import {
  CLAIM_CANCELLED_ERROR,
  CLAIM_FAILED_ERROR,
  CLAIM_LIFECYCLE_TASKS,
  NOTIFY_TEMPLATES,
  CLAIM_LIFECYCLE_STATES as S,
  TASK_TOKEN_STATES,
} from '../../workflows/claim-lifecycle.ts';
import { renderAsl } from '../../workflows/render-asl.ts';
import {
  CLAIM_FENCED_ERROR,
  EMAIL_NOT_SENT_ERROR,
  REGION_UNAVAILABLE_ERROR,
} from '../../workflows/task-retry.ts';
import { buildTestApp, describeViolation, readValidationReport } from './app-fixture.ts';

// Templates only: esbuild bundling adds nothing these tests look at (`npm run synth` bundles for real).
const NO_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } };
const timing = defaultConfig.workflow;
const exportRegions = defaultConfig.regions.map((r) => r.region);
const workflowSpecs: FunctionSpec[] = functionCatalog.filter((f) => f.kind === 'workflow-task');

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
interface Catcher {
  ErrorEquals: string[];
  ResultPath?: string | null;
  Next: string;
}
interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  TimeoutSeconds?: number;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Record<string, unknown>[];
  Branches?: Asl[];
  ResultPath?: string | null;
  ResultSelector?: Record<string, string>;
  Seconds?: number;
  Error?: string;
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

/** A state machine's definition from a template, each CloudFormation reference as `<LogicalId>`. */
function definitionOf(template: Template, name = `${defaultConfig.appName}-claim-lifecycle`): Asl {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).filter(
    (m) => m.Properties.StateMachineName === name,
  );
  expect(machines).toHaveLength(1);
  const definition = machines[0]!.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof definition === 'string') return JSON.parse(definition) as Asl;
  const text = definition['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (ref.Ref === 'AWS::Partition') return 'aws';
      return `<${ref['Fn::GetAtt']?.[0] ?? ref.Ref}>`;
    })
    .join('');
  return JSON.parse(text) as Asl;
}

/** Every state, those inside Parallel branches included (ASL state names are unique). */
function statesOf(asl: Asl): Map<string, AslState> {
  const all = new Map<string, AslState>();
  for (const [name, state] of Object.entries(asl.States)) {
    all.set(name, state);
    for (const branch of state.Branches ?? []) for (const [n, s] of statesOf(branch)) all.set(n, s);
  }
  return all;
}

const catcherFor = (state: AslState | undefined, error: string) =>
  state?.Catch?.find((c) => c.ErrorEquals.includes(error));

/** Logical id of the Lambda function named `<appName>-<catalog name>`. */
function functionLogicalId(template: Template, name: string): string {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, r]) => r.Properties.FunctionName === `${defaultConfig.appName}-${name}`,
  );
  expect(found, name).toHaveLength(1);
  return found[0]![0];
}

/** The policy documents attached to a function's role, as one JSON string. */
function rolePoliciesOf(template: Template, name: string): string {
  const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId(template, name)]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
  );
  expect(policies.length, name).toBeGreaterThan(0);
  return JSON.stringify(policies.map((p) => p.Properties.PolicyDocument));
}

describe('ClaimLifecycle in every region stack', () => {
  const templates = new Map<string, Template>();
  let stacks: ReadonlyMap<string, ClaimflowRegionStack>;
  let asl: Asl;
  let states: Map<string, AslState>;

  beforeAll(() => {
    // Prepare / Act
    stacks = buildTestApp(defaultConfig, NO_BUNDLING).regionStacks;
    for (const [region, stack] of stacks) templates.set(region, Template.fromStack(stack));
    asl = definitionOf(templates.get('ap-south-1')!);
    states = statesOf(asl);
  });

  it.each(exportRegions)(
    'has two Standard state machines in %s, the claim lifecycle and the maintenance reminder, logging ALL without execution data, with tracing on',
    (region) => {
      const template = templates.get(region)!;
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
      for (const name of ['claim-lifecycle', 'maintenance-reminder'])
        template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
          StateMachineName: `${defaultConfig.appName}-${name}`,
          StateMachineType: 'STANDARD',
          TracingConfiguration: { Enabled: true },
          // The states' input and output carry customers' names and emails: never in CloudWatch.
          LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
        });
    },
  );

  it('starts by adjudicating (coverage included), and has exactly the states of the contract', () => {
    expect(asl.StartAt).toBe(S.adjudicate);
    expect(states.get(S.adjudicate)?.Next).toBe(S.routeDecision);
    expect([...states.keys()].sort()).toEqual(Object.values(S).sort());
  });

  it('sets TimeoutSeconds on every Task state: the configured wait for task tokens, else the task timeout', () => {
    const tokenTimeouts: Record<string, number> = {
      [S.awaitReview]: timing.reviewTimeoutSeconds,
      [S.awaitManagerReview]: timing.managerReviewTimeoutSeconds,
      [S.awaitReviewOverdue]: timing.reviewOverdueTimeoutSeconds,
      [S.awaitRestock]: timing.restockTimeoutSeconds,
      [S.awaitRepair]: timing.repairReminderAfterSeconds,
      [S.awaitRepairFinal]: timing.repairFinalTimeoutSeconds,
    };
    const taskStates = [...states].filter(([, s]) => s.Type === 'Task');
    expect(taskStates.map(([name]) => name).sort()).toEqual(Object.keys(CLAIM_LIFECYCLE_TASKS).sort());
    for (const [name, state] of taskStates) {
      expect(state.TimeoutSeconds, name).toBe(tokenTimeouts[name] ?? timing.taskTimeoutSeconds);
    }
  });

  it('waits for a task token exactly in the await states, handing the token to the function', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      const waits = (TASK_TOKEN_STATES as readonly string[]).includes(name);
      expect(state.Resource, name).toBe(
        waits ? 'arn:aws:states:::lambda:invoke.waitForTaskToken' : 'arn:aws:states:::lambda:invoke',
      );
      expect(state.Parameters?.Payload?.['taskToken.$'], name).toBe(waits ? '$$.Task.Token' : undefined);
    }
    expect(states.get(S.awaitReview)?.Parameters?.Payload?.escalated).toBe(false);
    expect(states.get(S.awaitManagerReview)?.Parameters?.Payload?.escalated).toBe(true);
  });

  it('passes claimId and epoch to every task and keeps each result under its own key', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      expect(state.Parameters?.Payload, name).toMatchObject({
        'claimId.$': '$.claimId',
        'epoch.$': '$.epoch',
      });
      // Never "$": a task result must not replace the claim's state.
      expect(state.ResultPath === null || /^\$\.[a-zA-Z]+$/.test(String(state.ResultPath)), name).toBe(true);
    }
    expect(states.get(S.adjudicate)).toMatchObject({
      ResultSelector: { 'outcome.$': '$.Payload.outcome' },
      ResultPath: '$.decision',
    });
    expect(states.get(S.allocateParts)).toMatchObject({
      ResultSelector: { 'backordered.$': '$.Payload.backordered' },
      ResultPath: '$.parts',
    });
    expect(states.get(S.awaitRepair)?.ResultPath).toBe('$.completion');
    expect(states.get(S.settleClaim)?.Parameters?.Payload?.['completion.$']).toBe('$.completion');
  });

  it('retries States.TaskFailed 3 times from 2 s with backoff 2 on every task, after CDK’s Lambda retrier', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      const retry = state.Retry ?? [];
      expect(retry[0]?.ErrorEquals, name).toContain('Lambda.ServiceException');
      expect(retry.at(-1), name).toEqual({
        ErrorEquals: ['States.TaskFailed'],
        IntervalSeconds: 2,
        MaxAttempts: 3,
        BackoffRate: 2,
      });
      // A timeout of a task-token wait is a business event (escalate, remind, compensate), never retried.
      expect(
        retry.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.Timeout');
      expect(
        retry.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.ALL');
    }
  });

  it('rides out an outage (and a refused email) with a backoff of about 14 hours of workflow time on every task', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      const retry = state.Retry ?? [];
      const outage = retry.find((r) => r.ErrorEquals.includes(REGION_UNAVAILABLE_ERROR));
      expect(outage, name).toMatchObject({
        ErrorEquals: [REGION_UNAVAILABLE_ERROR, EMAIL_NOT_SENT_ERROR],
        IntervalSeconds: 30,
        BackoffRate: 2,
        MaxDelaySeconds: 3600,
        MaxAttempts: 20,
      });
      // Matched before the short retrier of any other failure.
      expect(retry.indexOf(outage!), name).toBeLessThan(
        retry.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed')),
      );
      // The longest it keeps trying: the delays capped at an hour, summed.
      const waited = Array.from({ length: outage!.MaxAttempts! }, (_, i) =>
        Math.min(outage!.IntervalSeconds! * outage!.BackoffRate! ** i, outage!.MaxDelaySeconds!),
      ).reduce((a, b) => a + b, 0);
      expect(waited / 3600, name).toBeGreaterThan(12);
    }
  });

  it('ends a fenced execution (its claim moved to another region) in HandedOver, never retried nor compensated', () => {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      const fencedRetry = (state.Retry ?? []).find((r) => r.ErrorEquals.includes(CLAIM_FENCED_ERROR));
      expect(fencedRetry?.MaxAttempts, name).toBe(0);
      expect(state.Catch?.[0], name).toEqual({
        ErrorEquals: [CLAIM_FENCED_ERROR],
        ResultPath: '$.fenced',
        Next: S.handedOver,
      });
    }
    expect(states.get(S.handedOver)?.Type).toBe('Succeed');
  });

  it('never retries a cancellation sent to a waiting claim', () => {
    for (const name of TASK_TOKEN_STATES) {
      const retry = states.get(name)?.Retry ?? [];
      const cancelled = retry.findIndex((r) => r.ErrorEquals.includes(CLAIM_CANCELLED_ERROR));
      const taskFailed = retry.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed'));
      expect(retry[cancelled]?.MaxAttempts, name).toBe(0);
      expect(cancelled, name).toBeLessThan(taskFailed);
    }
  });

  it('routes the decision: rejected, in review or approved', () => {
    const choices = states.get(S.routeDecision)?.Choices;
    expect(choices).toEqual([
      { Variable: '$.decision.outcome', StringEquals: 'APPROVED', Next: S.allocateParts },
      { Variable: '$.decision.outcome', StringEquals: 'IN_REVIEW', Next: S.notifyReceived },
      { Variable: '$.decision.outcome', StringEquals: 'REJECTED', Next: S.notifyRejection },
    ]);
    // Only a claim that waits for a person is told first that it arrived; an approval's email is
    // the appointment's or the wait for parts'.
    expect(states.get(S.notifyReceived)?.Next).toBe(S.awaitReview);
    expect(states.get(S.notifyRejection)?.Next).toBe(S.claimRejected);
    expect(states.get(S.claimRejected)?.Type).toBe('Succeed');
    expect(states.get(S.routeReview)?.Choices).toEqual([
      { Variable: '$.review.outcome', StringEquals: 'APPROVED', Next: S.allocateParts },
      { Variable: '$.review.outcome', StringEquals: 'REJECTED', Next: S.notifyRejection },
    ]);
  });

  it('escalates a review that timed out to a manager once, reminds weekly, then waits as overdue', () => {
    expect(catcherFor(states.get(S.awaitReview), 'States.Timeout')).toMatchObject({ Next: S.escalateReview });
    expect(states.get(S.escalateReview)?.Next).toBe(S.awaitManagerReview);
    expect(catcherFor(states.get(S.awaitManagerReview), 'States.Timeout')).toMatchObject({
      Next: S.remindReview,
    });
    expect(states.get(S.remindReview)?.Next).toBe(S.moreReviewReminders);
    expect(states.get(S.moreReviewReminders)).toMatchObject({
      Choices: [
        {
          Variable: '$.reviewReminders.reminders',
          NumericLessThan: timing.reviewReminders,
          Next: S.awaitManagerReview,
        },
      ],
      Default: S.awaitReviewOverdue,
    });
    // The last wait ends in a decision or, after its long timeout, a failed claim: never a loop.
    expect(catcherFor(states.get(S.awaitReviewOverdue), 'States.ALL')).toMatchObject({
      Next: S.notifyClaimEnded,
    });
    for (const name of [S.awaitReview, S.awaitManagerReview, S.awaitReviewOverdue])
      expect(states.get(name)?.Next, name).toBe(S.routeReview);
  });

  it('loops on a backorder until restock, then books the technician once the parts are there', () => {
    expect(states.get(S.allocateParts)?.Next).toBe(S.partsBackordered);
    expect(states.get(S.partsBackordered)).toMatchObject({
      Choices: [{ Variable: '$.parts.backordered', BooleanEquals: true, Next: S.notifyWaitingForParts }],
      Default: S.assignTechnician,
    });
    expect(states.get(S.awaitRestock)).toMatchObject({ Next: S.allocateParts, ResultPath: null });
    // Not in parallel with the parts any more: no slot is held while a part is on backorder.
    expect(Object.values(asl.States).some((state) => state.Type === 'Parallel')).toBe(false);
    // Booking the technician schedules the claim in the same task: the customer is told next.
    expect(states.get(S.assignTechnician)?.Next).toBe(S.notifyAppointment);
  });

  it(`reminds about an overdue repair ${timing.repairReminders} times, then waits once more, then compensates`, () => {
    expect(catcherFor(states.get(S.awaitRepair), 'States.Timeout')).toMatchObject({ Next: S.remindRepair });
    expect(states.get(S.remindRepair)).toMatchObject({
      ResultPath: '$.repairReminders',
      Next: S.moreRepairReminders,
    });
    expect(states.get(S.moreRepairReminders)).toMatchObject({
      Choices: [
        {
          Variable: '$.repairReminders.reminders',
          NumericLessThan: timing.repairReminders,
          Next: S.awaitRepair,
        },
      ],
      Default: S.awaitRepairFinal,
    });
    expect(catcherFor(states.get(S.awaitRepairFinal), 'States.ALL')).toMatchObject({ Next: S.compensate });
  });

  it('releases the reservations before failing when anything fails after the parts are reserved', () => {
    const reserved = [
      S.allocateParts,
      S.awaitRestock,
      S.assignTechnician,
      S.awaitRepair,
      S.remindRepair,
      S.awaitRepairFinal,
      S.settleClaim,
    ];
    for (const name of reserved) {
      expect(catcherFor(states.get(name), 'States.ALL'), name).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: S.compensate,
      });
    }
    const compensate = states.get(S.compensate);
    expect(compensate?.Parameters?.FunctionName).toContain('releasereservations');
    expect(compensate?.Parameters?.Payload?.['error.$']).toBe('$.error');
    // The customer is told (cancelled or failed, by the error at $.error), then the execution fails.
    expect(compensate?.Next).toBe(S.notifyClaimEnded);
    expect(states.get(S.notifyClaimEnded)?.Parameters?.Payload?.['error.$']).toBe('$.error');
    expect(states.get(S.notifyClaimEnded)?.Next).toBe(S.claimFailed);
    expect(states.get(S.claimFailed)).toMatchObject({ Type: 'Fail', Error: CLAIM_FAILED_ERROR });
  });

  it('fails without compensation when nothing is reserved yet', () => {
    for (const name of [S.adjudicate, S.escalateReview, S.remindReview]) {
      expect(catcherFor(states.get(name), 'States.ALL'), name).toMatchObject({ Next: S.notifyClaimEnded });
    }
  });

  it('never fails a claim because an email could not be sent', () => {
    const expectedNext: Record<string, string> = {
      [S.notifyReceived]: S.awaitReview,
      [S.notifyRejection]: S.claimRejected,
      [S.notifyAppointment]: S.awaitRepair,
      [S.notifyCompletion]: S.waitForSurveyAnswer,
      [S.remindSurvey]: S.closeClaim,
      [S.notifyWaitingForParts]: S.awaitRestock,
      [S.notifyClaimEnded]: S.claimFailed,
    };
    expect(Object.keys(expectedNext).sort()).toEqual(Object.keys(NOTIFY_TEMPLATES).sort());
    for (const [name, template] of Object.entries(NOTIFY_TEMPLATES)) {
      const state = states.get(name);
      expect(state?.Parameters?.Payload?.template, name).toBe(template);
      expect(state?.Next, name).toBe(expectedNext[name]);
      expect(state?.Catch, name).toEqual([
        { ErrorEquals: [CLAIM_FENCED_ERROR], ResultPath: '$.fenced', Next: S.handedOver },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: expectedNext[name] },
      ]);
    }
  });

  it('follows up: repair done (with the survey question), wait, reminder, close', () => {
    expect(states.get(S.settleClaim)?.Next).toBe(S.notifyCompletion);
    expect(states.get(S.notifyCompletion)?.Parameters?.Payload?.template).toBe('repair-done');
    expect(states.get(S.waitForSurveyAnswer)).toMatchObject({
      Type: 'Wait',
      Seconds: timing.surveyReminderAfterSeconds,
      Next: S.remindSurvey,
    });
    // The execution ends in CloseClaim: no Succeed state after it, one transition fewer per claim.
    expect(states.get(S.closeClaim)?.End).toBe(true);
    expect(states.get(S.closeClaim)?.Parameters?.Payload?.maintenanceReminderAfterSeconds).toBe(
      timing.maintenanceReminderAfterSeconds,
    );
  });

  it('uses JSONPath only: no JSONata, no Assign variables, no distributed Map', () => {
    const text = JSON.stringify(asl);
    expect(text).not.toMatch(
      /"QueryLanguage"|"Assign"|"Arguments"|"Output"|\{%|"ItemReader"|"ItemProcessor"/,
    );
    expect([...states.values()].map((s) => s.Type)).not.toContain('Map');
  });

  it.each(workflowSpecs.map((s) => [s.name, s] as const))(
    'builds %s from the catalog (memory, timeout, arm64, nodejs22.x, tracing) and the workflow invokes it',
    (name, spec) => {
      for (const template of templates.values()) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: `${defaultConfig.appName}-${name}`,
          MemorySize: spec.memoryMb,
          Timeout: spec.timeoutSeconds,
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
        });
      }
      const template = templates.get('ap-south-1')!;
      const logicalId = functionLogicalId(template, name);
      const invokedBy = [...states].filter(([, s]) => s.Parameters?.FunctionName === `<${logicalId}>`);
      expect(invokedBy.length, name).toBeGreaterThan(0);
    },
  );

  it('gives every function the table names, the regions and Powertools settings, and its own log group', () => {
    const template = templates.get('eu-central-1')!;
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        CLAIMFLOW_TABLE: defaultConfig.tables.global,
        CLAIMFLOW_REGIONAL_TABLE: defaultConfig.tables.regional,
        CLAIMFLOW_PRIMARY_REGION: defaultConfig.primaryRegion,
        CLAIMFLOW_REGIONS: exportRegions.join(','),
        POWERTOOLS_SERVICE_NAME: 'claimflow',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      expect(fn.Properties.LoggingConfig?.LogGroup, fn.Properties.FunctionName).toBeDefined();
    }
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('attaches no managed policy to any role', () => {
    for (const template of templates.values()) {
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    }
  });

  it.each(workflowSpecs.map((s) => [s.name, s] as const))(
    'lets %s reach the replicas of other regions only if the catalog says it touches them',
    (name, spec) => {
      for (const [region, template] of templates) {
        const policies = rolePoliciesOf(template, name);
        expect(policies, `${name} in ${region}`).toContain(`:dynamodb:${region}:`);
        for (const other of exportRegions.filter((r) => r !== region)) {
          const reachesOther = policies.includes(`:dynamodb:${other}:`);
          expect(reachesOther, `${name} in ${region} → ${other}`).toBe(spec.touches.otherRegions === true);
        }
      }
    },
  );

  it('lets only the tasks that send email call SES, and only the tasks that touch it reach the regional table', () => {
    const template = templates.get('ap-northeast-1')!;
    for (const spec of workflowSpecs) {
      const policies = rolePoliciesOf(template, spec.name);
      expect(policies.includes('ses:SendEmail'), spec.name).toBe(spec.touches.email === true);
      const regionalTableId = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0]!;
      expect(policies.includes(regionalTableId), spec.name).toBe(spec.touches.regionalTable !== undefined);
      const writes = /dynamodb:PutItem/.test(policies);
      expect(writes, spec.name).toBe(
        spec.touches.globalTable === 'write' || spec.touches.regionalTable === 'write',
      );
    }
  });
});

describe('the claim workflow under cdk-nag', () => {
  it('leaves no finding open for the whole app, and acknowledges only IAM5 wildcards and the L1 runtime pin', () => {
    // Prepare
    const { app } = buildTestApp(defaultConfig, NO_BUNDLING);

    // Act: throws with the report if an error is left open.
    const report = readValidationReport(app.synth());

    // Assess
    const nag = report.pluginReports.find((r) => r.pluginName === NAG_PACK);
    expect(nag?.violations.map(describeViolation)).toEqual([]);
    const workflowAcks = (nag?.suppressedViolations ?? []).filter((v) =>
      v.violatingConstructs.some((c) => c.constructPath.includes('/ClaimWorkflow/')),
    );
    expect(workflowAcks.length).toBeGreaterThan(0);
    for (const ack of workflowAcks) {
      expect(ack.ruleName).toMatch(/^AwsSolutions-(IAM5\[Resource::.+\]|L1)$/);
      expect(ack.reason?.length, ack.ruleName).toBeGreaterThan(40);
    }
  });
});

describe('the rendered ASL', () => {
  it('names every contract state and every catalog function, and the local engine accepts it', () => {
    // Prepare
    const stack = buildTestApp(defaultConfig, NO_BUNDLING).regionStacks.get('ap-south-1')!;

    // Act
    const { definition, functions } = renderAsl(stack, stack.claimWorkflow.stateMachine);
    const compiled = compileStateMachine('ClaimLifecycle', definition);

    // Assess
    expect([...compiled.states.keys()].sort()).toEqual(Object.values(S).sort());
    expect([...functions].sort()).toEqual(
      Object.values(workflowTasks)
        .map((t) => t.name)
        .sort(),
    );
    const awaitRepair = compiled.states.get(S.awaitRepair);
    expect(awaitRepair).toMatchObject({
      kind: 'lambda-invoke-token',
      timeoutSeconds: timing.repairReminderAfterSeconds,
    });
    const text = JSON.stringify(definition);
    expect(text).toContain('"FunctionName":"arn:aws:lambda:ap-south-1:000000000000:function:await-repair"');
  });
});

describe('workflow timing config', () => {
  const withTiming = (workflow: Partial<Config['workflow']>): unknown => ({
    ...structuredClone(defaultConfig),
    workflow: { ...defaultConfig.workflow, ...workflow },
  });

  it('rejects a task timeout that a workflow Lambda could outlast, naming workflow.taskTimeoutSeconds', () => {
    const slowest = Math.max(...workflowSpecs.map((s) => s.timeoutSeconds));
    expect(() => loadConfig(withTiming({ taskTimeoutSeconds: slowest }))).toThrow(
      /workflow\.taskTimeoutSeconds: must exceed the longest workflow Lambda timeout/,
    );
  });

  it('rejects a wait longer than a Standard execution may run, naming the field', () => {
    expect(() => loadConfig(withTiming({ repairFinalTimeoutSeconds: 400 * 24 * 3600 }))).toThrow(
      /workflow\.repairFinalTimeoutSeconds: must be at most 365 days/,
    );
  });
});
