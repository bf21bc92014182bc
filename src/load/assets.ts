import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./paths.js";

/** A file of the package's assets/ folder (the workspace's script), as text. */
export function readAsset(name: string): string {
  return readFileSync(join(packageRoot(), "assets", name), "utf8");
}
