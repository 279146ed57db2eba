// Calls their owners chose to list publicly, for anyone: open ones only (published, not yet
// closed), without any application. Row-level security admits no other call to this reader.
import type { Tx } from '../../db.ts';
import { iso } from './calls.ts';
import { ORG_TYPES, type PublicCallList } from './schema.ts';

export async function publicCalls(tx: Tx, now: Date): Promise<PublicCallList> {
  const rows = await tx
    .selectFrom('funding_calls as c')
    .leftJoin('organisations as o', 'o.id', 'c.owner_org_id')
    .select(['c.id', 'c.title', 'o.name', 'c.purpose', 'c.opens_on', 'c.deadline', 'c.budget_ceiling', 'c.currency', 'c.org_types', 'c.countries', 'c.women_led_priority'])
    .where('c.public_listing', '=', true)
    .where('c.status', '=', 'published')
    .where('c.deadline', '>', now)
    .orderBy('c.deadline')
    .orderBy('c.id')
    .limit(100)
    .execute();
  return {
    calls: rows.map((c) => ({
      id: c.id,
      title: c.title,
      funder: c.name ?? null,
      purpose: c.purpose,
      opensOn: typeof c.opens_on === 'string' ? c.opens_on.slice(0, 10) : new Date(c.opens_on).toISOString().slice(0, 10),
      deadline: iso(c.deadline)!,
      budgetCeiling: Number(c.budget_ceiling),
      currency: c.currency,
      orgTypes: ORG_TYPES.filter((t) => c.org_types.includes(t)),
      countries: c.countries,
      womenLedPriority: c.women_led_priority,
    })),
  };
}
