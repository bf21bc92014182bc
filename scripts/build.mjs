// Bundles the CLI (and its worker) and the library into dist/ with esbuild, dependencies included, so that `assess`
// starts from plain JavaScript in one file instead of resolving and compiling hundreds of modules. Runs on
// `npm install` (prepare) and before the tests. Measured on this machine: see README "Performance".
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

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
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  plugins: [yamlDebugSwitchesOff],
  // CommonJS dependencies (handlebars, commander) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

await build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/assess.js" });
await build({ ...common, entryPoints: ["src/cli/render-worker.ts"], outfile: "dist/render-worker.js" });
// The library keeps its dependencies external: a project that imports it resolves them itself.
await build({ ...common, packages: "external", banner: {}, entryPoints: ["src/index.ts"], outfile: "dist/index.js" });
