// Builds the `parcours` command to plain JavaScript (dist/index.js), so that it starts without
// compiling TypeScript first: tsx took seconds before the first line of the command ran.
//
// The workspace packages' TypeScript source is bundled in. Native or heavy dependencies stay
// outside and are loaded from node_modules at run time (they are dependencies of this package
// for that reason): PGlite's WebAssembly, argon2's native binary, the two database clients,
// and the YAML parser (below).
//
// `node build.mjs` builds; `ensureBuilt()` (the launcher and the tests) builds only when an
// input of the last build changed, so that a stale build never runs.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cliRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(cliRoot, "..", "..");
const outdir = join(cliRoot, "dist");
export const outfile = join(outdir, "index.js");
const stampFile = join(cliRoot, "dist", "inputs.json");

const HOUR_MS = 3_600_000;

// yaml is loaded only by the catalogue's YAML forms (a dynamic import): from node_modules, Node
// gives its CommonJS exports their names, which a bundled copy would not.
const EXTERNAL = [
  "@electric-sql/pglite",
  "postgres",
  "@node-rs/argon2",
  "@clickhouse/client",
  "yaml",
];

/**
 * Files read besides the bundle's modules: a change to them changes what the bundle holds
 * (the externals' versions, the bundler's settings).
 */
const EXTRA_INPUTS = [
  join(cliRoot, "build.mjs"),
  join(cliRoot, "package.json"),
  join(cliRoot, "tsconfig.json"),
  join(repoRoot, "tsconfig.base.json"),
  join(repoRoot, "pnpm-lock.yaml"),
  // Their `exports` decide which file an import of @parcours/… is.
  ...["db", "auth", "validators"].map((name) => join(repoRoot, "packages", name, "package.json")),
];

/**
 * A bundled module that finds files beside itself (the db package's migrations) would look
 * beside dist/index.js instead. Its `import.meta.url` becomes its source file's URL, computed
 * from the bundle's own location so that the repository can still be moved as a whole.
 */
const sourceUrlPlugin = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const fromBundle = relative(dirname(outfile), args.path).split("\\").join("/");
      return {
        contents: source.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: "ts",
      };
    });
  },
};

/**
 * zod re-exports its 40 locales (`z.locales`, `z.core.locales`), so a bundle that uses `z.object`
 * and the like holds all of them: 0.5 MB of the 1.1 MB shared chunk, compiled at every start.
 * Parcours never calls `z.locales` (its messages come from @parcours/validators), so the
 * bundle's `z.locales` holds English only, the locale zod configures itself with.
 */
const zodEnglishOnlyPlugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), "..", "locales"), namespace: "zod-locales" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: args.path,
      loader: "js",
    }));
  },
};

/**
 * What a build read, with each file's size and modification time. A file changed while the
 * build ran may or may not be in the bundle: it is recorded as changed, for the next run to
 * build again.
 */
function stamp(files, startedMs) {
  const entries = {};
  for (const file of files) {
    const stats = statSync(file);
    entries[relative(cliRoot, file)] = [stats.size, stats.mtimeMs < startedMs ? stats.mtimeMs : -1];
  }
  return entries;
}

/** Written whole or not at all: another `parcours` may be reading the build meanwhile. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

export async function buildCli() {
  const { build } = await import("esbuild");
  // The file system stamps modification times from a coarser clock (a few milliseconds).
  const startedMs = Date.now() - 100;
  const result = await build({
    absWorkingDir: cliRoot,
    entryPoints: [join(cliRoot, "src", "index.ts")],
    outdir,
    // Commands are imported when they run (src/index.ts): each in its own chunk, beside index.js
    // (the relative URLs of sourceUrlPlugin count from there).
    splitting: true,
    chunkNames: "[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    metafile: true,
    write: false,
    logLevel: "warning",
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    plugins: [sourceUrlPlugin, zodEnglishOnlyPlugin],
    // Bundled CommonJS (commander) calls require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  // Chunks of earlier builds (named after their contents) would pile up. Those of the last hour
  // stay: a command started before this build may still import one.
  const written = new Set(result.outputFiles.map((file) => basename(file.path)));
  for (const name of readdirSync(outdir)) {
    if (!name.endsWith(".js") || written.has(name)) continue;
    const path = join(outdir, name);
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? startedMs;
    if (modified < startedMs - HOUR_MS) rmSync(path, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs)
    // The plugin's virtual module is no file (its en.js is an input of its own).
    .filter((path) => !path.startsWith("zod-locales:"))
    .map((path) => join(cliRoot, path));
  writeAtomically(stampFile, `${JSON.stringify(stamp([...inputs, ...EXTRA_INPUTS], startedMs))}\n`);
}

/** Whether dist/index.js was built from the files as they are now. */
export function isFresh() {
  let recorded;
  try {
    statSync(outfile);
    recorded = JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return false;
  }
  for (const [path, [size, mtimeMs]] of Object.entries(recorded)) {
    let stats;
    try {
      stats = statSync(join(cliRoot, path));
    } catch {
      return false;
    }
    if (stats.size !== size || stats.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** Builds when a source changed since the last build (calling `onBuild` first); true when it built. */
export async function ensureBuilt(onBuild = () => {}) {
  if (isFresh()) return false;
  onBuild();
  await buildCli();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildCli();
}
