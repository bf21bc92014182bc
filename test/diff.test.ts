import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffTask } from "../src/tasks/diff-task.js";
import { TaskContext } from "../src/tasks/task-context.js";
import { transcript } from "./helpers.js";

/**
 * `assess diff` in git repositories made here, in temporary folders: the record's files committed, then edited as
 * an analyst would. Commits are made at a fixed time by a fixed author, so their ids (which the output names) are
 * the same on every run.
 */
const ROOT = resolve(".");
const BIN = join(ROOT, "bin/assess.js");

/** Runs git in `dir` as a test's own, fixed user: no global or system configuration, a fixed clock. */
function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_DATE: "2025-06-01T12:00:00Z",
      GIT_COMMITTER_DATE: "2025-06-01T12:00:00Z",
    },
  });
}

function commit(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
}

/**
 * A repository holding five programmes of the record (copies kept in test/fixtures/diff/, so that the commits'
 * ids do not change with the record), committed once; with `criteria`, the bundled frameworks too, kept in it.
 */
function makeRepository(options: { criteria?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "assess-diff-"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Analyst");
  git(dir, "config", "user.email", "analyst@example.org");
  git(dir, "config", "commit.gpgsign", "false");
  cpSync(join(ROOT, "test/fixtures/diff"), join(dir, "assessments"), { recursive: true });
  if (options.criteria) cpSync(join(ROOT, "criteria"), join(dir, "criteria"), { recursive: true });
  writeFileSync(join(dir, "README.md"), "Assessments.\n");
  commit(dir, "The record");
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

/** The CLI's transcript, run in `dir` (paths in it are relative to there). */
async function diffIn(dir: string, args: string[]) {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await transcript(["diff", ...args]);
  } finally {
    process.chdir(previous);
  }
}

/** Cambodia's 2024 contamination score raised from 7 to 8, with its commentary changed to say why. */
const explainedChange = (text: string) =>
  text.replace(
    "      contamination:\n        score: 7\n        commentary: >-\n          Cambodia reduced its estimate of contamination by 2% to 424km²",
    "      contamination:\n        score: 8\n        commentary: >-\n          Cambodia reduced its estimate of contamination by 3% to 400km²",
  );

/** Cambodia's 2024 land release outputs lowered from 7 to 3, no commentary touched: GOOD becomes AVERAGE. */
const unexplainedFall = (text: string) =>
  text.replace("      land-release-outputs:\n        score: 7\n", "      land-release-outputs:\n        score: 3\n");

/** Angola's 2023 added under ctm-2024, rated AVERAGE after a GOOD 2022, with not a word of commentary. */
const angola2023 = (text: string) =>
  text.replace(
    "years:\n",
    `years:
  2023:
    framework: ctm-2024
    criteria:
      contamination: { score: 6 }
      ownership: { score: 6 }
      gender: { score: 6 }
      environment: { score: 5 }
      information: { score: 7 }
      planning: { score: 6 }
      land-release-system: { score: 6 }
      land-release-outputs: { score: 6 }
`,
  );

describe("assess diff: the working tree against the last commit", () => {
  it("says so when nothing changed", async () => {
    const dir = makeRepository();
    const result = await diffIn(dir, []);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-nothing.txt");
    expect(result.exitCode).toBe(0);
  });

  it("a score and its commentary changed, as text: the averages, the narrative, the criterion, the words changed", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    const result = await diffIn(dir, []);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-text.txt");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Cambodia's average score rose from 7.2 to 7.4 between HEAD and the working tree");
    expect(result.stdout).toContain("[-2%-]{+3%+}");
    // The commentary changed with the score: the `unexplained-` checks pass; `score` and `change` ask about any.
    expect((await diffIn(dir, ["--fail-on", "unexplained-rating,unexplained-score"])).exitCode).toBe(0);
    const any = await diffIn(dir, ["--fail-on", "score,change"]);
    expect(any.exitCode).toBe(4);
    expect(any.stderr).toContain("assess: 2 changes fail --fail-on score,change:\n  Cambodia changed\n  Cambodia 2024: Understanding of AP mine contamination's score changed\n");
  });

  it("a review's worth of changes as Markdown for a pull request: summary table, each programme, files added, deleted and renamed", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    edit(dir, "assessments/mines/angola.yaml", angola2023);
    renameSync(join(dir, "assessments/cluster-munitions/lebanon.yaml"), join(dir, "assessments/cluster-munitions/lebanon-cm.yaml"));
    rmSync(join(dir, "assessments/mines/yemen.yaml"));
    cpSync(join(ROOT, "test/fixtures/valid/sri-lanka.yaml"), join(dir, "assessments/mines/sri-lanka.yaml"));
    const result = await diffIn(dir, ["--format", "md"]);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-md.txt");
    // Angola's new year is rated below the year before it with no word of commentary: the default check fails.
    expect(result.exitCode).toBe(4);
    expect(result.stdout.startsWith("<!-- assess diff -->\n")).toBe(true);
    expect(result.stderr).toContain("assess: a change fails --fail-on unexplained-rating:\n  Angola 2023: rating GOOD → AVERAGE (since 2022), and no commentary says why\n");
    // The same as JSON, for programs.
    const json = await diffIn(dir, ["--format", "json"]);
    await expect(json.text).toMatchFileSnapshot("transcripts/diff-json.txt");
    const data = JSON.parse(json.stdout);
    expect(data.programmes.map((p: { programme: string; status: string }) => `${p.programme}: ${p.status}`)).toEqual([
      "Lebanon: renamed",
      "Angola: modified",
      "Cambodia: modified",
      "Sri Lanka: added",
      "Yemen: deleted",
    ]);
    expect(data.flagged.map((f: { condition: string }) => f.condition)).toEqual(["unexplained-rating"]);
  });

  it("a rating changed without a change of commentary fails the default check (exit 4); --fail-on none lets it pass", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", unexplainedFall);
    const result = await diffIn(dir, ["--format", "md"]);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-unexplained-rating.txt");
    expect(result.exitCode).toBe(4);
    expect((await diffIn(dir, ["--fail-on", "none"])).exitCode).toBe(0);
    // With its commentary changed too, it passes the default check, and fails `rating`, which asks about any.
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    expect((await diffIn(dir, [])).exitCode).toBe(0);
    const strict = await diffIn(dir, ["--fail-on", "rating,unexplained-score"]);
    expect(strict.exitCode).toBe(4);
    expect(strict.stderr).toContain("Cambodia 2024: rating GOOD → AVERAGE\n");
    expect(strict.stderr).toContain("Cambodia 2024: Land release outputs and Article 5 compliance's score changed, and its commentary did not\n");
    expect(strict.stderr).not.toContain("Understanding of AP mine contamination's score changed");
  });

  it("-o FILE takes the format from its extension and writes it; the flagged changes are said after", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", unexplainedFall);
    const result = await diffIn(dir, ["-o", "review.md"]);
    expect(result.exitCode).toBe(4);
    expect(readFileSync(join(dir, "review.md"), "utf8")).toMatch(/^<!-- assess diff -->\n## Assessments: HEAD \([0-9a-f]{7}\) → the working tree\n/);
    expect(result.stderr).toMatch(/^assessments\/mines\/cambodia\.yaml:\d+:\d+: published-mismatch: .*\nwrote review\.md\nassess: a change fails --fail-on unexplained-rating:\n/s);
    // An output may not replace a file it compares.
    const refused = await diffIn(dir, ["-o", "assessments/mines/angola.yaml", "--format", "md"]);
    expect(refused.exitCode).toBe(2);
    expect(readFileSync(join(dir, "assessments/mines/angola.yaml"), "utf8")).toBe(readFileSync(join(ROOT, "test/fixtures/diff/mines/angola.yaml"), "utf8"));
  });
});

