import { readTemplateFolders } from "../src/load/template-files.js";
import type { Assessment, Framework } from "../src/model/model.js";
import type { AssessmentFormat } from "../src/render/formats.js";
import { renderAssessment } from "../src/render/render-assessment.js";
import { Templates } from "../src/render/templates.js";
import { scoreAssessment } from "../src/score/score-assessment.js";
import { runCli } from "../src/cli/run-cli.js";

/** Runs the CLI in-process and returns a transcript: the command, what it printed, and its exit code. */
export async function transcript(args: string[]): Promise<{ text: string; stdout: string; stderr: string; exitCode: number }> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const sections = [`$ assess ${args.map(quote).join(" ")}`];
  if (stdout) sections.push(`[stdout]\n${stdout.replace(/\n$/, "")}`);
  if (stderr) sections.push(`[stderr]\n${stderr.replace(/\n$/, "")}`);
  sections.push(`Exit code: ${exitCode}`);
  return { text: `${sections.join("\n")}\n`, stdout, stderr, exitCode };
}

function quote(arg: string): string {
  return /^[\w./,=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** Templates from a folder (the bundled ones after it), as a command reads them; without the content cache. */
export function templatesFrom(folder?: string): Templates {
  return new Templates(readTemplateFolders(folder));
}

/** The assessment table of an assessment, scored here: the renderer takes scored assessments. */
export function renderTable(
  assessment: Assessment,
  options: { format: AssessmentFormat; years?: number[]; templates?: Templates; frameworks?: ReadonlyMap<string, Framework> },
): string {
  return renderAssessment(scoreAssessment(assessment), { ...options, templates: options.templates ?? templatesFrom() });
}
