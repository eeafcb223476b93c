"use client";

import { memo } from "react";
import { ResponsiveContainer, Sankey, type SankeyNodeProps, Tooltip } from "recharts";
import { chartColour } from "./chart-theme";
import { ChartTooltipBox } from "./chart-tooltip";
import { sameProps } from "./same-props";

export interface PathsSankeyNode {
  /** Unique per node: the same step at two depths is two nodes. */
  id: string;
  label: string;
  depth: number;
  /** Customers flowing through the node (for its label). */
  customers: number;
  /** The start, or the node grouping the other paths: drawn apart. */
  kind?: "start" | "other";
}

export interface PathsSankeyLink {
  source: string;
  target: string;
  customers: number;
  share: number | null;
  medianSeconds: number | null;
}

export interface PathsSankeyProps {
  nodes: PathsSankeyNode[];
  links: PathsSankeyLink[];
  formatNumber: (value: number) => string;
  formatPercent: (value: number) => string;
  formatDuration: (seconds: number) => string;
  labels: { customers: string; share: string; medianTime: string; noTime: string };
  ariaLabel: string;
  height?: number;
}

const LABEL_CHARS = 22;

function shorten(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** The data item recharts hands the tooltip: a link or a node, as given in `data`. */
function hovered(payload: ReadonlyArray<{ payload?: unknown }> | undefined): unknown {
  const item = payload?.[0]?.payload;
  if (typeof item === "object" && item !== null && "payload" in item) return item.payload;
  return item;
}

function PathsSankeyView({
  nodes,
  links,
  formatNumber,
  formatPercent,
  formatDuration,
  labels,
  ariaLabel,
  height = 420,
}: PathsSankeyProps) {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const maxDepth = nodes.reduce((m, n) => Math.max(m, n.depth), 0);
  const data = {
    nodes: nodes.map((n) => ({ ...n, name: n.label })),
    links: links.flatMap((l, i) => {
      const source = index.get(l.source);
      const target = index.get(l.target);
      return source === undefined || target === undefined || l.customers <= 0
        ? []
        : [{ source, target, value: l.customers, linkIndex: i }];
    }),
  };
  const summary = links
    .map((l) => {
      const from = nodes[index.get(l.source) ?? -1]?.label ?? l.source;
      const to = nodes[index.get(l.target) ?? -1]?.label ?? l.target;
      return `${from} → ${to}: ${formatNumber(l.customers)}`;
    })
    .join("; ");

  const renderNode = (props: SankeyNodeProps) => {
    const node = nodes[props.index];
    if (!node) return <g />;
    const last = node.depth === maxDepth && maxDepth > 0;
    const fill =
      node.kind === "other"
        ? "var(--muted-foreground)"
        : chartColour(node.kind === "start" ? 0 : 1);
    const textX = last ? props.x - 6 : props.x + props.width + 6;
    return (
      <g>
        <rect
          x={props.x}
          y={props.y}
          width={props.width}
          height={Math.max(props.height, 1)}
          fill={fill}
          rx={2}
        />
        <text
          x={textX}
          y={props.y + props.height / 2}
          textAnchor={last ? "end" : "start"}
          dominantBaseline="middle"
          fontSize={12}
          fill="var(--foreground)"
        >
          <title>{node.label}</title>
          {shorten(node.label)}
          <tspan fill="var(--muted-foreground)"> {formatNumber(node.customers)}</tspan>
        </text>
      </g>
    );
  };

  return (
    <div role="img" aria-label={`${ariaLabel}. ${summary}`} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <Sankey
          data={data}
          node={renderNode}
          link={{ stroke: "var(--chart-2)", strokeOpacity: 0.3 }}
          nodeWidth={10}
          nodePadding={18}
          iterations={32}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <Tooltip
            content={(props) => {
              const item = hovered(props.payload);
              if (typeof item !== "object" || item === null) return null;
              if ("linkIndex" in item && typeof item.linkIndex === "number") {
                const link = links[item.linkIndex];
                if (!link) return null;
                const from = nodes[index.get(link.source) ?? -1]?.label ?? "";
                const to = nodes[index.get(link.target) ?? -1]?.label ?? "";
                return (
                  <ChartTooltipBox
                    title={`${from} → ${to}`}
                    lines={[
                      { key: "c", label: labels.customers, value: formatNumber(link.customers) },
                      {
                        key: "s",
                        label: labels.share,
                        value: link.share === null ? "—" : formatPercent(link.share),
                      },
                      {
                        key: "t",
                        label: labels.medianTime,
                        value:
                          link.medianSeconds === null
                            ? labels.noTime
                            : formatDuration(link.medianSeconds),
                      },
                    ]}
                  />
                );
              }
              if ("id" in item && typeof item.id === "string") {
                const node = nodes[index.get(item.id) ?? -1];
                if (!node) return null;
                return (
                  <ChartTooltipBox
                    title={node.label}
                    lines={[
                      { key: "c", label: labels.customers, value: formatNumber(node.customers) },
                    ]}
                  />
                );
              }
              return null;
            }}
          />
        </Sankey>
      </ResponsiveContainer>
    </div>
  );
}

/** Redrawn only when its props change by content (see same-props.ts). */
export const PathsSankey = memo(PathsSankeyView, sameProps);
