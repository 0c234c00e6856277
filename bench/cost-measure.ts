import {
  ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { functionSpec } from '../functions/catalog.ts';
import type { Runtime } from '../local/runtime.ts';
import { lessBackground, transitionsOf, type Usage } from './cost-figures.ts';

/** What the cost bench reads from the runtime between two moments: its counters and the executions started. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything the runtime has counted so far. */
export interface Counters {
  at: number;
  capacity: Usage['capacity'];
  lambda: Usage['lambda'];
  api: Usage['api'];
}

export function counters(rt: Runtime): Counters {
  return {
    at: Date.now(),
    capacity: rt.network.capacity(),
    lambda: rt.lambda.usage().map((u) => ({ ...u, memoryMb: functionSpec(u.functionName).memoryMb })),
    api: rt.partnerApi.requests(),
  };
}

export const capacityKey = (l: Usage['capacity'][number]) =>
  `${l.region}|${l.table}|${l.index ?? ''}|${l.kind}`;
export const lambdaKey = (l: Usage['lambda'][number]) => `${l.region}|${l.functionName}`;
export const apiKey = (a: Usage['api'][number]) => `${a.region}|${a.api}`;

export function between(before: Counters, after: Counters, idle: Counters[] = [], idleMs = 1) {
  const [b0, b1] = idle;
  const background = (pick: (c: Counters) => never[], key: (t: never) => string, fields: string[]) =>
    b0 && b1 ? lessBackground(pick(b0), pick(b1), [], 0, key, fields as never) : [];
  const ratio = idle.length ? (after.at - before.at) / idleMs : 0;
  return {
    capacity: lessBackground(
      before.capacity,
      after.capacity,
      background((c) => c.capacity as never, capacityKey as never, ['units']),
      ratio,
      capacityKey,
      ['units'],
    ),
    lambda: lessBackground(
      before.lambda,
      after.lambda,
      background((c) => c.lambda as never, lambdaKey as never, ['invocations', 'billedMs']),
      ratio,
      lambdaKey,
      ['invocations', 'billedMs'],
    ),
    api: lessBackground(before.api, after.api, [], 0, apiKey, ['requests']),
  };
}

export async function call(
  url: string,
  init: RequestInit,
  expected: number,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Workflow executions started since `since` in every region, of every state machine, and their transitions. */
export async function executionsSince(rt: Runtime, since: Date) {
  let executions = 0;
  let running = 0;
  const transitions: Usage['transitions'] = [];
  for (const region of Object.keys(rt.endpoints.regions)) {
    const sfn = new SFNClient({
      region,
      endpoint: rt.endpoints.regions[region]!.sfn,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    let count = 0;
    try {
      const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
      for (const machine of stateMachines) {
        if (machine.type === 'EXPRESS')
          throw new Error(`${machine.name} is an Express workflow: price its requests and duration`);
        let nextToken: string | undefined;
        do {
          const page = await sfn.send(
            new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, nextToken }),
          );
          nextToken = page.nextToken;
          for (const e of page.executions ?? []) {
            if (!e.startDate || e.startDate < since) {
              nextToken = undefined; // newest first: the rest are older
              break;
            }
            executions += 1;
            if (e.status === ExecutionStatus.RUNNING) running += 1;
            let historyToken: string | undefined;
            const events: { type?: string }[] = [];
            do {
              const h = await sfn.send(
                new GetExecutionHistoryCommand({ executionArn: e.executionArn, nextToken: historyToken }),
              );
              events.push(...(h.events ?? []));
              historyToken = h.nextToken;
            } while (historyToken);
            count += transitionsOf(events);
          }
        } while (nextToken);
      }
    } finally {
      sfn.destroy();
    }
    transitions.push({ region, count });
  }
  return { executions, running, transitions };
}
