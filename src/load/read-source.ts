import { readFileSync, statSync } from "node:fs";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceText } from "../parse/parse-yaml.js";

/** Files larger than this are refused before reading: no assessment comes close (Cambodia's is 5 KiB). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads one input file as UTF-8 text, or says why it cannot. */
export function readSource(file: string): { source?: SourceText; diagnostics: Diagnostic[] } {
  const fail = (message: string) => ({ diagnostics: [diagnostic("file-unreadable", message, { file })] });
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fail("this is a folder; give a YAML file here");
    if (!stat.isFile()) return fail("this is not a regular file");
    size = stat.size;
  } catch (error) {
    return fail(describeFsError(error));
  }
  if (size > MAX_FILE_BYTES) {
    const message = `the file is ${formatBytes(size)}, over the ${formatBytes(MAX_FILE_BYTES)} limit for one assessment or framework; split it`;
    return { diagnostics: [diagnostic("file-too-large", message, { file })] };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return fail(describeFsError(error));
  }
  return decodeSource(file, bytes);
}

/** UTF-8 bytes as text, or a `not-utf8` diagnostic. A byte-order mark is dropped, so positions count from the first character. */
export function decodeSource(file: string, bytes: Uint8Array): { source?: SourceText; diagnostics: Diagnostic[] } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { source: { file, text }, diagnostics: [] };
  } catch {
    return { diagnostics: [notUtf8(file, bytes)] };
  }
}

/** Where the first byte that is not UTF-8 is, as line and column of the text before it. */
function notUtf8(file: string, bytes: Uint8Array): Diagnostic {
  const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
  const before = lossy.slice(0, lossy.indexOf("\uFFFD"));
  const lines = before.split("\n");
  return diagnostic(
    "not-utf8",
    "the file is not UTF-8 text (saved in another encoding, such as Windows-1252?); save it as UTF-8",
    { file, line: lines.length, column: lines.at(-1)!.length + 1 },
  );
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links (a symlink loop)";
    case "EISDIR":
      return "this is a folder; give a YAML file here";
    case "ENOTDIR":
      return "a part of this path is not a folder";
    default:
      return (error as Error).message;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
