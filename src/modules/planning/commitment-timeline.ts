// The story of one commitment in date order: milestones falling due and being completed,
// progress reported, independent assessments made, and answers to contributions that the
// commitment reflects. Pure: the service reads the records, this only merges them.
import type { CompletionLevel } from './schema.ts';
import type { TimelineEntry } from './commitment-schema.ts';

type Milestone = { id: string; title: string; dueOn: string; completedOn: string | null };
type Progress = { id: string; reportedOn: string; completion: CompletionLevel; body: string; orgName: string | null; createdAt: string };
type Assessment = { id: string; assessedOn: string; completion: CompletionLevel; orgName: string | null; createdAt: string };
type Answer = { id: string; respondedAt: string; status: string; orgName: string | null };

/** On the same day: what was due first, then what was done, said and assessed about it. */
const SAME_DAY_ORDER: Record<TimelineEntry['kind'], number> = { milestone_due: 0, answer: 1, milestone_done: 2, progress: 3, assessment: 4 };

const firstLine = (s: string, max = 140) => {
  const line = s.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function commitmentTimeline(input: { milestones: Milestone[]; progress: Progress[]; assessments: Assessment[]; answers: Answer[] }): TimelineEntry[] {
  const entries: Array<TimelineEntry & { at: string }> = [];
  for (const m of input.milestones) {
    entries.push({ kind: 'milestone_due', on: m.dueOn, at: '', refId: m.id, title: m.title, completion: null, orgName: null });
    if (m.completedOn) entries.push({ kind: 'milestone_done', on: m.completedOn, at: '', refId: m.id, title: m.title, completion: null, orgName: null });
  }
  for (const p of input.progress) {
    entries.push({ kind: 'progress', on: p.reportedOn, at: p.createdAt, refId: p.id, title: firstLine(p.body), completion: p.completion, orgName: p.orgName });
  }
  for (const a of input.assessments) {
    entries.push({ kind: 'assessment', on: a.assessedOn, at: a.createdAt, refId: a.id, title: '', completion: a.completion, orgName: a.orgName });
  }
  for (const c of input.answers) {
    entries.push({ kind: 'answer', on: c.respondedAt.slice(0, 10), at: c.respondedAt, refId: c.id, title: c.status, completion: null, orgName: c.orgName });
  }
  entries.sort((a, b) => a.on.localeCompare(b.on) || SAME_DAY_ORDER[a.kind] - SAME_DAY_ORDER[b.kind] || a.at.localeCompare(b.at) || a.refId.localeCompare(b.refId));
  return entries.map(({ at: _at, ...entry }) => entry);
}
