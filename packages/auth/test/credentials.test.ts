import { describe, expect, it } from "vitest";
import { ZCredentialsSchema } from "../src/credentials";

describe("sign-in credentials", () => {
  it("takes an ordinary email and password", () => {
    expect(ZCredentialsSchema.safeParse({ email: " a@b.fr ", password: "x" }).data).toEqual({
      email: "a@b.fr",
      password: "x",
    });
  });

  it.each([
    ["NUL", "admin\u0000@parcours.local"],
    ["a newline", "admin@parcours.local\nx"],
    ["DEL", "admin\u007f@parcours.local"],
    ["half a surrogate pair", "admin\ud800@parcours.local"],
  ])("refuses an email holding %s before the database sees it", (_name, email) => {
    expect(ZCredentialsSchema.safeParse({ email, password: "secret" }).success).toBe(false);
  });
});
