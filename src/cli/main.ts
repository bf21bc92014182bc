import { ExitCode } from "./exit-codes.js";
import { visibleText } from "./format-diagnostics.js";
import { runCli } from "./run-cli.js";

/** The `assess` executable: the only place that touches process streams and sets the exit code. */

// A reader that stops early (`assess render … | head`) closes the pipe: that is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only a bug reaches here; user errors are reported by runCli with their own exit codes.
    process.stderr.write(visibleText(`assess: internal error: ${(error as Error)?.stack ?? String(error)}\n`));
    process.exitCode = ExitCode.internal;
  },
);
