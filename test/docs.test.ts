import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../src/diagnostics/diagnostic.js";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("lists every diagnostic code, with the catalogue's meaning, and no other", () => {
    const section = readme.slice(readme.indexOf("## Diagnostic codes"), readme.indexOf("## Library API"));
    const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| (.*) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(DIAGNOSTIC_CODES));
  });

  it("states the size of the bad-input corpus as it is", () => {
    const files = readdirSync("test/bad-input").length;
    expect(readme).toContain(`(\`test/bad-input/\`, expectations in \`test/bad-input.expected.yaml\`): ${files} files, one fault each`);
  });

  it("keeps the two fresh-clone commands", () => {
    expect(readme).toContain("npm install && npx assess render assessments/mines/cambodia.yaml");
    expect(readme).toContain("```sh\nnpm test\n```");
    expect(readFileSync(".ci/run", "utf8")).toMatch(/^npm test$/m);
  });

  it("gives import examples that run on a fresh clone, each writing a valid assessment", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { transcript } = await import("./helpers.js");
    const dir = mkdtempSync(join(tmpdir(), "readme-import-"));
    const examples = [...readme.matchAll(/^npx assess (import .* -o (\S+\.yaml))\s.*$/gm)];
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [, command, output] of examples) {
      const args = command!.replace(/ -o \S+$/, "").match(/"[^"]*"|\S+/g)!.map((arg) => arg.replace(/^"|"$/g, ""));
      const target = join(dir, output!);
      const result = await transcript([...args, "-o", target]);
      expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
      expect((await transcript(["validate", target])).exitCode).toBe(0);
    }
  });
});
