// A deterministic synthetic corpus for the benchmark: N programmes, each 10 years × 8 criteria of the 2024
// edition, with about 300 characters of commentary per criterion, as in the Cambodia report.
import { mkdirSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const IDS = ["contamination", "ownership", "gender", "environment", "information", "planning", "land-release-system", "land-release-outputs"];
const WORDS = "the national authority released mined area through survey and clearance while funding fell and operators reported discrepancies between official data and their own records of land release in border provinces".split(" ");

/** A small linear congruential generator: the same seed gives the same corpus on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function commentary(next) {
  const words = [];
  let length = 0;
  while (length < 300) {
    const word = WORDS[Math.floor(next() * WORDS.length)];
    words.push(word);
    length += word.length + 1;
  }
  return `${words.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
}

export function writeCorpus(folder, count, seed = 20261124) {
  mkdirSync(folder, { recursive: true });
  if (existsSync(folder) && readdirSync(folder).length === count) return folder;
  const next = random(seed);
  for (let p = 0; p < count; p++) {
    const lines = [`programme: Programme ${p + 1}`, "framework: ctm-2024", "years:"];
    for (let year = 2024; year > 2014; year--) {
      lines.push(`  ${year}:`, "    criteria:");
      for (const id of IDS) {
        lines.push(`      ${id}:`, `        score: ${Math.floor(next() * 11)}`, "        commentary: >-", `          ${commentary(next)}`);
      }
    }
    writeFileSync(join(folder, `programme-${String(p + 1).padStart(5, "0")}.yaml`), `${lines.join("\n")}\n`);
  }
  return folder;
}
