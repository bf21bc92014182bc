// A module of its own, with nothing else, so that the command line can list the conditions without loading the diff.

/**
 * What `assess diff --fail-on` can ask to fail on:
 * - unexplained-rating: a year's rating changed while none of its commentary did, or a year added is rated
 *   differently from the year before it and no criterion that moved has commentary (the default);
 * - unexplained-score: a criterion's score changed while its commentary did not;
 * - rating: any rating changed (a year added: rated differently from the year before it); score: any score changed;
 * - change: anything changed at all (a file added, deleted or renamed, a year, a commentary, a framework);
 * - none: nothing (only invalid files and usage errors end the run with an error).
 * Years imported from a table that printed no commentary are exempt from the two `unexplained-` conditions, as
 * they are from the `unexplained-change` warning.
 */
export const FAIL_ON_CONDITIONS = ["unexplained-rating", "unexplained-score", "rating", "score", "change", "none"] as const;
export type FailOn = (typeof FAIL_ON_CONDITIONS)[number];
