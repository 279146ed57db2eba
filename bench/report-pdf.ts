// The national response report PDF (5,000 contributions in English, Russian and Arabic, mixed
// directions) written in each reader's language, as the report route writes it: median of 3 runs
// per language, each run a new document (`npm run bench:pdf`).
//   BENCH_CONTRIBUTIONS  contributions in the report (5000)
//   BENCH_RUNS           runs per language (3)
//   --save FILE          keep the medians in FILE (JSON)
//   --compare FILE       print the ratio to medians kept earlier with --save (e.g. before a change)
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderReportPdf } from '../src/modules/planning/report-pdf.ts';
import { nationalReportView } from './report-view.ts';

const { values: args } = parseArgs({ options: { save: { type: 'string' }, compare: { type: 'string' } } });
const contributions = Number(process.env.BENCH_CONTRIBUTIONS ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const LANGS = ['en', 'ru', 'ar'] as const;

const view = nationalReportView({ contributions });
const chars = view.groups.reduce((n, g) => n + g.contributions.reduce((m, c) => m + c.body.length + (c.reasons?.length ?? 0), 0), 0);
process.stdout.write(`${contributions} contributions, ${(chars / 1e6).toFixed(2)} M characters of free text; ${runs} runs per language\n`);

const before: Record<string, number> | null = args.compare ? (JSON.parse(readFileSync(args.compare, 'utf8')) as Record<string, number>) : null;
const medians: Record<string, number> = {};
for (const lang of LANGS) {
  const times: number[] = [];
  let bytes: Buffer = Buffer.alloc(0);
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    bytes = await renderReportPdf(view, lang);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  medians[lang] = median;
  const pages = bytes.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  const ratio = before?.[lang] ? `  before ${(before[lang] / 1000).toFixed(1)} s, ×${(before[lang] / median).toFixed(1)}` : '';
  process.stdout.write(
    `${lang}: median ${(median / 1000).toFixed(2)} s (runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')}), ${pages} pages, ${(bytes.length / 1e6).toFixed(1)} MB${ratio}\n`,
  );
}
if (args.save) writeFileSync(args.save, `${JSON.stringify(medians, null, 2)}\n`);
