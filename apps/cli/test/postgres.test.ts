import { describe, it } from "vitest";
import { cliSuite } from "./suite";

if (process.env.DATABASE_URL) {
  cliSuite("postgres");
} else {
  describe("parcours CLI on postgres", () => {
    it.skip("needs DATABASE_URL (a server where throw-away databases can be created)", () => {});
  });
}
