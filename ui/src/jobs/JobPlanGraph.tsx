// A job's plan as a graph: its vertices (name, parallelism, state, records in/out) laid out
// left to right with the lineage view's dagre layout, drawn with @xyflow/react. Loaded lazily.
import { memo, useMemo } from "react";
import { Background, Controls, Handle, Position, ReactFlow } from "@xyflow/react";
import type { Edge, Node, NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { VertexRow } from "../ipc/bindings";
import { layout } from "../lineage/layout";
import type { ColumnEdge } from "../lineage/types";
import { count, duration, perSecond, pressureTone, rate, stateTone } from "./format";

const WIDTH = 250;
/** Four text rows: the lineage layout sizes a node by its rows. */
const ROWS = 4;

type VertexNode = Node<{ vertex: VertexRow }, "vertex">;

const VertexBox = memo(function VertexBox({ data }: NodeProps<VertexNode>) {
  const v = data.vertex;
  return (
    <div className={`job-vertex tone-${stateTone(v.state)}`} data-testid="job-plan-node" data-vertex-id={v.id}>
      <Handle type="target" position={Position.Left} />
      <div className="job-vertex-name" title={v.name}>
        {v.name}
      </div>
      <div className="job-vertex-meta">
        <span>×{v.parallelism}</span>
        <span className={`job-state tone-${stateTone(v.state)}`}>{v.state}</span>
      </div>
      <div className="job-vertex-meta">
        <span>in {count(v.recordsIn)}</span>
        <span>out {count(v.recordsOut)}</span>
      </div>
      {v.live && (
        <div className="job-vertex-meta" data-testid="job-plan-node-live">
          <span title="records in / out per second">
            {rate(v.live.recordsInPerSecond)} → {rate(v.live.recordsOutPerSecond)}
          </span>
          <span
            className={`job-pressure pressure-${pressureTone(v.live.backpressuredMsPerSecond)}`}
            title="backpressured time of the most backpressured subtask"
          >
            bp {perSecond(v.live.backpressuredMsPerSecond)}
          </span>
          {v.live.watermarkLagMs != null && <span title="input watermark lag">wm −{duration(v.live.watermarkLagMs)}</span>}
        </div>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

const nodeTypes = { vertex: VertexBox };

/** Nodes and edges for xyflow, placed by the lineage layout. */
export function planGraph(vertices: VertexRow[]): { nodes: VertexNode[]; edges: Edge[] } {
  const ids = new Set(vertices.map((v) => v.id));
  const links = vertices.flatMap((v) =>
    v.inputs.filter((i) => ids.has(i.id)).map((i) => ({ from: i.id, to: v.id, label: i.shipStrategy })),
  );
  // The layout reads only tables' names and column counts, and edges' tables.
  const boxes = layout(
    {
      tables: vertices.map((v) => ({ name: v.id, columns: new Array<string>(ROWS).fill("") })),
      edges: links.map((l) => ({ from: { table: l.from, column: "" }, to: { table: l.to, column: "" } }) as unknown as ColumnEdge),
    },
    { width: () => WIDTH, rankSep: 70, nodeSep: 24 },
  );
  const nodes: VertexNode[] = vertices.map((v) => {
    const b = boxes.get(v.id) ?? { x: 0, y: 0, width: WIDTH, height: 100 };
    return { id: v.id, type: "vertex", position: { x: b.x, y: b.y }, data: { vertex: v }, style: { width: b.width } };
  });
  const edges: Edge[] = links.map((l, i) => ({
    id: `e${i}`,
    source: l.from,
    target: l.to,
    label: l.label ?? undefined,
    className: "job-plan-edge",
  }));
  return { nodes, edges };
}

export default function JobPlanGraph({ vertices }: { vertices: VertexRow[] }) {
  const { nodes, edges } = useMemo(() => planGraph(vertices), [vertices]);
  return (
    <ReactFlow<VertexNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      fitView
      minZoom={0.2}
      nodesDraggable={false}
      nodesConnectable={false}
      proOptions={{ hideAttribution: true }}
      colorMode="dark"
    >
      <Background gap={16} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
