import { afterEach, describe, expect, it, vi } from "vitest";
import { engineFromEnv, getMetricEngine } from "../../src/metrics/engine";

const ENGINE_KEY = Symbol.for("parcours.metrics.engine");

describe("the metric engine", () => {
  afterEach(async () => {
    const g = globalThis as { [ENGINE_KEY]?: { close(): Promise<void> } };
    await g[ENGINE_KEY]?.close();
    delete g[ENGINE_KEY];
    vi.unstubAllEnvs();
  });

  it("is PostgreSQL without CLICKHOUSE_URL (an empty value included), ClickHouse with it", async () => {
    expect(engineFromEnv(undefined).kind).toBe("postgres");
    expect(engineFromEnv("").kind).toBe("postgres");
    const engine = engineFromEnv("http://127.0.0.1:8123/parcours");
    expect(engine).toMatchObject({
      kind: "clickhouse",
      location: "http://127.0.0.1:8123/parcours",
    });
    await engine.close();
  });

  it("is chosen once per process: later changes to CLICKHOUSE_URL do not switch it", () => {
    vi.stubEnv("CLICKHOUSE_URL", "http://127.0.0.1:8123/parcours");
    const first = getMetricEngine();
    expect(first.kind).toBe("clickhouse");
    vi.stubEnv("CLICKHOUSE_URL", "");
    expect(getMetricEngine()).toBe(first);
  });
});
