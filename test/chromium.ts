import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core (whose own browser download does not work here). `.ci/run` installs
 * it; elsewhere the browser tests skip, saying why. In CI a missing browser is a failure, not a skip.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const CHROMIUM = chromiumPath();
if (!CHROMIUM) {
  if (process.env.CI) throw new Error("CI needs Chromium for the browser tests: .ci/run installs Debian's chromium package");
  console.warn("Browser tests skipped: no Chromium found (install Debian's chromium package, or set CHROMIUM_PATH).");
}

/** Flags for a headless run on a machine with no network: nothing starts a connection of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
