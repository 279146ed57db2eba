// The directory (who sees which organisation), organisation profiles, creation by a platform
// administrator, and partnership agreements from draft to force, with the sharing check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';

type Org = { id: string; name: string; isPartner: boolean; visibility: string };

describe.each(backends)('organisations and agreements on %s', (backend) => {
  let t: TestApp;
  let ids: Record<string, string>;
  let bpcAdmin: TestClient;
  let coordinator: TestClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const rows = await t.db.system((tx) => tx.selectFrom('organisations').select(['id', 'short_name']).execute());
    ids = Object.fromEntries(rows.map((r) => [r.short_name!, r.id]));
    bpcAdmin = await t.signIn('org-admin@tandem.example');
    coordinator = await t.signIn('coordinator@tandem.example');
  });
  afterAll(() => t?.close());

  const names = (res: { json(): unknown }) => ((res.json() as { organisations: Org[] }).organisations).map((o) => o.name);

  it('shows public organisations to everyone, partners-only ones to partners, hidden ones to nobody else', async () => {
    const viewer = await t.signIn('viewer@tandem.example');
    const forViewer = names(await viewer.get('/api/directory'));
    expect(forViewer).toContain('Bridge Psychosocial Centre');
    expect(forViewer).not.toContain('Legal Aid Collective'); // partners only
    expect(forViewer).not.toContain('Interfaith Dialogue Council'); // hidden
    const forCoordinator = (await coordinator.get('/api/directory')).json().organisations as Org[];
    expect(forCoordinator.find((o) => o.name === 'Legal Aid Collective')).toMatchObject({ isPartner: true }); // agreement in force
    // A party to an agreement still being signed is named, but is not a partner yet.
    expect(forCoordinator.find((o) => o.name === "Mothers' Circle Association")).toMatchObject({ isPartner: false });
    expect(forCoordinator.map((o) => o.name)).not.toContain('Interfaith Dialogue Council');
    expect((await viewer.get(`/api/organisations/${ids.IDC}`)).statusCode).toBe(404);
    expect((await viewer.get(`/api/organisations/${ids.BPC}`)).statusCode).toBe(200);
  });

  it('searches by text, need domain, region, language, type and women-led', async () => {
    expect(names(await coordinator.get('/api/directory?q=legal'))).toEqual(['Legal Aid Collective']);
    expect(names(await coordinator.get('/api/directory?domain=psychosocial'))).toEqual(['Bridge Psychosocial Centre', "Mothers' Circle Association"]);
    expect(names(await (await t.signIn('viewer@tandem.example')).get('/api/directory?domain=psychosocial'))).toEqual(['Bridge Psychosocial Centre']);
    expect(names(await coordinator.get('/api/directory?womenLed=true'))).toEqual(["Mothers' Circle Association", 'Sisters in Learning', "Women's Voices Network"]);
    expect(names(await coordinator.get('/api/directory?region=south&type=cso'))).toEqual(['Legal Aid Collective', 'Sisters in Learning', 'Youth Horizons']);
    expect(names(await coordinator.get('/api/directory?language=kk'))).toEqual(["Women's Voices Network", 'Youth Horizons']);
    expect(names(await coordinator.get('/api/directory?q=%25'))).toEqual([]); // a percent sign is not a wildcard
    expect((await coordinator.get('/api/directory?domain=astrology')).statusCode).toBe(400);
  });

  it('has a public directory without sign-in, of public organisations only', async () => {
    const res = await t.client().get('/api/public/directory?womenLed=true');
    expect(res.statusCode).toBe(200);
    expect(names(res)).toEqual(['Sisters in Learning', "Women's Voices Network"]);
    const all = names(await t.client().get('/api/public/directory'));
    expect(all).not.toContain('Legal Aid Collective');
    expect(all).not.toContain("Mothers' Circle Association");
    expect(all).not.toContain('Interfaith Dialogue Council');
  });

  it('lets an organisation administrator edit their own profile, and hide it', async () => {
    const current = (await bpcAdmin.get('/api/organisations/current')).json();
    const { id: _id, type: _type, country: _country, isOwn: _o, isPartner: _p, ...profile } = current;
    const updated = await bpcAdmin.put('/api/organisations/current', { ...profile, languages: ['ru', 'en', 'ar', 'kk'], visibility: 'partners' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ languages: ['ru', 'en', 'ar', 'kk'], visibility: 'partners', isOwn: true });
    expect(names(await t.client().get('/api/public/directory'))).not.toContain('Bridge Psychosocial Centre');
    expect(names(await (await t.signIn('viewer@tandem.example')).get('/api/directory'))).not.toContain('Bridge Psychosocial Centre');
    expect(names(await coordinator.get('/api/directory'))).toContain('Bridge Psychosocial Centre'); // a partner
    await bpcAdmin.put('/api/organisations/current', { ...profile, visibility: 'public' });
    // Others cannot.
    const caseworker = await t.signIn('caseworker@tandem.example');
    expect((await caseworker.put('/api/organisations/current', { ...profile })).statusCode).toBe(403);
  });

  it('lets a platform administrator add an organisation and invite its first administrator', async () => {
    const admin = await t.signIn('platform-admin@tandem.example');
    const res = await admin.post('/api/organisations', {
      name: 'Hope Returns Foundation',
      shortName: 'HRF',
      type: 'cso',
      country: 'XM',
      regions: ['north'],
      areasOfWork: ['rehabilitation_reintegration'],
      needDomains: ['housing'],
      languages: ['ru'],
      womenLed: true,
      genderExpertise: false,
      registrationStatus: 'pending',
      visibility: 'hidden',
      description: null,
      firstAdmin: { email: 'director@hope.example', displayName: 'Zarina Aliyeva', locale: 'ru' },
    });
    expect(res.statusCode).toBe(201);
    const mail = await t.db.system((tx) => tx.selectFrom('mail_outbox').select('subject').where('to_email', '=', 'director@hope.example').executeTakeFirstOrThrow());
    expect(mail.subject).toContain('Hope Returns Foundation');
    expect((await coordinator.post('/api/organisations', { name: 'x' })).statusCode).toBe(400);
    expect((await bpcAdmin.get('/api/organisations')).statusCode).toBe(403);
  });

  describe('agreements', () => {
    let agreementId: string;
    const draft = () => ({
      title: 'Housing support',
      partnerOrgIds: [ids.ODVT],
      services: 'Temporary housing and help with rent',
      regions: ['north'],
      dataCategories: ['identity', 'contact', 'referrals_services'],
      legalBasis: 'consent',
      retentionMonths: 36,
      validFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
      reviewDate: null,
    });

    it('are drafted, edited while a draft, signed by every party, then in force', async () => {
      // Open Doors Vocational Trust has no administrator in the demo: give it one for this test.
      const { createAccount } = await import('../../src/modules/identity/setup.ts');
      await t.db.system((tx) => createAccount(tx, { email: 'odvt-admin@tandem.example', displayName: 'Ruslan Omarov', password: 'test password 1234', orgId: ids.ODVT!, roles: ['viewer'] }));
      const { sql } = await import('kysely');
      await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['viewer'] WHERE user_id = (SELECT id FROM users WHERE email = 'odvt-admin@tandem.example')`.execute(tx));

      const created = await bpcAdmin.post('/api/agreements', draft());
      expect(created.statusCode).toBe(201);
      const a = created.json();
      agreementId = a.id;
      expect(a).toMatchObject({ status: 'draft', can: { edit: true, sign: true } });
      expect(a.parties.map((p: { orgId: string }) => p.orgId).sort()).toEqual([ids.BPC, ids.ODVT].sort());

      const edited = await bpcAdmin.put(`/api/agreements/${agreementId}`, { ...draft(), dataCategories: ['identity', 'contact', 'referrals_services', 'needs_assessment'] });
      expect(edited.json().dataCategories).toContain('needs_assessment');

      const signed = await bpcAdmin.post(`/api/agreements/${agreementId}/signatures`, { signatoryName: 'Leyla Nazarova', signatoryTitle: 'Director' });
      expect(signed.json()).toMatchObject({ status: 'signing', can: { edit: false, sign: false } });
      expect((await bpcAdmin.put(`/api/agreements/${agreementId}`, draft())).statusCode).toBe(409);
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/signatures`, { signatoryName: 'Leyla Nazarova', signatoryTitle: 'Director' })).statusCode).toBe(409);

      // Open Doors' administrator (made one now, with a second factor the test knows nothing of:
      // sign in the system way) signs for Open Doors.
      await t.db.system((tx) => sql`UPDATE memberships SET roles = ARRAY['org_admin'] WHERE user_id = (SELECT id FROM users WHERE email = 'odvt-admin@tandem.example')`.execute(tx));
      const { storeSecret, mfaBox } = await import('../../src/modules/identity/mfa.ts');
      const { resolveSecret } = await import('../../src/server.ts');
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const userId = (await t.db.system((tx) => tx.selectFrom('users').select('id').where('email', '=', 'odvt-admin@tandem.example').executeTakeFirstOrThrow())).id;
      const box = mfaBox(await resolveSecret(t.db, t.config));
      await t.db.system((tx) => storeSecret(tx, box, userId, secret, new Date()));
      const odvt = t.client();
      await odvt.post('/api/auth/login', { email: 'odvt-admin@tandem.example', password: 'test password 1234' });
      const { currentCode } = await import('../../src/modules/identity/mfa.ts');
      expect((await odvt.post('/api/auth/mfa', { code: await currentCode(secret) })).statusCode).toBe(200);
      const done = await odvt.post(`/api/agreements/${agreementId}/signatures`, { signatoryName: 'Ruslan Omarov', signatoryTitle: 'Chair' });
      expect(done.json()).toMatchObject({ status: 'active' });
      expect(done.json().parties.every((p: { signedAt: string | null }) => p.signedAt !== null)).toBe(true);
    });

    it('answer the sharing check: allowed, or what is missing', async () => {
      const ok = (await bpcAdmin.get(`/api/agreements/check?partner=${ids.ODVT}&categories=identity,referrals_services`)).json();
      expect(ok).toMatchObject({ allowed: true, agreementId, missingCategories: [] });
      const partial = (await bpcAdmin.get(`/api/agreements/check?partner=${ids.ODVT}&categories=identity,psychosocial_notes`)).json();
      expect(partial).toEqual({ allowed: false, agreementId: null, missingCategories: ['psychosocial_notes'] });
      const none = (await coordinator.get(`/api/agreements/check?partner=${ids.YH}&categories=identity`)).json();
      expect(none).toEqual({ allowed: false, agreementId: null, missingCategories: ['identity'] });
      // An agreement past its end date no longer counts, and reads as expired.
      const { sharingAllowed } = await import('../../src/modules/orgs/agreements.ts');
      const later = await t.db.system((tx) => sharingAllowed(tx, ids.BPC!, ids.ODVT!, ['identity'], new Date(Date.now() + 400 * 86_400_000)));
      expect(later.allowed).toBe(false);
      const mlspOdvt = await t.db.system((tx) => sharingAllowed(tx, ids.MLSP!, ids.ODVT!, ['identity']));
      expect(mlspOdvt.allowed).toBe(false);
    });

    it('are suspended, resumed and terminated by a party, with reasons; the check follows', async () => {
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/suspend`, { reason: 'x' })).statusCode).toBe(400);
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/suspend`, { reason: 'Data protection review after a complaint' })).json().status).toBe('suspended');
      expect((await bpcAdmin.get(`/api/agreements/check?partner=${ids.ODVT}&categories=identity`)).json().allowed).toBe(false);
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/resume`, { reason: 'Review completed' })).json().status).toBe('active');
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/terminate`, { reason: 'Programme ended' })).json().status).toBe('terminated');
      expect((await bpcAdmin.post(`/api/agreements/${agreementId}/resume`, { reason: 'Second thoughts' })).statusCode).toBe(409);
    });

    it('are visible to their parties only, and managed by administrators only', async () => {
      const viewer = await t.signIn('viewer@tandem.example');
      expect((await viewer.get('/api/agreements')).statusCode).toBe(403);
      const dpo = await t.signIn('dpo@tandem.example'); // PRS: not a party to the housing agreement
      expect((await dpo.get(`/api/agreements/${agreementId}`)).statusCode).toBe(404);
      const titles = ((await dpo.get('/api/agreements')).json().agreements as Array<{ title: string; status: string }>).map((a) => `${a.title}:${a.status}`);
      expect(titles).toEqual(
        expect.arrayContaining([
          'Psychosocial support for returnees and their families:active',
          'Legal aid and civil documentation:active',
          'Family support for mothers and children:signing',
        ]),
      );
      expect((await coordinator.post('/api/agreements', draft())).statusCode).toBe(403);
      expect((await bpcAdmin.post('/api/agreements', { ...draft(), partnerOrgIds: [ids.IDC] })).statusCode).toBe(404); // hidden: not found
      expect((await bpcAdmin.post('/api/agreements', { ...draft(), validUntil: '2000-01-01' })).statusCode).toBe(400);
    });
  });
});
