import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from "../src/password";
import { hasRole } from "../src/roles";

describe("passwords", () => {
  it("are hashed with argon2id and verified", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });

  it("two hashes of one password differ (salted)", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("an unreadable hash verifies as false instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("generated passwords have the asked length and no look-alike characters", () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(new Set(passwords).size).toBe(200);
    expect(generatePassword(32)).toHaveLength(32);
  });

  it.each([
    ["short", "a password needs at least 12 characters"],
    ["x".repeat(201), "a password has at most 200 characters"],
    ["twelve chars", null],
  ])("passwordProblem(%j) is %j", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
});

describe("roles", () => {
  it.each([
    ["admin", "manager", true],
    ["admin", "viewer", true],
    ["manager", "viewer", true],
    ["manager", "admin", false],
    ["viewer", "manager", false],
    ["viewer", "viewer", true],
  ] as const)("%s has %s: %s", (role, required, expected) => {
    expect(hasRole(role, required)).toBe(expected);
  });
});
