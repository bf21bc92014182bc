import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { FAIL_ON_CONDITIONS, type FailOn } from "../compare/fail-on.js";
import { ASSESSMENT_FORMATS, COMPARISON_FORMATS, DIFF_FORMATS, HISTORY_FORMATS, REPORT_FORMATS, SCORE_FORMATS, WHAT_IF_FORMATS } from "../render/formats.js";
import { compareCommand, diffCommand, historyCommand, importCommand, initCommand, nextYearCommand, reportCommand, renderCommand, scoreCommand, UsageError, validateCommand, whatIfCommand, type Io } from "./commands.js";
import { ExitCode } from "./exit-codes.js";
import { visibleText } from "./format-diagnostics.js";
import { toolVersion } from "./version.js";

/**
 * Runs the `assess` command line and returns its exit code. Never throws for a user's mistake: usage errors,
 * invalid input and unwritable output all end in a message and a non-zero code.
 */
export async function runCli(argv: readonly string[], given: Io, signal: AbortSignal = new AbortController().signal): Promise<number> {
  // Everything on standard error is this tool's words and text quoted from files: nothing in it may drive the
  // terminal. Standard output carries the rendered formats, each escaped for itself.
  const io: Io = { stdout: given.stdout, stderr: (text) => given.stderr(visibleText(text)) };
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => (exitCode = code), signal, argv);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.help" || error.code === "commander.version"
        ? ExitCode.ok
        : ExitCode.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`assess: error: ${error.message}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
  return exitCode;
}

const EXAMPLES = {
  validate: ["assess validate assessments/", "assess validate criteria/ assessments/mines/cambodia.yaml"],
  score: ["assess score assessments/mines/cambodia.yaml", "assess score assessments/mines/cambodia.yaml --year 2024 --format json"],
  render: [
    "assess render assessments/mines/cambodia.yaml",
    "assess render assessments/mines/cambodia.yaml --years 2024,2023 --format tsv",
    "assess render assessments/mines/cambodia.yaml --format html -o cambodia.html",
    "assess render assessments/ --format html --out-dir site/",
  ],
  whatIf: [
    "assess what-if assessments/mines/cambodia.yaml --weights land-release-system=20,contamination=10",
    "assess what-if assessments/mines/cambodia.yaml --weight-set equal --format json",
  ],
  report: ["assess report assessments/ --year 2022 -o report.html", "assess report assessments/ --format md"],
  watch: ["assess watch assessments/mines/cambodia.yaml -o cambodia.html", "assess watch assessments/ --out-dir site/ --format html"],
  init: ["assess init 'Sri Lanka' --framework ctm-2024 --year 2024 -o assessments/mines/sri-lanka-2024.yaml"],
  nextYear: ["assess next-year assessments/mines/cambodia.yaml", "assess next-year assessments/mines/cambodia.yaml --year 2025"],
  serve: ["assess serve", "assess serve assessments/ --port 8000 --open"],
  history: ["assess history assessments/mines/cambodia.yaml", "assess history assessments/mines/tajikistan.yaml -o tajikistan-history.html"],
  import: [
    "assess import published-tables/*.txt --into assessments/ --names published-tables/programme-names.yaml",
    "assess import copied-table.txt --programme 'Bosnia and Herzegovina' --year 2022 -o assessments/mines/bosnia-and-herzegovina.yaml",
    "assess import report.txt -o assessments/mines/cambodia.yaml --force",
  ],
  compare: ["assess compare assessments/mines/cambodia.yaml --from 2023 --to 2024", "assess compare assessments/mines/cambodia.yaml --format json"],
  diff: [
    "assess diff",
    "assess diff main -- assessments/mines/",
    "assess diff origin/main HEAD -o diff.md --fail-on unexplained-rating,unexplained-score",
  ],
};

function examples(lines: string[]): string {
  return `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

