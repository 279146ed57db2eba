// Every n minutes, as a cron expression (UTC). Cron counts minutes within the hour, so a period
// that does not divide the hour is rounded down to one that does (25 → every 20 minutes); longer
// periods run on the hour, every so many hours.
export function everyMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1) throw new RangeError('a period of at least one minute');
  if (minutes < 60) {
    const divisor = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((d) => d <= minutes)!;
    return divisor === 1 ? '* * * * *' : `*/${divisor} * * * *`;
  }
  const hours = Math.min(24, Math.floor(minutes / 60));
  const divisor = [24, 12, 8, 6, 4, 3, 2, 1].find((d) => d <= hours)!;
  return divisor === 24 ? '0 0 * * *' : divisor === 1 ? '0 * * * *' : `0 */${divisor} * * *`;
}
