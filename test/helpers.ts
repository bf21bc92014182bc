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
