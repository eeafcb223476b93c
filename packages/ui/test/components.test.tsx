import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ChartFrame } from "../src/chart-frame";
import { FunnelChart } from "../src/funnel-chart";
import { Heatmap } from "../src/heatmap";
import { KpiCard } from "../src/kpi-card";
import { MultiSelect } from "../src/multi-select";

afterEach(cleanup);

const number = (v: number) => v.toLocaleString("en-GB");
const percent = (v: number) => `${(v * 100).toFixed(0)}%`;
const signed = (v: number) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)}%`;

describe("KpiCard", () => {
  it("shows the value, the signed change and the previous value in the title", () => {
    render(
      <KpiCard
        label="Revenue"
        value={1200}
        previous={1000}
        format={number}
        formatChange={signed}
        changeLabel="vs previous period"
        previousLabel="Previous period"
      />,
    );
    expect(screen.getByText("1,200")).toBeTruthy();
    const change = screen.getByText("+20.0%");
    expect(change.className).toContain("text-positive");
    expect(change.closest("p")?.getAttribute("title")).toBe("Previous period: 1,000");
  });

  it("shows a change that rounds to zero (3.72 vs 3.69 → 0.0) as no change, not as a fall", () => {
    render(
      <KpiCard
        label="Satisfaction"
        value={3.72}
        previous={3.74}
        format={(v) => v.toFixed(1)}
        formatChange={(v) => v.toFixed(1)}
        changeMode="absolute"
        changeLabel="vs previous period"
      />,
    );
    const change = screen.getByText("0.0");
    expect(change.className).not.toContain("text-negative");
    expect(change.className).not.toContain("text-positive");
  });

  it("colours a rise negative when lower is better, and explains a missing value", () => {
    const { rerender } = render(
      <KpiCard
        label="Returns"
        value={30}
        previous={20}
        format={number}
        formatChange={signed}
        changeLabel="vs previous period"
        invert
      />,
    );
    expect(screen.getByText("+50.0%").className).toContain("text-negative");
    rerender(
      <KpiCard
        label="Returns"
        value={null}
        previous={20}
        format={number}
        formatChange={signed}
        changeLabel="vs previous period"
        unavailableLabel="No data"
      />,
    );
    expect(screen.getByText("—")).toBeTruthy();
    expect(screen.getByText("No data")).toBeTruthy();
  });
});

describe("ChartFrame", () => {
  it("switches between the chart and an accessible table of the same rows", () => {
    render(
      <ChartFrame
        title="Funnel"
        columns={[
          { key: "stage", label: "Stage" },
          {
            key: "rate",
            label: "Conversion",
            numeric: true,
            format: (v) => (typeof v === "number" ? percent(v) : "—"),
          },
        ]}
        rows={[
          { stage: "Discovery", rate: 1 },
          { stage: "Purchase", rate: 0.25 },
        ]}
        csvFilename="funnel.csv"
        labels={{ showTable: "Show table", showChart: "Show chart", downloadCsv: "Download CSV" }}
      >
        <div>the chart</div>
      </ChartFrame>,
    );
    expect(screen.getByText("the chart")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Show table" }));
    const table = screen.getByRole("table", { name: "Funnel" });
    expect(within(table).getByRole("rowheader", { name: "Purchase" })).toBeTruthy();
    expect(within(table).getByText("25%")).toBeTruthy();
    expect(screen.queryByText("the chart")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show chart" }));
    expect(screen.getByText("the chart")).toBeTruthy();
  });
});

describe("Heatmap", () => {
  it("groups rows by channel, colours sufficient cells and hatches the rest", () => {
    render(
      <Heatmap
        stages={[
          { key: "discovery", label: "Discovery" },
          { key: "purchase", label: "Purchase" },
        ]}
        groups={[
          {
            key: "web",
            label: "Web",
            rows: [
              {
                key: "site",
                label: "Website",
                cells: [
                  {
                    stage: "discovery",
                    value: 4.2,
                    n: 120,
                    sufficient: true,
                    display: "4.2",
                    tooltip: "4.2 (n = 120)",
                  },
                  {
                    stage: "purchase",
                    value: 2,
                    n: 4,
                    sufficient: false,
                    display: "n = 4",
                    tooltip: "Too few ratings (n = 4)",
                  },
                ],
              },
            ],
          },
        ]}
        metric="satisfaction"
        formatValue={(v) => String(v)}
        labels={{
          caption: "Heatmap",
          corner: "Touchpoint",
          legend: "Satisfaction",
          insufficient: "Too few ratings",
        }}
      />,
    );
    const table = screen.getByRole("table", { name: "Heatmap" });
    expect(within(table).getByRole("columnheader", { name: "Web" })).toBeTruthy();
    const good = within(table).getByRole("cell", { name: "4.2" });
    expect(good.getAttribute("style")).toContain("var(--heat-div-5)");
    expect(good.tabIndex).toBe(0);
    const few = within(table).getByRole("cell", { name: "n = 4" });
    expect(few.className).toContain("bg-hatch");
    expect(few.getAttribute("style")).toBeNull();
  });
});

describe("Heatmap cell links", () => {
  const cell = (stage: string, display: string) => ({
    stage,
    value: 10,
    n: 10,
    sufficient: true,
    display,
    tooltip: display,
  });
  const props = {
    stages: [
      { key: "discovery", label: "Discovery" },
      { key: "purchase", label: "Purchase" },
    ],
    groups: [
      {
        key: "web",
        label: "Web",
        rows: [{ key: "site", label: "Website", cells: [cell("discovery", "12")] }],
      },
    ],
    metric: "volume" as const,
    formatValue: (v: number) => String(v),
    labels: { caption: "Heatmap", corner: "Touchpoint", legend: "Volume", insufficient: "-" },
  };

  it("makes each cell with a figure a labelled link to its customers, and only those", () => {
    const asked: string[] = [];
    render(
      <Heatmap
        {...props}
        cellLink={(row, stage) => {
          asked.push(`${row}×${stage}`);
          return {
            href: `/customers?cell=${row}.${stage}`,
            label: `Customers of ${row} in ${stage}`,
          };
        }}
      />,
    );
    const link = screen.getByRole("link", { name: "Customers of site in discovery: 12" });
    expect(link.getAttribute("href")).toBe("/customers?cell=site.discovery");
    // The empty purchase cell has no figure and no link.
    expect(screen.getAllByRole("link")).toHaveLength(1);
    expect(asked).toContain("site×discovery");
  });

  it("without cellLink the cell stays a focusable figure, not a link", () => {
    render(<Heatmap {...props} />);
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByRole("cell", { name: "12" }).tabIndex).toBe(0);
  });
});

describe("MultiSelect", () => {
  it("shows All when nothing is selected, the option when one is and a count otherwise", () => {
    const props = {
      label: "Personas",
      options: [
        { value: "a", label: "Alice" },
        { value: "b", label: "Bob" },
      ],
      onChange: () => {},
      labels: { all: "All", clear: "Clear", selected: (n: number) => `${n} selected` },
    };
    const { rerender } = render(<MultiSelect {...props} value={[]} />);
    expect(screen.getByRole("button", { name: "Personas: All" })).toBeTruthy();
    rerender(<MultiSelect {...props} value={["b"]} />);
    expect(screen.getByRole("button", { name: "Personas: Bob" })).toBeTruthy();
    rerender(<MultiSelect {...props} value={["a", "b"]} />);
    expect(screen.getByRole("button", { name: "Personas: 2 selected" })).toBeTruthy();
  });
});

describe("FunnelChart", () => {
  it("names the chart with a summary of every step", () => {
    render(
      <FunnelChart
        steps={[
          {
            key: "a",
            label: "Discovery",
            customers: 1000,
            conversionFromPrevious: null,
            conversionOverall: 1,
            dropOff: 0,
            medianSecondsToStep: 0,
          },
          {
            key: "b",
            label: "Purchase",
            customers: 250,
            conversionFromPrevious: 0.25,
            conversionOverall: 0.25,
            dropOff: 750,
            medianSecondsToStep: 3600,
          },
        ]}
        formatNumber={number}
        formatPercent={percent}
        formatDuration={(s) => `${s / 3600} h`}
        labels={{
          customers: "Customers",
          conversionFromPrevious: "from previous step",
          conversionOverall: "of entrants",
          dropOff: "Drop-off",
          medianTime: "Median time",
        }}
        ariaLabel="Funnel"
      />,
    );
    expect(
      screen.getByRole("img", { name: "Funnel. Discovery: 1,000 (100%); Purchase: 250 (25%)" }),
    ).toBeTruthy();
  });
});
