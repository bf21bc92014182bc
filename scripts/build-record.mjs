// Rebuilds the bundled record, assessments/, from the published tables with the project's own import:
//   npm run build && npm run record            # rewrites assessments/ (mines/ and cluster-munitions/)
//   npm run record -- --check                  # only compares: exit code 1 if assessments/ is not the rebuild
// The import runs into a folder beside assessments/, so that each file's relative path to the JSON Schema (its
// first line) is the one it has in assessments/; that folder is removed afterwards.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const check = process.argv.includes("--check");
const record = "assessments";
const build = `.record-build-${process.pid}`;
const tables = readdirSync("published-tables")
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => join("published-tables", name));

const yamlFiles = (folder) =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true })
        .map(String)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => name.split("\\").join("/"))
        .sort()
    : [];

let code = 0;
try {
  const run = spawnSync(process.execPath, ["bin/assess.js", "import", ...tables, "--into", build, "--names", "published-tables/programme-names.yaml"], { encoding: "utf8" });
  process.stderr.write(run.stderr.split(`${build}/`).join(`${record}/`));
  if (run.status !== 0) {
    console.error(`the import failed (exit code ${run.status}); ${record}/ was left as it is`);
    process.exit(run.status ?? 1);
  }
  const built = yamlFiles(build);
  const committed = yamlFiles(record);
  const differing = [...new Set([...built, ...committed])].filter(
    (name) => !built.includes(name) || !committed.includes(name) || !readFileSync(join(build, name)).equals(readFileSync(join(record, name))),
  );
  if (check) {
    for (const name of differing) console.error(`${join(record, name)}: ${!built.includes(name) ? "not in the rebuild" : !committed.includes(name) ? "missing" : "differs from the rebuild"}`);
    console.error(differing.length === 0 ? `${record}/ is the rebuild of published-tables/ (${built.length} files)` : `${differing.length} of ${built.length} files differ; run npm run record`);
    code = differing.length === 0 ? 0 : 1;
  } else {
    for (const name of committed.filter((name) => !built.includes(name))) rmSync(join(record, name));
    for (const name of built) {
      mkdirSync(dirname(join(record, name)), { recursive: true });
      cpSync(join(build, name), join(record, name));
    }
    console.error(`rebuilt ${record}/: ${built.length} files, ${differing.length} changed`);
  }
} finally {
  rmSync(build, { recursive: true, force: true });
}
process.exit(code);