function buildProgram(io: Io, setExitCode: (code: number) => void, signal: AbortSignal, argv: readonly string[]): Command {
  // Commander's own usage errors read like ours: "assess: error: …".
  const output = { writeOut: io.stdout, writeErr: io.stderr, outputError: (text: string, write: (text: string) => void) => write(`assess: ${text}`) };
  const program = new Command("assess")
    .description("Validate, score, compare and render national programme performance assessments kept in YAML.")
    .version(toolVersion(), "-V, --version", "print the version of assess")
    .exitOverride()
    .configureOutput(output)
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `\nExit codes: 0 ok, 1 invalid input, 2 usage error, 3 output not written, 4 a change that diff --fail-on names.\n${examples([EXAMPLES.render[0]!, EXAMPLES.compare[0]!, EXAMPLES.validate[0]!])}`,
    );

  // Options several commands share, written once.
  const criteriaOption = () => new Option("--criteria <dir>", "take frameworks from this folder instead of the bundled criteria/");
  const templatesOption = () => new Option("--templates <dir>", "use templates from this folder first (others from the bundled templates/)");
  const outputOption = () => new Option("-o, --output <file>", "write to this file (atomically) instead of standard output");
  // CSV files start with a UTF-8 byte-order mark so that Excel reads them as UTF-8; standard output does not.
  const bomOption = () => new Option("--bom", "csv: start with a UTF-8 byte-order mark, for Excel (the default in files, not on standard output)");
  const noBomOption = () => new Option("--no-bom", "csv: no byte-order mark, even in a file");
  const run = async (action: () => number | Promise<number>) => setExitCode(await action());

  program
    .command("validate")
    .description("check assessments and frameworks; report every problem as file:line:col: code: message")
    .argument("<paths...>", "YAML files or folders of them")
    .addOption(criteriaOption())
    .option("--strict", "exit with 1 on warnings too")
    .addHelpText("after", examples(EXAMPLES.validate))
    .action((paths: string[], options) => run(() => validateCommand(paths, options, io)));

  program
    .command("score")
    .description("compute each year's weighted average, rating and per-criterion contributions")
    .argument("<assessment>", "an assessment YAML file")
    .addOption(new Option("--year <year>", "only this year").argParser(parseYear))
    .addOption(new Option("--format <format>", "output format").choices(SCORE_FORMATS).default("text"))
    .addOption(templatesOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.score))
    .action((file: string, options) => run(() => scoreCommand(file, options, io)));

  program
    .command("render")
    .description("render the assessment table with commentary (default: the two latest years, as published)")
    .argument("<assessments...>", "an assessment YAML file; several files or folders with --out-dir")
    .addOption(new Option("--years <years>", "comma-separated years, e.g. 2024,2023").argParser(parseYears))
    .addOption(new Option("--format <format>", "output format (default: from the -o extension, else md)").choices(ASSESSMENT_FORMATS))
    .addOption(templatesOption())
    .addOption(outputOption())
    .option("--out-dir <dir>", "render each assessment given into DIR/<name>.<format>; bad ones are reported and skipped")
    .addOption(bomOption())
    .addOption(noBomOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.render))
    .action((files: string[], options) => run(() => renderCommand(files, options, io)));

  program
    .command("compare")
    .description("explain what changed between two years and which criteria drove it")
    .argument("<assessment>", "an assessment YAML file")
    .addOption(new Option("--from <year>", "the earlier year (default: the second latest)").argParser(parseYear))
    .addOption(new Option("--to <year>", "the later year (default: the latest)").argParser(parseYear))
    .addOption(new Option("--format <format>", "output format (default: from the -o extension, else md)").choices(COMPARISON_FORMATS))
    .addOption(templatesOption())
    .addOption(outputOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.compare))
    .action((file: string, options) => run(() => compareCommand(file, options, io)));

  program
    .command("watch")
    .description("render assessments, then re-render each one whenever it is saved (invalid saves print diagnostics)")
    .argument("<paths...>", "an assessment, or folders of them")
    .addOption(new Option("--years <years>", "comma-separated years, e.g. 2024,2023").argParser(parseYears))
    .addOption(new Option("--format <format>", "output format (default: html)").choices(ASSESSMENT_FORMATS))
    .addOption(templatesOption())
    .option("-o, --output <file>", "the file to keep rendered (one assessment)")
    .option("--out-dir <dir>", "the folder to keep rendered into, DIR/<name>.<format>")
    .addOption(bomOption())
    .addOption(noBomOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.watch))
    .action(async (paths: string[], options) => {
      const { watchCommand } = await import("./watch.js");
      setExitCode(await watchCommand(paths, options, io, signal));
    });

  program
    .command("serve")
    .description("a live workspace in the browser: every programme, its table, comparison and history, problems, and editing")
    .argument("[folder]", "the folder of assessments (default: assessments/ if there is one, else the current folder)")
    .addOption(new Option("--port <port>", "the port on 127.0.0.1 (the next free one if taken; 0 for any)").argParser(parsePort))
    .option("--open", "open the workspace in the desktop's browser")
    .addOption(templatesOption())
    .addOption(criteriaOption())
    .addHelpText("after", `\nListens on the loopback address only. Edits from the page change only the lines of the values edited.\nCtrl-C stops it.\n${examples(EXAMPLES.serve)}`)
    .action(async (folder: string | undefined, options) => {
      const { serveCommand } = await import("./serve.js");
      setExitCode(await serveCommand(folder, options, io, signal));
    });

  program
    .command("report")
    .description("one report for a whole edition: league tables, band counts, a heat map and every programme")
    .argument("<folders...>", "folders (or files) of assessments")
    .addOption(new Option("--year <year>", "the year to report on (default: the latest year on file)").argParser(parseYear))
    .addOption(new Option("--format <format>", "output format (default: from the -o extension, else html)").choices(REPORT_FORMATS))
    .addOption(templatesOption())
    .addOption(outputOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.report))
    .action((folders: string[], options) => run(() => reportCommand(folders, options, io)));

  program
    .command("init")
    .description("write a new assessment listing every criterion of a framework, to fill in")
    .argument("<programme>", "the programme's name")
    .requiredOption("--framework <id>", "the framework edition, e.g. ctm-2024")
    .addOption(new Option("--year <year>", "the assessed year (default: last year)").argParser(parseYear))
    .option("-o, --output <file>", "write to this new file (never overwrites) instead of standard output")
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.init))
    .action((programme: string, options) => run(() => initCommand(programme, options, io)));

  program
    .command("next-year")
    .description("add a year to an assessment, carrying every criterion's latest score, with empty commentary to fill in")
    .argument("<assessment>", "the assessment YAML file to add the year to (written in place; no other line changes)")
    .addOption(new Option("--year <year>", "the year to add (default: the latest year on file + 1)").argParser(parseYear))
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.nextYear))
    .action((file: string, options) => run(() => nextYearCommand(file, options, io)));

  program
    .command("what-if")
    .description("recompute averages and ratings under other weights and show which ratings change")
    .argument("<assessment>", "an assessment YAML file")
    .option("--weights <weights>", "criterion weights in percent, e.g. contamination=15,ownership=15 (others keep theirs; the total must stay 100)")
    .option("--weight-set <id>", "a weight set named in the framework (bundled: equal, previous-land-release-weight)")
    .addOption(new Option("--year <year>", "only this year").argParser(parseYear))
    .addOption(new Option("--format <format>", "output format").choices(WHAT_IF_FORMATS).default("text"))
    .addOption(templatesOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.whatIf))
    .action((file: string, options) => run(() => whatIfCommand(file, options, io)));

  program
    .command("history")
    .description("every year of a programme in one view: average, rating, edition and each criterion's score")
    .argument("<assessment>", "an assessment YAML file")
    .addOption(new Option("--format <format>", "output format (default: from the -o extension, else md); html has a chart").choices(HISTORY_FORMATS))
    .addOption(templatesOption())
    .addOption(outputOption())
    .addOption(bomOption())
    .addOption(noBomOption())
    .addOption(criteriaOption())
    .addHelpText("after", examples(EXAMPLES.history))
    .action((file: string, options) => run(() => historyCommand(file, options, io)));

  program
    .command("import")
    .description("read published tables (copied text) into an assessment; add them to -o FILE if it exists")
    .argument("<files...>", "text files holding published tables")
    .addOption(new Option("--year <year>", "the assessed year, for tables that print none").argParser(parseYear))
    .option("--programme <name>", "the programme's name, for tables that do not print it")
    .option("--framework <id>", "use this framework edition instead of recognising it")
    .option("--force", "replace years the assessment already has")
    .option("--source <text>", "where the tables were published, kept with each year (default: the file's name)")
    .option("-o, --output <file>", "the assessment to write, or to add the years to (atomically)")
    .option("--into <folder>", "add each table to its programme's file, FOLDER/<kind>/<programme>.yaml, creating it if need be; prints what was added, unchanged and in conflict")
    .option("--names <file>", "with --into: a YAML list of programme names by file name part (bih: Bosnia and Herzegovina)")
    .addOption(criteriaOption())
    .addHelpText("after", `\nLayouts read: the 2025 reports' table with commentary (as text, from a PDF viewer, a pipe table or a word processor), web page lists, PDF text extractions, Landmine Monitor 2014 profiles.\nTables named <programme>-<series><edition>.txt (iraq-ctm2021.txt) date themselves and name their source.\n${examples(EXAMPLES.import)}`)
    .action((files: string[], options) => run(() => importCommand(files, options, io)));

  program
    .command("diff")
    .description("what changed in the assessments and frameworks between two git revisions: scores, commentary, ratings, files")
    .argument("[revision-or-path...]", "up to two revisions (default: HEAD, against the working tree), then files or folders (default: the current folder); put -- before the paths if one could be read as a revision")
    .addOption(new Option("--format <format>", "output format (default: from the -o extension, else text); md is fit for a pull request's comment").choices(DIFF_FORMATS))
    .addOption(new Option("--fail-on <conditions>", `exit with 4 on these changes, comma-separated: ${FAIL_ON_CONDITIONS.join(", ")} (default: unexplained-rating)`).argParser(parseFailOn))
    .addOption(templatesOption())
    .addOption(outputOption())
    .addOption(criteriaOption())
    .addHelpText(
      "after",
      `\nExit codes: 0 no change the checks fail on, 1 a file invalid at the later revision, 2 usage error (not in a git repository, git missing, no such revision), 3 output not written, 4 a change --fail-on names.\n${examples(EXAMPLES.diff)}`,
    )
    .action((operands: string[], options) => {
      // What follows `--` is paths, never revisions: commander passes it with the rest, so it is counted here.
      const separator = argv.indexOf("--");
      return run(() => diffCommand(operands, separator < 0 ? undefined : argv.length - separator - 1, options, io));
    });

  for (const command of program.commands) {
    command.exitOverride().configureOutput(output).showHelpAfterError("(run with --help for usage)");
  }
  return program;
}

