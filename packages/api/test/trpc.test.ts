import type { Database } from "@parcours/db";
import { postgresEngine } from "@parcours/db/metrics/engine";
import { CatalogueError, UnknownKeyError } from "@parcours/db/queries";
import { coded } from "@parcours/validators";
import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createCallerFactory, createTRPCRouter, viewerProcedure } from "../src/trpc";

/** Procedures that fail the way the data layer can, to pin how each failure reaches a client. */
const router = createTRPCRouter({
  throws: viewerProcedure
    .input(z.enum(["unknown", "catalogue", "range", "bug"]))
    .query(({ input }) => {
      if (input === "unknown") throw new UnknownKeyError("stage", ["nirvana", "limbo"]);
      if (input === "catalogue") throw new CatalogueError(coded("noConversionStage"));
      if (input === "range") throw new RangeError("a funnel has from 2 to 10 steps");
      throw new Error("connection reset");
    }),
});

// None of these procedures touches the database.
const caller = createCallerFactory(router)({
  db: {} as Database,
  metrics: postgresEngine().on({} as Database),
  headers: new Headers(),
  user: { id: 1, email: "viewer@example.com", name: "", role: "viewer" },
  catalogue: () => Promise.reject(new Error("not used")),
});

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe("viewerProcedure error mapping", () => {
  it.each([
    ["unknown", "BAD_REQUEST", "unknown stages: nirvana, limbo"],
    ["catalogue", "PRECONDITION_FAILED", "the catalogue has no conversion stage"],
    ["range", "BAD_REQUEST", "a funnel has from 2 to 10 steps"],
  ] as const)("a %s error is %s with its message", async (kind, code, message) => {
    expect(await failure(caller.throws(kind))).toEqual({ code, message });
  });

  it("a bug is INTERNAL_SERVER_ERROR with a reference to the log instead of its message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await failure(caller.throws("bug"))).toEqual({
        code: "INTERNAL_SERVER_ERROR",
        message: expect.stringMatching(
          /^something went wrong on our side; the error is logged under reference [0-9a-f]{12}$/,
        ),
      });
      expect(String(logged.mock.calls[0]?.[1])).toMatch(/connection reset/);
    } finally {
      logged.mockRestore();
    }
  });

  it("an input error is a BAD_REQUEST whose message names the field", async () => {
    const result = await failure(caller.throws("nope" as never));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(/^Invalid option: expected one of/);
  });
});
