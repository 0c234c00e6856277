import { Graph, layout } from '@dagrejs/dagre';
import type { AslMachine, AslState, ExecutionStep } from '../types.ts';

/**
 * The state machine as a graph: nodes and edges from the ASL definition, laid out top to bottom
 * by dagre (a layered layout). A Parallel state becomes two nodes, where it forks and where its
 * branches join, with each branch's states between them in a box of their own; its Next and
 * Catch edges leave from the join. Choice edges carry their condition, Catch edges their errors.
 */

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'branch' | 'join';

export interface GraphNode {
  id: string;
  /** The ASL state name (a Parallel's join node names its Parallel state). */
  state: string;
  type: string;
  role: 'state' | 'fork' | 'join';
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
  points: { x: number; y: number }[];
  labelAt?: { x: number; y: number };
}

export interface Cluster {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WorkflowLayout {
  /** Catch edges for any error (States.ALL) left out (see LayoutOptions.hideErrorPaths). */
  hiddenErrorPaths: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  clusters: Cluster[];
  width: number;
  height: number;
  start: string;
}

const joinId = (parallel: string) => `${parallel}/join`;
const NODE_HEIGHT = 34;
const CHAR = 7.2;

function errorsLabel(errors: string[]): string {
  const names = errors.map((e) =>
    e === 'States.ALL' ? 'any error' : e === 'States.Timeout' ? 'timeout' : e.replace(/^States\./, ''),
  );
  return names.join(', ');
}

const OPERATORS: Record<string, string> = {
  StringEquals: '=',
  NumericEquals: '=',
  BooleanEquals: '=',
  NumericLessThan: '<',
  NumericGreaterThan: '>',
  NumericLessThanEquals: '≤',
  NumericGreaterThanEquals: '≥',
  StringMatches: '~',
};

/** `$.decision.outcome StringEquals APPROVED` → `outcome = APPROVED` */
export function choiceLabel(rule: Record<string, unknown>): string {
  const variable = typeof rule.Variable === 'string' ? rule.Variable.split('.').pop() : undefined;
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    const op = OPERATORS[key.replace(/Path$/, '')];
    if (op) return `${variable ?? '?'} ${op} ${String(value).split('.').pop()}`;
    if (key === 'IsPresent') return `${variable ?? '?'} ${value ? 'present' : 'absent'}`;
    if (key === 'IsNull') return `${variable ?? '?'} ${value ? 'is null' : 'not null'}`;
    if (key === 'And' || key === 'Or' || key === 'Not') {
      const parts = [value]
        .flat()
        .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object')
        .map(choiceLabel);
      return key === 'Not' ? `not ${parts[0] ?? ''}` : parts.join(key === 'And' ? ' and ' : ' or ');
    }
  }
  return 'when';
}

const shorten = (s: string, max = 28) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

interface Draft {
  nodes: Omit<GraphNode, 'x' | 'y'>[];
  edges: (Omit<GraphEdge, 'points' | 'id'> & { anyError?: boolean; sameAsNext?: boolean })[];
  branches: { id: string; label: string; members: string[] }[];
}

function addMachine(machine: AslMachine, draft: Draft, members?: string[]) {
  for (const [name, state] of Object.entries(machine.States)) {
    members?.push(name);
    addState(name, state, draft, members);
  }
}

