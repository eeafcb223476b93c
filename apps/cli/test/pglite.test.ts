import { cliSuite } from "./suite";

cliSuite("pglite");
