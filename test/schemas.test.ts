import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { walkFiles } from "../src/load/walk-files.js";
import { jsonSchemas } from "../src/validate/json-schemas.js";

/** The JSON Schemas editors read: generated from the zod schemas, committed, and kept in sync by this test. */
describe("JSON Schemas for editors", () => {
  const generated = jsonSchemas();

  it.each(["assessment", "framework"] as const)("schemas/%s.schema.json is what the zod schema generates (run npm run schemas)", (name) => {
    expect(JSON.parse(readFileSync(`schemas/${name}.schema.json`, "utf8"))).toEqual(JSON.parse(JSON.stringify(generated[name])));
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const checkAssessment = ajv.compile(generated.assessment);
  const checkFramework = ajv.compile(generated.framework);

  it("accepts every bundled assessment and framework, each of which names its schema on its first line", () => {
    for (const [folder, check, schema] of [
      ["assessments", checkAssessment, "assessment"],
      ["criteria", checkFramework, "framework"],
    ] as const) {
      for (const file of walkFiles([folder]).files) {
        const text = readFileSync(file, "utf8");
        const up = "../".repeat(file.split("/").length - 1);
        expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=${up}schemas/${schema}.schema.json`);
        expect(check(parse(text)), `${file}: ${JSON.stringify(check.errors)}`).toBe(true);
      }
    }
  });

  it("flags in the editor what validate flags: a misspelt key, a quoted score, a year that is not four digits", () => {
    const cambodia = parse(readFileSync("assessments/mines/cambodia.yaml", "utf8"));
    const misspelt = structuredClone(cambodia);
    misspelt.years["2024"].criteria.gender.scor = 9;
    const quoted = structuredClone(cambodia);
    quoted.years["2024"].criteria.gender.score = "9";
    const shortYear = structuredClone(cambodia);
    shortYear.years["24"] = shortYear.years["2024"];
    for (const bad of [misspelt, quoted, shortYear]) expect(checkAssessment(bad)).toBe(false);
  });
});
