import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { KpiCard } from "../src/kpi-card";

describe("KpiCard server markup", () => {
  it("parses back to itself with a block in its note, so it hydrates (no <details> inside a <p>)", () => {
    const html = renderToString(
      <KpiCard
        label="Conversion"
        value={0.46}
        previous={0.47}
        format={String}
        formatChange={String}
        changeLabel="vs previous period"
        sampleNote={
          <>
            457 of 981 converted
            <details>
              <summary>How is this computed?</summary>
              <p>Active customers who reached the conversion stage.</p>
            </details>
          </>
        }
      />,
    );
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    expect(parsed.body.innerHTML).toBe(html);
  });
});
