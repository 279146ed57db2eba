// Layout findings known when the checks landed, each still to be fixed (issue: the newcomer's
// faults). The checks fail on any finding NOT listed here, so nothing new lands; delete a line
// when its page is fixed. A finding is keyed without ids, dates and numbers: the page (ids as
// `:id`), language, width and the kind of problem.
export const KNOWN_LAYOUT_FINDINGS: ReadonlySet<string> = new Set<string>([
]);

/** The key of a finding as listed above. */
export function findingKey(problem: string): string {
  const withoutIds = problem.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');
  const at = withoutIds.match(/^(\S+(?: \[[a-z]{2}, \d+px\])?): ([^:"(]+)/);
  return at ? `${at[1]}: ${at[2]!.replace(/[\d~]+/g, '#').replace(/\s+/g, ' ').trim()}` : withoutIds;
}
