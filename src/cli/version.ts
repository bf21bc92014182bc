import { packageVersion } from "../load/paths.js";

declare const __VERSION__: string | undefined;

/**
 * The version `assess --version` prints: put into the bundle by the build (scripts/build.mjs) from package.json, so
 * that start-up reads no file for it; read from package.json when running from the sources (the tests).
 */
export function toolVersion(): string {
  return typeof __VERSION__ === "string" ? __VERSION__ : packageVersion();
}
