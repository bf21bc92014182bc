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
});
