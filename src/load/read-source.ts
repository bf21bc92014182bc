import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync } from "node:fs";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";


/** A source file's text, as read by the load stage. */
export interface SourceText {
  file: string;
  text: string;
}

/** Files larger than this are refused before reading: no assessment comes close (Cambodia's is 5 KiB). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads one input file as UTF-8 text, or says why it cannot. */
export function readSource(file: string): { source?: SourceText; diagnostics: Diagnostic[] } {
  const read = readTextBytes(file);
  return read.bytes ? decodeSource(file, read.bytes) : { diagnostics: [read.problem] };
}

/**
 * The bytes of a regular file of at most MAX_FILE_BYTES, or the diagnostic saying why not. The file is opened
 * without blocking and examined through its descriptor, so a fifo or a device (even one put in a file's place
 * meanwhile) is refused at once rather than waited on.
 */
export function readTextBytes(file: string, limit = MAX_FILE_BYTES): { bytes: Buffer; problem?: undefined } | { bytes?: undefined; problem: Diagnostic } {
  const fail = (message: string) => ({ problem: diagnostic("file-unreadable", message, { file }) });
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return fail(((error as NodeJS.ErrnoException).code === "ENOENT" && danglingSymlink(file)) || describeFsError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return fail("this is a folder; give a YAML file here");
    if (!stat.isFile()) return fail("this is not a regular file");
    if (stat.size > limit) {
      const message = `the file is ${formatBytes(stat.size)}, over the ${formatBytes(limit)} limit for one assessment or framework; split it`;
      return { problem: diagnostic("file-too-large", message, { file }) };
    }
    return { bytes: readFileSync(fd) };
  } catch (error) {
    return fail(describeFsError(error));
  } finally {
    closeSync(fd);
  }
}

/** A file as it is to be edited in place: all of its text, a byte-order mark included, and its version. */
export interface EditableText extends SourceText {
  /** Names the file's exact bytes: a file saved since it was read has another version. */
  version: string;
}

/**
 * Reads a file to edit it in place, with the same checks as readSource (a regular UTF-8 file within the size
 * limit). Unlike readSource it keeps a byte-order mark in the text, so that writing the edited text back keeps it.
 */
export function readEditable(file: string): { source?: EditableText; diagnostics: Diagnostic[] } {
  const read = readTextBytes(file);
  if (!read.bytes) return { diagnostics: [read.problem] };
  const decoded = decodeSource(file, read.bytes);
  if (!decoded.source) return { diagnostics: decoded.diagnostics };
  const bom = read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf ? "\uFEFF" : "";
  return { source: { file, text: `${bom}${decoded.source.text}`, version: versionOf(read.bytes) }, diagnostics: [] };
}

/** The version of a file's bytes (or of a text, as UTF-8): the start of their SHA-256, in hex. */
export function versionOf(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 20);
}

/** "a symlink to …, which does not exist" when `file` is a symlink whose target is missing. */
function danglingSymlink(file: string): string | undefined {
  try {
    if (!lstatSync(file).isSymbolicLink()) return undefined;
    return `this is a symlink to ${readlinkSync(file)}, which does not exist`;
  } catch {
    return undefined;
  }
}

/** UTF-8 bytes as text, or a `not-utf8` diagnostic. A byte-order mark is dropped, so positions count from the first character. */
export function decodeSource(file: string, bytes: Uint8Array): { source?: SourceText; diagnostics: Diagnostic[] } {
  const text = strictUtf8(bytes);
  return text === undefined ? { diagnostics: [notUtf8(file, bytes)] } : { source: { file, text }, diagnostics: [] };
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Bytes as text when they are UTF-8 (a leading byte-order mark dropped), else undefined: one rule for file
 * contents, file names (from the folder walker and from git) and request bodies.
 */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
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
