import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder, found from this module's location, whether it runs from src/ (tests) or from the
 * built dist/ bundle: the bundled frameworks and templates live beside package.json.
 */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "package.json")) || !existsSync(join(folder, "criteria"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("cannot find the package folder holding criteria/");
    folder = parent;
  }
  return folder;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export const bundledCriteriaDir = (): string => join(packageRoot(), "criteria");
export const bundledTemplatesDir = (): string => join(packageRoot(), "templates");

/** Paths in messages are relative to the working folder, as a user would type them. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), resolve(path));
  return shown === "" ? "." : shown;
}
