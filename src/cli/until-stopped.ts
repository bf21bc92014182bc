/**
 * Resolves when a long-running command (watch, serve) is to stop: Ctrl-C (SIGINT), SIGTERM, or `signal` (a caller
 * in the same process, such as a test). The signal handlers are there only while waiting, so that other commands
 * keep Node's defaults.
 */
export async function untilStopped(signal: AbortSignal): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  signal.addEventListener("abort", onSignal, { once: true });
  await new Promise<void>((resolveWait) => stop.signal.addEventListener("abort", () => resolveWait(), { once: true }));
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
}
