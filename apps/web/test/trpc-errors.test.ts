import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isUnexpectedError, shouldRetryQuery } from "../src/trpc/retry";
import { translateError } from "../src/trpc/translate-errors";

/** A tRPC error as the client builds it from the server's answer. */
function answered(httpStatus: number, code: string): TRPCClientError<never> {
  return TRPCClientError.from({
    error: { code: -32600, message: "refused", data: { code, httpStatus } },
  }) as TRPCClientError<never>;
}

describe("tRPC errors in the browser", () => {
  it("logs what the user cannot fix: a server fault or no answer", () => {
    expect(isUnexpectedError(answered(500, "INTERNAL_SERVER_ERROR"))).toBe(true);
    expect(isUnexpectedError(answered(503, "SERVICE_UNAVAILABLE"))).toBe(true);
    expect(isUnexpectedError(new TRPCClientError("Failed to fetch"))).toBe(true);
    expect(isUnexpectedError(new TypeError("network"))).toBe(true);
  });

  it("does not log a refusal of the user's input or rights", () => {
    for (const [status, code] of [
      [400, "BAD_REQUEST"],
      [403, "FORBIDDEN"],
      [404, "NOT_FOUND"],
      [409, "CONFLICT"],
      [412, "PRECONDITION_FAILED"],
      [429, "TOO_MANY_REQUESTS"],
    ] as const) {
      expect(isUnexpectedError(answered(status, code)), code).toBe(false);
    }
  });

  it("retries a server fault once more, never a client's mistake nor a cut query", () => {
    expect(shouldRetryQuery(0, answered(500, "INTERNAL_SERVER_ERROR"))).toBe(true);
    expect(shouldRetryQuery(2, answered(500, "INTERNAL_SERVER_ERROR"))).toBe(false);
    expect(shouldRetryQuery(0, answered(400, "BAD_REQUEST"))).toBe(false);
    expect(shouldRetryQuery(0, answered(503, "SERVICE_UNAVAILABLE"))).toBe(false);
    expect(shouldRetryQuery(0, new TypeError("network"))).toBe(true);
  });
});

describe("the server's messages in the reader's language", () => {
  /** A 400 as the server sends it: English text, and each field's message by code. */
  const invalid = TRPCClientError.from({
    error: {
      code: -32600,
      message:
        "email: enter a valid email address; password: a password needs at least 12 characters",
      data: {
        code: "BAD_REQUEST",
        httpStatus: 400,
        zodError: { formErrors: [], fieldErrors: { email: ["enter a valid email address"] } },
        coded: null,
        issues: [
          { path: ["email"], message: { code: "invalidEmail" } },
          { path: ["password"], message: { code: "tooShort", params: { minimum: 12 } } },
        ],
      },
    },
  }) as TRPCClientError<never>;

  it("puts each field's message in French, where the forms read it", () => {
    const error = translateError(invalid, "fr");
    expect(error.data?.zodError?.fieldErrors).toEqual({
      email: ["doit être une adresse e-mail valide"],
      password: ["doit compter au moins 12 caractères"],
    });
    expect(error.message).toBe(
      "email\u00a0: doit être une adresse e-mail valide\u202f; password\u00a0: doit compter au moins 12 caractères",
    );
    expect(error.data?.httpStatus).toBe(400);
  });

  it("formats a refusal given by code, and leaves an uncoded one as the server wrote it", () => {
    const taken = TRPCClientError.from({
      error: {
        code: -32009,
        message: "a user with the email a@b.fr already exists",
        data: {
          code: "CONFLICT",
          httpStatus: 409,
          coded: { code: "userEmailTaken", params: { email: "a@b.fr" } },
          issues: null,
        },
      },
    }) as TRPCClientError<never>;
    expect(translateError(taken, "fr").message).toBe("un utilisateur a déjà l’adresse a@b.fr");
    expect(translateError(taken, "en").message).toBe("a user with the email a@b.fr already exists");
    const plain = answered(409, "CONFLICT");
    expect(translateError(plain, "fr")).toBe(plain);
  });
});
