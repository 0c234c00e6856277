import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ExecutionMarks, GraphEdge, GraphNode, WorkflowLayout } from './graph.ts';
import { stateWords } from './history.ts';

/**
 * The execution drawn on the state machine: every state and transition of the definition, the
 * path taken in solid blue, the current state(s) outlined and labelled "now", failed states in red
 * with a cross. Colour is never the only cue: marks also change the outline, the text and the
 * node's accessible name.
 */

const path = (points: { x: number; y: number }[]) => {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first!.x},${first!.y}`;
  // A smooth curve through dagre's bend points (quadratic segments between midpoints).
  let d = `M${first!.x},${first!.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1]!;
  return `${d} L${last.x},${last.y}`;
};

function nodeMark(node: GraphNode, marks: ExecutionMarks): string[] {
  const m: string[] = [];
  if (marks.visited.has(node.id)) m.push('visited');
  if (marks.current.has(node.id)) m.push('current');
  if (marks.failed.has(node.id)) m.push('failed');
  return m;
}

function nodeName(node: GraphNode, mark: string[], count: number): string {
  const what =
    node.role === 'join'
      ? `${node.state}: branches joined`
      : `${stateWords(node.state, false)} — ${node.state} (${node.type})`;
  const how = mark.includes('failed')
    ? 'failed'
    : mark.includes('current')
      ? 'current state'
      : mark.includes('visited')
        ? `passed${count > 1 ? ` ${count} times` : ''}`
        : 'not reached';
  return `${what}: ${how}`;
}

function Node({ node, marks }: { node: GraphNode; marks: ExecutionMarks }) {
  const mark = nodeMark(node, marks);
  const count = marks.visited.get(node.id) ?? 0;
  const x = node.x - node.width / 2;
  const y = node.y - node.height / 2;
  const shape =
    node.type === 'Choice' ? 'choice' : node.type === 'Succeed' || node.type === 'Fail' ? 'end' : node.role;
  return (
    <g class={`node node-${shape} ${mark.join(' ')}`} data-state={node.id} data-mark={mark.join(' ')}>
      <title>{nodeName(node, mark, count)}</title>
      <rect
        x={x}
        y={y}
        width={node.width}
        height={node.height}
        rx={shape === 'end' ? node.height / 2 : shape === 'choice' ? 2 : 6}
      />
      <text x={node.x} y={node.y + 4} text-anchor="middle">
        {mark.includes('failed') ? '✕ ' : mark.includes('current') ? '▶ ' : ''}
        {node.label}
      </text>
      {count > 1 ? (
        <text class="count" x={x + node.width - 4} y={y + 10} text-anchor="end">
          ×{count}
        </text>
      ) : null}
      {mark.includes('current') ? (
        <text class="now" x={x + node.width + 6} y={node.y + 4}>
          now
        </text>
      ) : null}
    </g>
  );
}

function Edge({ edge, taken }: { edge: GraphEdge; taken: boolean }) {
  return (
    <g class={`edge edge-${edge.kind}${taken ? ' taken' : ''}`} data-edge={edge.id}>
      <path
        d={path(edge.points)}
        marker-end={`url(#arrow${taken ? '-taken' : edge.kind === 'catch' ? '-catch' : ''})`}
      />
      {edge.label && edge.labelAt ? (
        <text x={edge.labelAt.x} y={edge.labelAt.y + 3} text-anchor="middle">
          {edge.label}
        </text>
      ) : null}
    </g>
  );
}

export function WorkflowGraph(props: { layout: WorkflowLayout; marks: ExecutionMarks; title: string }) {
  const { layout, marks } = props;
  const box = useRef<HTMLElement>(null);
  const current = useMemo(() => [...marks.current].sort().join(','), [marks]);
  // Bring the current state into view once per change (the graph is taller than the panel).
  useEffect(() => {
    const el = box.current?.querySelector<SVGGElement>('.node.current, .node.failed');
    const panel = box.current;
    if (!el || !panel) return;
    const r = el.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    if (r.top < p.top || r.bottom > p.bottom) panel.scrollTop += r.top - p.top - p.height / 3;
    if (r.left < p.left || r.right > p.right) panel.scrollLeft += r.left - p.left - p.width / 3;
  }, [current]);
  const summary = [
    marks.current.size
      ? `now in ${[...marks.current].join(', ')}`
      : marks.finished
        ? 'finished'
        : 'not started',
    marks.failed.size ? `failed in ${[...marks.failed].join(', ')}` : '',
    `${marks.visited.size} of ${layout.nodes.length} states reached`,
  ]
    .filter(Boolean)
    .join('; ');
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable panel must be reachable by keyboard to scroll it (WCAG 2.1.1)
    <section class="graph-panel" ref={box} tabIndex={0} aria-label={`${props.title} (scrollable)`}>
      <svg
        class="workflow-graph"
        viewBox={`0 0 ${layout.width + 40} ${layout.height}`}
        width={layout.width + 40}
        height={layout.height}
        role="img"
        aria-label={`${props.title}: ${summary}`}
      >
        <defs>
          {(['', '-taken', '-catch'] as const).map((s) => (
            <marker
              key={s}
              id={`arrow${s}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" class={`arrowhead${s}`} />
            </marker>
          ))}
        </defs>
        {layout.clusters.map((c) => (
          <g class="cluster" key={c.id}>
            <rect x={c.x} y={c.y} width={c.width} height={c.height} rx={8} />
            <text x={c.x + 8} y={c.y + 12}>
              {c.label}
            </text>
          </g>
        ))}
        {layout.edges.map((e) => (
          <Edge key={e.id} edge={e} taken={marks.takenEdges.has(e.id)} />
        ))}
        {layout.nodes.map((n) => (
          <Node key={n.id} node={n} marks={marks} />
        ))}
      </svg>
    </section>
  );
}

export function GraphLegend() {
  return (
    <ul class="legend" aria-label="Legend">
      <li>
        <span class="swatch visited" /> passed
      </li>
      <li>
        <span class="swatch current" /> ▶ current (now)
      </li>
      <li>
        <span class="swatch failed" /> ✕ failed
      </li>
      <li>
        <span class="swatch line taken" /> path taken
      </li>
      <li>
        <span class="swatch line catch" /> on error (Catch)
      </li>
      <li>
        <span class="swatch line choice" /> choice
      </li>
    </ul>
  );
}
