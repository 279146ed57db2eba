export const EXIT = { ok: 0, failed: 1, usage: 2, database: 3, config: 4 } as const;

/** Wrong or missing options: the command prints its usage and exits with 2. */
export class UsageError extends Error {}