describe("assess diff: revisions, paths and frameworks", () => {
  it("two commits, one file: the revisions named, and a path after --", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    edit(dir, "assessments/mines/angola.yaml", angola2023);
    commit(dir, "Cambodia 2024 and Angola 2023");
    const result = await diffIn(dir, ["main~1", "main", "--", "assessments/mines/cambodia.yaml"]);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-two-commits.txt");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain("Angola");
    // The same without --: the leading operands that name commits are the revisions.
    expect((await diffIn(dir, ["main~1", "main", "assessments/mines/cambodia.yaml"])).stdout).toBe(result.stdout);
    // One revision: against the working tree, where nothing changed since main.
    expect((await diffIn(dir, ["main"])).stdout).toContain("No assessment or framework changed between main (");
  });

  it("from a subfolder, the paths are that folder's and named from there", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    const result = await diffIn(join(dir, "assessments", "mines"), []);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Cambodia  cambodia.yaml: modified");
  });

  it("a framework kept in the repository and changed: its changes, and every programme it scores again", async () => {
    const dir = makeRepository({ criteria: true });
    edit(dir, "criteria/ctm-2024.yaml", (text) =>
      text
        .replace("{ id: gender, title: Gender and diversity, weight: 10,", "{ id: gender, title: Gender and diversity, weight: 5,")
        .replace("{ id: land-release-system, title: Land release system, weight: 10,", "{ id: land-release-system, title: Land release system, weight: 15,")
        .replace("      land-release-system: 20\n", "      land-release-system: 20\n      gender: 5\n      land-release-outputs: 25\n")
        .replace("{ label: GOOD, min: 7.0 }", "{ label: GOOD, min: 7.5 }"),
    );
    const result = await diffIn(dir, ["--criteria", "criteria", "--format", "md"]);
    await expect(result.text).toMatchFileSnapshot("transcripts/diff-framework.txt");
    // Cambodia's file did not change; its two years scored under ctm-2024 did: 2024 falls to AVERAGE, unexplained.
    expect(result.stdout).toContain("assessments/mines/cambodia.yaml: unchanged, scored again under a changed framework");
    expect(result.exitCode).toBe(4);
  });

  it("JSON writes scores, weights and effects as the exact decimals they are, never through a double", async () => {
    const dir = makeRepository({ criteria: true });
    edit(dir, "criteria/ctm-2024.yaml", (text) => text.replace("scale: { min: 0, max: 10, step: 1 }", "scale: { min: 0, max: 10, step: 0.00000000000000001 }"));
    commit(dir, "A finer scale");
    edit(dir, "assessments/mines/cambodia.yaml", (text) => text.replace("      contamination:\n        score: 7\n", "      contamination:\n        score: 6.99999999999999999\n"));
    const result = await diffIn(dir, ["--criteria", "criteria", "--format", "json", "--fail-on", "none"]);
    const contamination = /"id": "contamination",[^}]*/.exec(result.stdout)?.[0];
    expect(contamination).toContain('"from": 7,');
    expect(contamination).toContain('"to": 6.99999999999999999,');
    expect(contamination).toContain('"effect": -0.000000000000000002,');
    expect(result.exitCode).toBe(0);
  });

  it("a file invalid at the earlier revision: its problems there, named by the revision, shown but not counted", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/angola.yaml", (text) => text.replace("contamination: { score: 8 }", "contamination: { score: 11 }"));
    commit(dir, "A typing mistake");
    edit(dir, "assessments/mines/angola.yaml", (text) => text.replace("contamination: { score: 11 }", "contamination: { score: 9 }"));
    const fixed = await diffIn(dir, []);
    await expect(fixed.text).toMatchFileSnapshot("transcripts/diff-invalid-before.txt");
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stderr).toMatch(/^HEAD:assessments\/mines\/angola\.yaml:14:31: score-out-of-range: /);
    // Invalid in the working tree: the problems there, with exit code 1.
    edit(dir, "assessments/mines/angola.yaml", (text) => text.replace("contamination: { score: 9 }", "contamination: { score: 12 }"));
    const broken = await diffIn(dir, ["--format", "md"]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/^HEAD:assessments\/mines\/angola\.yaml:14:31: score-out-of-range: .*\n(.*\n)*assessments\/mines\/angola\.yaml:14:31: score-out-of-range: .*\n  14 \|/);
    expect(broken.stdout).toContain("| Angola | — | — | — | invalid at HEAD (");
    expect(broken.stdout).toContain("- assessments/mines/angola.yaml:14:31: score-out-of-range:");
  });

  it("line ends git converts on checkout (core.autocrlf) are no change, as git status says", async () => {
    const dir = makeRepository();
    const clone = mkdtempSync(join(tmpdir(), "assess-crlf-"));
    git(clone, "clone", "-q", "-c", "core.autocrlf=true", dir, ".");
    expect(readFileSync(join(clone, "assessments/mines/cambodia.yaml"), "utf8")).toContain("\r\n");
    const same = await diffIn(clone, []);
    expect(same.stdout).toContain("No assessment or framework changed");
    expect(same.exitCode).toBe(0);
    edit(clone, "assessments/mines/cambodia.yaml", (text) => text.replace("      land-release-outputs:\r\n        score: 7\r\n", "      land-release-outputs:\r\n        score: 3\r\n"));
    const changed = await diffIn(clone, ["--fail-on", "none"]);
    expect(changed.stdout).toContain("1 programme changed");
    expect(changed.stdout).not.toContain("angola");
  });

  it("only comments or layout changed: said, and nothing else", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/yemen.yaml", (text) => `# Checked again in 2025.\n${text}`);
    const result = await diffIn(dir, []);
    expect(result.stdout).toContain("1 file with only comments or layout changed.");
    expect(result.exitCode).toBe(0);
  });
});

