import { stringify } from "yaml";
import type { Framework } from "../model/model.js";
import { formatWeight } from "./format-values.js";

/**
 * A new assessment to fill in: every criterion of the framework, in order, with an empty score and commentary and
 * a comment naming it and its weight. It fails validation (`unscored`) until every score is given. The programme's
 * name is written as an assessment reads it back, without the spaces around it (the schema trims them), so that the
 * file says what it means.
 */
export function renderNewAssessment(programme: string, framework: Framework, year: number, schemaPath?: string): string {
  const scale = `${framework.scale.min.toString()}–${framework.scale.max.toString()}`;
  const lines = [
    ...(schemaPath ? [`# yaml-language-server: $schema=${oneLine(schemaPath)}`] : []),
    `# ${oneLine(programme)}: assessment under ${oneLine(framework.title)} (${framework.id}).`,
    `# Give every criterion a score from ${scale} and its commentary; \`assess validate\` lists what is still missing.`,
    `programme: ${scalar(programme.trim())}`,
    `framework: ${framework.id}`,
    "years:",
    `  ${year}:`,
    "    criteria:",
    ...framework.criteria.flatMap((criterion) => [
      `      # ${oneLine(criterion.title)} (${formatWeight(criterion.weight)})${criterion.guidance ? `: ${oneLine(criterion.guidance)}` : ""}`,
      `      ${criterion.id}:`,
      "        score:",
      '        commentary: ""',
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

/** Text for a comment line: line breaks and other control characters become spaces, so the comment ends with it. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, " ").trim();
}

/** A text value on one line: plain where YAML reads it back as the same text, else double-quoted. */
function scalar(text: string): string {
  const plain = stringify(text, { lineWidth: 0 }).trimEnd();
  return plain.includes("\n") ? JSON.stringify(text) : plain;
}