function parseFailOn(text: string): FailOn[] {
  const conditions = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
  const unknown = conditions.filter((condition) => !(FAIL_ON_CONDITIONS as readonly string[]).includes(condition));
  if (unknown.length > 0) throw new InvalidArgumentError(`${unknown.join(", ")}: not a condition; give one or more of ${FAIL_ON_CONDITIONS.join(", ")}.`);
  if (conditions.length === 0) throw new InvalidArgumentError(`give one or more of ${FAIL_ON_CONDITIONS.join(", ")}.`);
  if (conditions.includes("none") && conditions.length > 1) throw new InvalidArgumentError("none cannot be given with other conditions.");
  return conditions.includes("none") ? [] : [...new Set(conditions as FailOn[])];
}

function parseYear(text: string): number {
  // Four digits, not starting with 0: 0999 would be read as 999, a year no file can have.
  if (!/^[1-9]\d{3}$/.test(text.trim())) throw new InvalidArgumentError("a year is four digits, e.g. 2024.");
  return Number(text);
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) throw new InvalidArgumentError("a port is a number from 0 to 65535.");
  return Number(text);
}

function parseYears(text: string): number[] {
  const years = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
  if (years.length === 0) throw new InvalidArgumentError("give one or more years, e.g. 2024,2023.");
  const parsed = years.map(parseYear);
  if (new Set(parsed).size !== parsed.length) throw new InvalidArgumentError("a year is listed twice.");
  return parsed;
}
