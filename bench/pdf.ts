// Time of the PDF writer on a long document: 2,000 paragraphs of a few lines each, in English,
// Russian and Arabic, as a national response report holds (`node bench/pdf.ts`).
import { PdfWriter } from '../src/platform/pdf/document.ts';

const TEXTS = [
  'Family support must start before the return, with the mother’s consent, and include the grandparents who often take the children in.',
  'Поддержка семьи должна начинаться до возвращения, с согласия матери, и включать бабушек и дедушек, которые часто принимают детей.',
  'يجب أن يبدأ دعم الأسرة قبل العودة، بموافقة الأم، وأن يشمل الأجداد الذين يستقبلون الأطفال في كثير من الأحيان.',
];
const paragraphs = Number(process.env.BENCH_PARAGRAPHS ?? 2000);
const runs: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const pdf = new PdfWriter({ title: 'Benchmark', lang: 'en', direction: 'ltr', createdAt: new Date(0) });
  for (let i = 0; i < paragraphs; i++) {
    pdf.subheading(`Contribution ${i + 1}`);
    pdf.freeText(`${TEXTS[i % 3]} ${TEXTS[(i + 1) % 3]}`);
  }
  const bytes = await pdf.end();
  runs.push(performance.now() - started);
  if (run === 0) process.stdout.write(`${paragraphs} paragraphs, ${Math.round(bytes.length / 1024)} KB\n`);
}
runs.sort((a, b) => a - b);
process.stdout.write(`median ${runs[1]!.toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})\n`);
