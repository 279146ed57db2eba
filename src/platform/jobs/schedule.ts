// A recurring job in this process: runs `job` every `intervalMs` (first after `firstAfterMs`),
// never two runs at once. For several Tandem processes on one PostgreSQL, jobs take an advisory
// lock or work on rows each claims, so that running in every process is harmless.
export type Scheduled = { stop(): Promise<void>; runNow(): Promise<void> };

export function every(intervalMs: number, job: () => Promise<unknown>, onError: (e: unknown) => void, firstAfterMs = intervalMs): Scheduled {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= job()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const first = setTimeout(() => void run(), firstAfterMs);
  const timer = setInterval(() => void run(), intervalMs);
  first.unref();
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