describe("assess diff: what it refuses", () => {
  it("outside a git repository, a usage error saying so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-no-repo-"));
    const result = await diffIn(dir, []);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^assess: error: \S+ is not in a git repository's working tree \(git says: fatal: not a git repository.*\); assess diff compares the files of two git revisions\n$/);
  });

  it("without git, a usage error saying so", async () => {
    const dir = makeRepository();
    const path = process.env.PATH;
    process.env.PATH = join(dir, "no-such-folder");
    try {
      const result = await diffIn(dir, []);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe("assess: error: git is not installed (or not on the PATH); assess diff runs git to read the files at each revision\n");
    } finally {
      process.env.PATH = path;
    }
  });

  it("a repository with no commit, a revision that is none, one that is also a path, a third revision", async () => {
    const empty = mkdtempSync(join(tmpdir(), "assess-empty-repo-"));
    git(empty, "init", "-q");
    const none = await diffIn(empty, []);
    expect(none.stderr).toBe("assess: error: HEAD names no commit: this repository has no commit yet; commit the files first, then diff the working tree against it\n");
    expect(none.exitCode).toBe(2);

    const dir = makeRepository();
    const unknown = await diffIn(dir, ["nope"]);
    expect(unknown.stderr).toBe("assess: error: nope: neither a revision nor a file or folder at either revision\n");
    expect(unknown.exitCode).toBe(2);
    const notCommit = await diffIn(dir, ["nope", "--", "assessments"]);
    expect(notCommit.stderr).toBe("assess: error: nope names no commit of this repository\n");
    git(dir, "branch", "assessments");
    const ambiguous = await diffIn(dir, ["assessments"]);
    expect(ambiguous.stderr).toBe("assess: error: assessments names both a revision and a file or folder; put -- between the revisions and the paths\n");
    expect(ambiguous.exitCode).toBe(2);
    const three = await diffIn(dir, ["main", "main", "main", "--"]);
    expect(three.stderr).toBe("assess: error: give at most two revisions (from and to), not 3\n");
    const badFailOn = await diffIn(dir, ["--fail-on", "ratings"]);
    expect(badFailOn.exitCode).toBe(2);
    expect(badFailOn.stderr).toContain("ratings: not a condition; give one or more of unexplained-rating, unexplained-score, rating, score, change, none.");
  });

  it("a file whose name is not UTF-8 text is reported as unreadable, never taken for a file deleted", async () => {
    const dir = makeRepository();
    const raw = Buffer.concat([Buffer.from(join(dir, "assessments/mines/cam")), Buffer.from([0xff]), Buffer.from(".yaml")]);
    renameSync(join(dir, "assessments/mines/cambodia.yaml"), raw);
    commit(dir, "A name in another encoding");
    const result = await diffIn(dir, []);
    expect(result.stdout).not.toContain("deleted");
    expect(result.stderr).toContain("assessments/mines/cam\uFFFD.yaml:1:1: file-unreadable: this file's name is not UTF-8 text; rename it");
    expect(result.exitCode).toBe(1);
  });

  it("a symbolic link is read at a revision as on disk: followed inside the revision, or out of the repository", async () => {
    const dir = makeRepository();
    symlinkSync("cambodia.yaml", join(dir, "assessments/mines/link.yaml"));
    writeFileSync(join(dir, "..", `${basename(dir)}-outside.yaml`), readFileSync(join(dir, "assessments/mines/angola.yaml")));
    symlinkSync(`../../../${basename(dir)}-outside.yaml`, join(dir, "assessments/mines/out.yaml"));
    symlinkSync("nothing.yaml", join(dir, "assessments/mines/dangling.yaml"));
    commit(dir, "Links");
    // Nothing changed: nothing to say about the links either.
    const same = await diffIn(dir, []);
    expect(same.stdout).toContain("No assessment or framework changed");
    expect(same.stderr).toBe("");
    expect(same.exitCode).toBe(0);
    // The file a link leads to changed between two commits: the link's reading changed with it.
    edit(dir, "assessments/mines/cambodia.yaml", unexplainedFall);
    commit(dir, "Cambodia 2024: land release outputs");
    const moved = await diffIn(dir, ["HEAD~1", "HEAD", "--fail-on", "none"]);
    expect(moved.stdout).toContain("assessments/mines/link.yaml: modified");
    expect(moved.stdout).toContain("assessments/mines/cambodia.yaml: modified");
    expect(moved.stderr).not.toContain("file-unreadable");
  });

  it("an assessment that became YAML of no known kind is invalid in the working tree, with the error that says so", async () => {
    const dir = makeRepository();
    writeFileSync(join(dir, "assessments/mines/cambodia.yaml"), "# Moved to cambodia-2025.yaml\nmoved: true\n");
    const result = await diffIn(dir, []);
    expect(result.stdout).toContain("Invalid in the working tree");
    expect(result.stderr).toContain("assessments/mines/cambodia.yaml:2:1: unknown-document: this YAML is neither an assessment");
    expect(result.exitCode).toBe(1);
  });

  it("-o may not name a file compared, whichever revisions are read: the assessment on disk is left as it was", async () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", explainedChange);
    commit(dir, "Cambodia 2024");
    const before = readFileSync(join(dir, "assessments/mines/cambodia.yaml"), "utf8");
    for (const revisions of [[], ["HEAD~1"], ["HEAD~1", "HEAD"]]) {
      const result = await diffIn(dir, [...revisions, "--format", "md", "-o", "assessments/mines/cambodia.yaml"]);
      expect(result.stderr).toBe("assess: error: assessments/mines/cambodia.yaml is one of the inputs; write the output to another file\n");
      expect(result.exitCode).toBe(2);
      expect(readFileSync(join(dir, "assessments/mines/cambodia.yaml"), "utf8")).toBe(before);
    }
  });

  it("a revision or a path that looks like an option is never passed to git as one", async () => {
    const dir = makeRepository();
    const result = await diffIn(dir, ["--", "--output=x"]);
    expect(result.stderr).toBe("assess: error: --output=x: neither a revision nor a file or folder at either revision\n");
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const asRevision = await diffTask({ revisions: ["--output=x"] }, new TaskContext());
      expect(asRevision.usage).toBe("--output=x names no commit of this repository");
      expect(existsSync(join(dir, "x"))).toBe(false);
    } finally {
      process.chdir(previous);
    }
  });
});

