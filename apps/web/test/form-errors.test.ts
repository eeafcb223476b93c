import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { formErrors } from "../src/components/admin/error-message";

function refused(message: string, data: Record<string, unknown>): TRPCClientError<never> {
  return TRPCClientError.from({
    error: { code: -32600, message, data: { httpStatus: 400, ...data } },
  }) as TRPCClientError<never>;
}

describe("formErrors: one reading of a refused form for every form", () => {
  it("field messages go beside their fields, and the form has no message of its own", () => {
    const error = refused("name: required", {
      code: "BAD_REQUEST",
      zodError: { fieldErrors: { name: ["a view needs a name", "second"] } },
    });
    expect(formErrors(error, "try again")).toEqual({
      fields: { name: "a view needs a name" },
      general: null,
    });
  });

  it("a refusal about no field is the form's message; our own failure is the fallback", () => {
    expect(formErrors(refused("a stage with that key exists", { code: "CONFLICT" }), "x")).toEqual({
      fields: {},
      general: "a stage with that key exists",
    });
    const internal = refused("ref 42", { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 });
    expect(formErrors(internal, "try again").general).toBe("try again");
  });

  it("nothing failed: nothing to say", () => {
    expect(formErrors(null, "try again")).toEqual({ fields: {}, general: null });
  });
});
