import { stringify } from "yaml";
import type { Framework } from "../model/model.js";
import { formatWeight } from "./format-values.js";

/**
 * A new assessment to fill in: every criterion of the framework, in order, with an empty score and commentary and
 * a comment naming it and its weight. It fails validation (`unscored`) until every score is given.
 */
export function renderNewAssessment(programme: string, framework: Framework, year: number, schemaPath?: string): string {
  const scale = `${framework.scale.min.toDecimal()}–${framework.scale.max.toDecimal()}`;
  const lines = [
    ...(schemaPath ? [`# yaml-language-server: $schema=${schemaPath}`] : []),
    `# ${programme}: assessment under ${framework.title} (${framework.id}).`,
    `# Give every criterion a score from ${scale} and its commentary; \`assess validate\` lists what is still missing.`,
    `programme: ${stringify(programme).trimEnd()}`,
    `framework: ${framework.id}`,
    "years:",
    `  ${year}:`,
    "    criteria:",
    ...framework.criteria.flatMap((criterion) => [
      `      # ${criterion.title} (${formatWeight(criterion.weight)})${criterion.guidance ? `: ${criterion.guidance.replace(/\s+/g, " ")}` : ""}`,
      `      ${criterion.id}:`,
      "        score:",
      '        commentary: ""',
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
