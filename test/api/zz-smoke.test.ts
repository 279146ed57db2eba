import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { pdfTextRuns } from '../support/pdf-text.ts';
it('smoke', async () => {
  const t = await createTestApp('pglite');
  const rosa = await t.db.system((tx) => tx.selectFrom('cases').select(['id', 'case_number']).where('alias', '=', 'Rosa').executeTakeFirstOrThrow());
  const c = await t.signIn('coordinator@tandem.example');
  for (const lang of ['en', 'ru', 'ar']) {
    const r = await c.get(`/api/cases/${rosa.id}/summary.pdf?lang=${lang}`);
    console.log(lang, r.statusCode, r.headers['content-disposition'], r.rawPayload.length, r.statusCode !== 200 ? r.body : '');
    writeFileSync(`/tmp/summary-${lang}.pdf`, r.rawPayload);
    if (lang !== 'en') console.log(pdfTextRuns(r.rawPayload).slice(0, 30));
  }
  const d = await t.signIn('dpo@tandem.example');
  const s = await d.post('/api/subject-access', { caseNumber: rosa.case_number, reason: 'subject access request received 2026-11-20, ref SAR-14', format: 'json' });
  console.log(s.statusCode, s.headers);
  writeFileSync('/tmp/sar.json', s.body);
  const p = await c.post('/api/subject-access?lang=ar', { caseNumber: rosa.case_number, reason: 'ورد طلب وصول في 2026-11-20، المرجع SAR-14', format: 'pdf' });
  console.log(p.statusCode, p.statusCode !== 200 ? p.body : '');
  writeFileSync('/tmp/sar-ar.pdf', p.rawPayload);
  await t.close();
}, 120_000);
