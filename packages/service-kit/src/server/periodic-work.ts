/**
 * Runs `round` every `intervalMs` (and once at once with `runNow`) until the returned stop is
 * called, one round at a time: a tick that finds the last round still running is skipped, not
 * queued behind it, so a slow store never piles rounds up. A failed round goes to `onError` and
 * the next tick runs as usual. Stop waits for the round in progress: a shutdown closes the
 * store only after it.
 */
export function startPeriodicWork(
  intervalMs: number,
  round: () => Promise<void>,
  onError: (error: unknown) => void,
  options: { runNow?: boolean } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = Promise.resolve()
      .then(round)
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  if (options.runNow) tick();
  const timer = setInterval(tick, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
