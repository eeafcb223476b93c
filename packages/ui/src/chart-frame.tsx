"use client";

import { ChartColumn as ChartIcon, Download, Table2 } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { Button } from "./button";
import { Card } from "./card";
import { cn } from "./cn";
import { type CsvColumn, downloadCsv, toCsv } from "./csv";
import { Skeleton } from "./skeleton";

export type ChartValue = string | number | null;
export type ChartRow = Record<string, ChartValue>;

export interface ChartColumn extends CsvColumn {
  format?: (value: ChartValue) => string;
  numeric?: boolean;
}

export interface ChartFrameProps {
  title: ReactNode;
  description?: ReactNode;
  note?: ReactNode;
  columns: ChartColumn[];
  rows: ChartRow[];
  csvFilename: string;
  labels: { showTable: string; showChart: string; downloadCsv: string };
  actions?: ReactNode;
  loading?: boolean;
  empty?: ReactNode;
  height?: number;
  defaultView?: "chart" | "table";
  className?: string;
  children: ReactNode;
}

export function ChartFrame({
  title,
  description,
  note,
  columns,
  rows,
  csvFilename,
  labels,
  actions,
  loading = false,
  empty,
  height = 320,
  defaultView = "chart",
  className,
  children,
}: ChartFrameProps) {
  const [view, setView] = useState(defaultView);
  const tableId = useId();
  const ready = !loading && empty === undefined;

  const buttons = ready && (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-controls={tableId}
        aria-expanded={view === "table"}
        onClick={() => setView(view === "chart" ? "table" : "chart")}
      >
        {view === "chart" ? <Table2 aria-hidden="true" /> : <ChartIcon aria-hidden="true" />}
        {view === "chart" ? labels.showTable : labels.showChart}
      </Button>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => downloadCsv(csvFilename, toCsv(columns, rows))}
      >
        <Download aria-hidden="true" />
        {labels.downloadCsv}
      </Button>
    </>
  );

  return (
    <Card
      title={title}
      description={description}
      actions={
        actions !== undefined || ready ? (
          <>
            {actions}
            {buttons}
          </>
        ) : undefined
      }
      footer={note}
      className={className}
      aria-busy={loading || undefined}
    >
      {loading ? (
        <Skeleton style={{ height }} className="w-full" />
      ) : empty !== undefined ? (
        empty
      ) : view === "table" ? (
        <DataTable id={tableId} caption={title} columns={columns} rows={rows} />
      ) : (
        children
      )}
    </Card>
  );
}

function display(column: ChartColumn, value: ChartValue | undefined): string {
  if (value === undefined || value === null) return column.format ? column.format(null) : "—";
  return column.format ? column.format(value) : String(value);
}

function DataTable({
  id,
  caption,
  columns,
  rows,
}: {
  id: string;
  caption: ReactNode;
  columns: ChartColumn[];
  rows: ChartRow[];
}) {
  return (
    <div className="max-h-[28rem] overflow-auto rounded-md border border-border">
      <table id={id} className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-muted">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cn(
                  "whitespace-nowrap px-3 py-2 font-medium text-muted-foreground text-xs",
                  column.numeric ? "text-right" : "text-left",
                )}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows have no identity of their own; their order is the data's.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index} className="border-border border-t">
              {columns.map((column, c) => {
                const text = display(column, row[column.key]);
                const align = column.numeric ? "text-right tabular-nums" : "text-left";
                return c === 0 ? (
                  <th key={column.key} scope="row" className={cn("px-3 py-2 font-medium", align)}>
                    {text}
                  </th>
                ) : (
                  <td key={column.key} className={cn("px-3 py-2", align)}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