function addState(name: string, state: AslState, draft: Draft, members?: string[]) {
  const node = (id: string, role: GraphNode['role'], label: string) =>
    draft.nodes.push({
      id,
      state: name,
      type: state.Type,
      role,
      label,
      width: Math.max(96, Math.round(label.length * CHAR + 28)),
      height: role === 'join' ? 22 : NODE_HEIGHT,
    });
  const edge = (
    from: string,
    to: string,
    kind: EdgeKind,
    label?: string,
    anyError = false,
    sameAsNext = false,
  ) =>
    draft.edges.push({
      from,
      to,
      kind,
      ...(label ? { label: shorten(label) } : {}),
      ...(anyError ? { anyError } : {}),
      ...(sameAsNext ? { sameAsNext } : {}),
    });

  const nested = state.Branches ?? (state.ItemProcessor ? [state.ItemProcessor] : undefined) ?? undefined;
  // Where the state's own transitions leave from: a Parallel's (or Map's) join node.
  let exit = name;
  if (nested) {
    node(name, 'fork', name);
    exit = joinId(name);
    draft.nodes.push({
      id: exit,
      state: name,
      type: state.Type,
      role: 'join',
      label: 'joined',
      width: 72,
      height: 22,
    });
    members?.push(exit);
    nested.forEach((branch, i) => {
      const branchMembers: string[] = [];
      addMachine(branch, draft, branchMembers);
      members?.push(...branchMembers);
      draft.branches.push({ id: `${name}#${i}`, label: `${name} · branch ${i + 1}`, members: branchMembers });
      edge(name, branch.StartAt, 'branch');
      for (const [inner, innerState] of Object.entries(branch.States))
        if (innerState.End || innerState.Type === 'Succeed') edge(inner, exit, 'join');
    });
  } else {
    node(name, 'state', name);
  }
  if (state.Next) edge(exit, state.Next, 'next');
  for (const choice of state.Choices ?? []) edge(name, choice.Next, 'choice', choiceLabel(choice));
  if (state.Default) edge(name, state.Default, 'default', 'otherwise');
  // A catch-all to the state's own Next says "a failure here does not matter" (notifications).
  for (const c of state.Catch ?? [])
    edge(
      exit,
      c.Next,
      'catch',
      errorsLabel(c.ErrorEquals),
      c.ErrorEquals.includes('States.ALL'),
      c.Next === state.Next,
    );
}

export interface LayoutOptions {
  /**
   * Leave out the Catch edges for any error (States.ALL) that lead to a state not in `keepInto`,
   * or to the state's own Next: nearly every task has one, and drawn all together they hide the
   * claim's road. The states they lead to stay; the edges into a failure state reached stay.
   */
  hideErrorPaths?: boolean;
  keepInto?: ReadonlySet<string>;
}

