// Bundles the CLI (and its worker) and the library into dist/ with esbuild, dependencies included, so that `assess`
// starts from plain JavaScript in one file instead of resolving and compiling hundreds of modules. Runs on
// `npm install` (prepare) and before the tests. Measured on this machine: see README "Performance".
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

/** Identifies this build in the content cache's keys: results checked by another build are not reused. */
function buildId() {
  // package-lock.json too: a rebuild after an upgrade of yaml or zod must not reuse what the old ones checked.
  const hash = createHash("sha256").update(readFileSync("package.json")).update(readFileSync("package-lock.json"));
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk("src");
  return hash.digest("hex").slice(0, 16);
}

/**
 * yaml's parser and composer read process.env.LOG_TOKENS / LOG_STREAM on every token, and process.env lookups are
 * slow in Node; those debugging switches become `false` in the bundle (the output is byte-identical).
 */
const yamlDebugSwitchesOff = {
  name: "yaml-debug-switches-off",
  setup(build) {
    build.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, "false"),
      loader: "js",
    }));
  },
};

const common = {
  // The version `assess --version` prints, put in here so that printing it reads no file.
  define: { __BUILD_ID__: JSON.stringify(buildId()), __VERSION__: JSON.stringify(JSON.parse(readFileSync("package.json", "utf8")).version) },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  plugins: [yamlDebugSwitchesOff],
  // CommonJS dependencies (handlebars, commander) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

// The CLI and its worker share chunks (dist/chunks/); what a command does not need (the YAML parser and zod, when
// the content cache knows the input) sits in chunks that are loaded only on demand.
rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { assess: "src/cli/main.ts", "render-worker": "src/cli/render-worker.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
// The library keeps its dependencies external: a project that imports it resolves them itself.
await build({ ...common, packages: "external", banner: {}, entryPoints: ["src/index.ts"], outfile: "dist/index.js" });
