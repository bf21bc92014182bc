import type { AssessmentEdit } from "../edit/edit-assessment.js";
import { Refusal } from "./security.js";

/** A change asked for by a page: the file (its name under the folder served), the version it showed, the edits. */
export interface EditRequest {
  file: string;
  version: string;
  edits: AssessmentEdit[];
}

/** A next year asked for by a page: the file, the version it showed, and the year (or the default). */
export interface NextYearRequest {
  file: string;
  version: string;
  year?: number;
}

const MAX_CHANGES = 200;
const MAX_TEXT = 100_000;

/**
 * `{ file, version, year, changes: [{ criterion, score }, { criterion, commentary }] }`, checked field by field: a
 * request of any other shape is refused (400) with what is wrong, never half understood.
 */
export function parseEditRequest(body: string): EditRequest {
  const value = parseJson(body);
  const { file, version } = common(value);
  const year = yearOf(value.year, "year");
  if (!Array.isArray(value.changes) || value.changes.length === 0 || value.changes.length > MAX_CHANGES) {
    throw new Refusal(400, `'changes' is a list of 1 to ${MAX_CHANGES} changes`);
  }
  const edits = value.changes.map((change: unknown): AssessmentEdit => {
    if (!isRecord(change)) throw new Refusal(400, "each change is an object { criterion, score } or { criterion, commentary }");
    const criterion = change.criterion;
    if (typeof criterion !== "string" || criterion === "" || criterion.length > 200) throw new Refusal(400, "each change names its 'criterion'");
    const keys = Object.keys(change).filter((key) => key !== "criterion");
    if (keys.length !== 1) throw new Refusal(400, "each change sets one of 'score' or 'commentary'");
    if (keys[0] === "score") {
      const score = change.score;
      if (score !== null && (typeof score !== "string" || score.length > 30)) throw new Refusal(400, "'score' is the number as text (\"7\"), or null for no score");
      return { kind: "score", year, criterion, score: score === null ? null : score.trim() === "" ? null : score.trim() };
    }
    if (keys[0] === "commentary") {
      const commentary = change.commentary;
      if (typeof commentary !== "string" || commentary.length > MAX_TEXT) throw new Refusal(400, `'commentary' is text of at most ${MAX_TEXT} characters`);
      return { kind: "commentary", year, criterion, commentary };
    }
    throw new Refusal(400, `a change cannot set '${String(keys[0]).slice(0, 40)}'; only 'score' or 'commentary'`);
  });
  return { file, version, edits };
}

/** `{ file, version, year? }` */
export function parseNextYearRequest(body: string): NextYearRequest {
  const value = parseJson(body);
  const { file, version } = common(value);
  return { file, version, ...(value.year !== undefined && value.year !== null && { year: yearOf(value.year, "year") }) };
}

function parseJson(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Refusal(400, "the request is not JSON");
  }
  if (!isRecord(value)) throw new Refusal(400, "the request is not a JSON object");
  return value;
}

function common(value: Record<string, unknown>): { file: string; version: string } {
  if (typeof value.file !== "string" || value.file === "" || value.file.length > 1000) throw new Refusal(400, "'file' names the assessment");
  if (typeof value.version !== "string" || !/^[0-9a-f]{1,64}$/.test(value.version)) throw new Refusal(400, "'version' is the version of the file the page showed");
  return { file: value.file, version: value.version };
}

function yearOf(value: unknown, name: string): number {
  const year = typeof value === "string" && /^\d{4}$/.test(value) ? Number(value) : value;
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1000 || year > 9999) throw new Refusal(400, `'${name}' is a year of four digits`);
  return year;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