export function layoutWorkflow(machine: AslMachine, options: LayoutOptions = {}): WorkflowLayout {
  const draft: Draft = { nodes: [], edges: [], branches: [] };
  addMachine(machine, draft);
  const before = draft.edges.length;
  if (options.hideErrorPaths)
    draft.edges = draft.edges.filter((e) => !e.anyError || (!e.sameAsNext && options.keepInto?.has(e.to)));
  const hiddenErrorPaths = before - draft.edges.length;
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 26, ranksep: 34, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of draft.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  const edges = draft.edges.map(({ anyError: _a, sameAsNext: _s, ...e }, i) => ({
    ...e,
    id: `${e.from}->${e.to}#${e.kind}${i}`,
  }));
  for (const e of edges)
    g.setEdge(
      e.from,
      e.to,
      {
        ...(e.label ? { width: Math.round(e.label.length * 6.2 + 8), height: 14, labelpos: 'c' } : {}),
        // Catch edges are detours: let the main path decide the ranks.
        weight: e.kind === 'catch' ? 1 : e.kind === 'next' || e.kind === 'branch' ? 4 : 2,
        minlen: 1,
      },
      e.id,
    );
  layout(g);
  const nodes: GraphNode[] = draft.nodes.map((n) => {
    const at = g.node(n.id) as { x: number; y: number };
    return { ...n, x: at.x, y: at.y };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const laid: GraphEdge[] = edges.map((e) => {
    const label = g.edge({ v: e.from, w: e.to, name: e.id }) as {
      points?: { x: number; y: number }[];
      x?: number;
      y?: number;
    };
    return {
      ...e,
      points: label.points ?? [],
      ...(e.label && label.x !== undefined && label.y !== undefined
        ? { labelAt: { x: label.x, y: label.y } }
        : {}),
    };
  });
  const PAD = 10;
  const clusters: Cluster[] = draft.branches
    .map((b) => {
      const ms = b.members.map((m) => byId.get(m)).filter((n): n is GraphNode => !!n);
      if (ms.length === 0) return undefined;
      const x0 = Math.min(...ms.map((n) => n.x - n.width / 2)) - PAD;
      const x1 = Math.max(...ms.map((n) => n.x + n.width / 2)) + PAD;
      const y0 = Math.min(...ms.map((n) => n.y - n.height / 2)) - PAD - 12;
      const y1 = Math.max(...ms.map((n) => n.y + n.height / 2)) + PAD;
      return { id: b.id, label: b.label, x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    })
    .filter((c): c is Cluster => !!c);
  const graph = g.graph() as { width?: number; height?: number };
  return {
    hiddenErrorPaths,
    nodes,
    edges: laid,
    clusters,
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    start: machine.StartAt,
  };
}

// ── Where the execution went ────────────────────────────────────────────────────────────────

export interface ExecutionMarks {
  /** Node ids the execution entered, with how many times. */
  visited: Map<string, number>;
  current: Set<string>;
  failed: Set<string>;
  takenEdges: Set<string>;
  finished: boolean;
}

const FAILURE = /(Failed|TimedOut)$/;
const SUCCESS = /^(TaskSucceeded|LambdaFunctionSucceeded)$/;
const FINISHED = /^Execution(Succeeded|Failed|Aborted|TimedOut)$/;

/**
 * Marks the path taken, the current states and the failed ones from the execution's history. The
 * API's own `currentStates`/`failedStates` win when it sends them; otherwise they are read from
 * the events: a state entered and not yet exited is current; a Task whose last outcome before it
 * exited was a failure (a Catch took it elsewhere) is failed, and so is a Fail state reached.
 */
export function executionMarks(
  wf: WorkflowLayout,
  events: ExecutionStep[],
  given: { status?: string; currentStates?: string[]; failedStates?: string[] } = {},
): ExecutionMarks {
  const nodeById = new Map(wf.nodes.map((n) => [n.id, n]));
  const visited = new Map<string, number>();
  const open = new Map<string, number>();
  const failedNow = new Set<string>();
  const failed = new Set<string>();
  const lastExit = new Map<string, number>();
  const takenEdges = new Set<string>();
  const incoming = new Map<string, GraphEdge[]>();
  for (const e of wf.edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  const openTasks: string[] = [];
  let finished = given.status ? given.status !== 'RUNNING' : false;
  const ordered = [...events].sort((a, b) => a.id - b.id);
  for (const ev of ordered) {
    if (FINISHED.test(ev.type)) finished = true;
    const state = ev.state;
    if (ev.type.endsWith('StateEntered') && state) {
      visited.set(state, (visited.get(state) ?? 0) + 1);
      open.set(state, (open.get(state) ?? 0) + 1);
      failedNow.delete(state);
      // The edge that brought the execution here: the source that exited last before this entry.
      let best: GraphEdge | undefined;
      let bestAt = -1;
      for (const e of incoming.get(state) ?? []) {
        const at = lastExit.get(e.from) ?? -1;
        if (at > bestAt) {
          best = e;
          bestAt = at;
        }
      }
      if (best) takenEdges.add(best.id);
      if (nodeById.get(state)?.role === 'fork') lastExit.set(state, ev.id);
      if (nodeById.get(state)?.type === 'Task') openTasks.push(state);
      if (nodeById.get(state)?.type === 'Fail') failed.add(state);
    } else if (ev.type.endsWith('StateExited') && state) {
      open.set(state, Math.max(0, (open.get(state) ?? 1) - 1));
      const node = nodeById.get(state);
      const exitNode = node?.role === 'fork' ? joinId(state) : state;
      if (node?.role === 'fork') {
        visited.set(exitNode, (visited.get(exitNode) ?? 0) + 1);
        for (const e of incoming.get(exitNode) ?? []) if (visited.has(e.from)) takenEdges.add(e.id);
      }
      lastExit.set(exitNode, ev.id);
      const i = openTasks.lastIndexOf(state);
      if (i >= 0) openTasks.splice(i, 1);
      if (failedNow.has(state)) failed.add(state);
      else failed.delete(state);
      failedNow.delete(state);
    } else if (FAILURE.test(ev.type) && !ev.type.startsWith('Execution')) {
      const task = openTasks.at(-1);
      if (task) failedNow.add(task);
    } else if (SUCCESS.test(ev.type)) {
      const task = openTasks.at(-1);
      if (task) failedNow.delete(task);
    }
  }
  const current = new Set<string>(
    given.currentStates ?? (finished ? [] : [...open].filter(([, n]) => n > 0).map(([s]) => s)),
  );
  // A Parallel state is "current" only through its branches.
  for (const s of [...current]) if (nodeById.get(s)?.role === 'fork') current.delete(s);
  if (given.failedStates) for (const s of given.failedStates) failed.add(s);
  for (const s of failedNow) if (finished) failed.add(s);
  return { visited, current, failed, takenEdges, finished };
}