describe("assess diff from the built executable", () => {
  it("runs git in the folder it is started in, and exits with the code the check gives", () => {
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", unexplainedFall);
    const run = spawnSync(process.execPath, [BIN, "diff", "--format", "md"], { cwd: dir, encoding: "utf8" });
    expect(run.status).toBe(4);
    expect(run.stdout).toContain("| Cambodia | 2024 | 7.2 → 6.4 (−0.8) | GOOD → AVERAGE ⚠️ | 1 score |");
    expect(run.stderr).not.toMatch(/\s+at /);
  });
});

describe("the CI recipe, docs/assess-diff.yml", () => {
  const recipe = readFileSync(join(ROOT, "docs/assess-diff.yml"), "utf8");
  const workflow = parse(recipe) as { on: { pull_request: unknown }; jobs: { review: { steps: { name?: string; run?: string; uses?: string }[] } } };
  const steps = workflow.jobs.review.steps;

  it("is shown in the README as it is", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`\`\`\`yaml\n${recipe}\`\`\``);
  });

  it("checks out the whole history, validates, comments, and fails on what the diff found", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    expect(steps.some((step) => step.run?.includes("npx assess validate assessments/ criteria/"))).toBe(true);
    expect(steps.some((step) => step.uses === "actions/github-script@v7")).toBe(true);
    expect(steps.at(-1)!.run).toContain("exit 1");
  });

  it("its diff command runs as written, in a repository whose last commit changed a rating without a word", async () => {
    const command = steps.find((step) => step.name === "Compare with the base branch")!.run!.split("\n").find((line) => line.startsWith("npx assess diff"))!;
    const args = command.replace(/^npx assess diff /, "").split(" ").map((arg) => (arg === '"$BASE"' ? "HEAD~1" : arg));
    const dir = makeRepository();
    edit(dir, "assessments/mines/cambodia.yaml", unexplainedFall);
    commit(dir, "Cambodia 2024: land release outputs");
    const result = await diffIn(dir, args);
    expect(result.exitCode).toBe(4);
    const comment = readFileSync(join(dir, "assess-diff.md"), "utf8");
    expect(comment.startsWith("<!-- assess diff -->\n")).toBe(true);
    expect(comment).toContain("| Cambodia | 2024 | 7.2 → 6.4 (−0.8) | GOOD → AVERAGE ⚠️ | 1 score |");
  });
});
