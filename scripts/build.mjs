// Bundles the CLI and the library into dist/ with esbuild, so `assess` starts from plain JavaScript instead of
// compiling TypeScript at start-up. Runs on `npm install` (prepare) and before the tests.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  logLevel: "warning",
};

await build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/assess.js" });
await build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js" });
