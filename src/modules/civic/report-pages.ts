// The confidential reporting channel's pages, rendered by the server as plain HTML forms: they
// work without JavaScript, at a plain address (/report) anyone can be given. Reports, answers
// and withdrawals are form posts (application/x-www-form-urlencoded) carrying a form token the
// server signed when it showed the form (no session, no cookie), refused from another site.
//
// What the server keeps of these requests: nothing about who sent them. The routes log only
// warnings and errors (never the request line, address or user agent), run in a transaction acting
// for nobody even when someone is signed in, and are rate-limited in memory under a keyed hash of
// the address that is never written anywhere and whose key changes with every start.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import fastifyMultipart from '@fastify/multipart';
import type { Vault } from '../../platform/crypto/vault.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { DomainError, ERROR_STATUS } from '../../platform/http/errors.ts';
import { labelsFor, pickLocale, type ExportLocale } from '../cases/export/labels.ts';
import { desksForReporters } from './desks.ts';
import { esc, plainPage } from './plain-html.ts';
import { MAX_REPORT_FILE_BYTES, MAX_REPORT_FILES, reporterAddFile, reporterAnswer, reporterView, reporterWithdraw, submitReport, type ReporterView } from './reports.ts';
import { stripMetadata } from './strip-metadata.ts';
import { messageBody, newReportBody, receiptCode, RESTRICTION_TYPES } from './schema.ts';

export type ReportPageDeps = { vault: Vault; store: FileStore; secret: string; reportsPerHour: number };

/** A form is answered within this long of being shown. */
const FORM_LIFETIME_MS = 6 * 3_600_000;
/** Largest form accepted: the report's texts are limited far below this. */
const FORM_BODY_LIMIT = 64 * 1024;

type Form = Record<string, string | string[]>;

function parseForm(text: string): Form {
  const form: Form = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const had = form[k];
    form[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
  }
  return form;
}
const one = (form: Form, key: string): string | undefined => {
  const v = form[key];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A date as three fields — day, month by name, year — as the GOV.UK design system asks: without
 * JavaScript a page gets the browser's own date input, which speaks the browser's language and
 * order ("mm/dd/yyyy" on an Arabic page); these speak the page's.
 */
function dateFields(name: string, legend: string, values: Form, lang: ExportLocale): string {
  const t = labelsFor(lang).t;
  const v = (part: string) => esc(one(values, `${name}${part}`) ?? '');
  const monthName = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
  const months = Array.from({ length: 12 }, (_, m) => {
    const value = String(m + 1).padStart(2, '0');
    return `<option value="${value}"${one(values, `${name}Month`) === value ? ' selected' : ''}>${esc(monthName.format(Date.UTC(2000, m, 1)))}</option>`;
  });
  return `<fieldset class="date"><legend>${esc(legend)}</legend>
<label for="${name}Day">${esc(t('fields.day'))}<input type="text" id="${name}Day" name="${name}Day" inputmode="numeric" pattern="[0-9]{1,2}" maxlength="2" size="2" dir="ltr" value="${v('Day')}"></label>
<label for="${name}Month">${esc(t('fields.month'))}<select id="${name}Month" name="${name}Month"><option value=""></option>${months.join('')}</select></label>
<label for="${name}Year">${esc(t('fields.year'))}<input type="text" id="${name}Year" name="${name}Year" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" size="4" dir="ltr" value="${v('Year')}"></label>
</fieldset>`;
}

/** The ISO date of three date fields ("" when all are empty; anything else is validated as given). */
function dateOf(form: Form, name: string): string {
  const day = (one(form, `${name}Day`) ?? '').trim();
  const month = (one(form, `${name}Month`) ?? '').trim();
  const year = (one(form, `${name}Year`) ?? '').trim();
  if (!day && !month && !year) return '';
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
const many = (form: Form, key: string): string[] => {
  const v = form[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function reportPages(deps: ReportPageDeps) {
  // Rate limits count requests under a keyed hash of the address, in memory only.
  const limiterKey = randomBytes(32);
  const keyGenerator = (req: FastifyRequest) => createHmac('sha256', limiterKey).update(req.ip).digest('base64url');
  const limits = {
    report: { max: deps.reportsPerHour, timeWindow: 3_600_000, keyGenerator },
    followUp: { max: 60, timeWindow: 3_600_000, keyGenerator },
  };
  const formToken = (issued: number) => `${issued}.${createHmac('sha256', deps.secret).update(`civic-report-form:${issued}`).digest('base64url')}`;
  const tokenValid = (token: string | undefined, now: number) => {
    const issued = Number(token?.split('.')[0]);
    if (!token || !Number.isSafeInteger(issued) || issued > now + 60_000 || now - issued > FORM_LIFETIME_MS) return false;
    const expected = Buffer.from(formToken(issued));
    const got = Buffer.from(token);
    return got.length === expected.length && timingSafeEqual(got, expected);
  };

  /** Refuses a post made from another site, or without the token of a form we showed. */
  function checkPost(req: FastifyRequest, form: Form) {
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    if ((origin && origin !== 'null' && new URL(origin).host !== req.host) || fetchSite === 'cross-site') throw new DomainError('forbidden');
    if (!tokenValid(one(form, 'token'), Date.now())) throw new DomainError('forbidden', 'The form is too old: open it again');
  }

  const langOf = (req: FastifyRequest, form?: Form) =>
    pickLocale(one(form ?? {}, 'lang') ?? (req.query as { lang?: string }).lang, req.headers['accept-language']);

  function send(reply: FastifyReply, status: number, lang: ExportLocale, title: string, body: string, path: string) {
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(plainPage(lang, title, body, { languages: (l) => `${path}?lang=${l}` }));
  }

  /** The countries someone receives reports about, and the organisations a reporter may address. */
  async function destinations(req: FastifyRequest, lang: ExportLocale) {
    const { places, desks } = await req.scope.anonymous(async (tx) => ({
      places: await tx.selectFrom('jurisdictions').select(['code', 'names']).orderBy('code').execute(),
      desks: await desksForReporters(tx),
    }));
    const nameOf = new Map(
      places.map((r) => {
        const names = (typeof r.names === 'string' ? JSON.parse(r.names) : r.names) as Record<string, string>;
        return [r.code, names[lang] ?? names.en ?? r.code];
      }),
    );
    const everywhere = desks.some((d) => d.country === null);
    const covered = new Set(desks.flatMap((d) => (d.country === null ? [] : [d.country])));
    const countries = places.filter((p) => everywhere || covered.has(p.code)).map((p) => ({ code: p.code, name: nameOf.get(p.code)! }));
    // Each organisation once, with the countries it reads (or every one).
    const orgs = new Map<string, { id: string; name: string; every: boolean; countries: string[] }>();
    for (const d of desks) {
      const o = orgs.get(d.orgId) ?? { id: d.orgId, name: d.name, every: false, countries: [] };
      if (d.country === null) o.every = true;
      else o.countries.push(nameOf.get(d.country) ?? d.country);
      orgs.set(d.orgId, o);
    }
    return { countries, orgs: [...orgs.values()] };
  }

  const hidden = (name: string, value: string) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

  async function reportForm(req: FastifyRequest, reply: FastifyReply, lang: ExportLocale, status: number, values: Form = {}, errors: string[] = []) {
    const t = labelsFor(lang).t;
    const { countries: list, orgs } = await destinations(req, lang);
    const listFormat = new Intl.ListFormat(lang, { type: 'conjunction' });
    const chosenDesk = one(values, 'desk') ?? 'any';
    const v = (k: string) => esc(one(values, k) ?? '');
    const checked = (k: string) => (one(values, k) ? ' checked' : '');
    const types = new Set(many(values, 'types'));
    const field = (name: string, label: string, input: string, hint?: string) =>
      `<label for="${name}">${esc(label)}${hint ? `<span class="hint" id="${name}-hint">${esc(hint)}</span>` : ''}</label>${input}`;
    const body = `
<p>${esc(t('civic.report.intro'))}</p>
<p>${esc(t('civic.report.protection'))}</p>
${errors.length ? `<div class="error" role="alert"><p>${esc(t('civic.report.fix'))}</p><ul>${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>` : ''}
<form method="post" action="/report" accept-charset="utf-8">
${hidden('token', formToken(Date.now()))}${hidden('lang', lang)}
${field('country', t('civic.field.country'), `<select id="country" name="country" required><option value="">${esc(t('civic.choose'))}</option>${list.map((c) => `<option value="${esc(c.code)}"${one(values, 'country') === c.code ? ' selected' : ''}>${esc(c.name)}</option>`).join('')}</select>`)}
<fieldset><legend>${esc(t('civic.report.desk'))}</legend><span class="hint">${esc(t('civic.report.deskHint'))}</span>
<label><input type="radio" name="desk" value="any"${chosenDesk === 'any' || chosenDesk === '' ? ' checked' : ''}> ${esc(t('civic.report.deskAny'))}</label>
${orgs.map((o) => `<label><input type="radio" name="desk" value="${esc(o.id)}"${chosenDesk === o.id ? ' checked' : ''}> <bdi>${esc(o.name)}</bdi> <span class="hint">(${esc(o.every ? t('civic.report.deskEvery') : listFormat.format(o.countries))})</span></label>`).join('\n')}
</fieldset>
${field('title', t('civic.field.title'), `<input type="text" id="title" name="title" required minlength="3" maxlength="300" dir="auto" value="${v('title')}">`)}
${field('description', t('civic.report.description'), `<textarea id="description" name="description" required minlength="10" maxlength="8000" dir="auto" aria-describedby="description-hint">${v('description')}</textarea>`, t('civic.report.descriptionHint'))}
${dateFields('startedOn', t('civic.field.startedOn'), values, lang)}
<fieldset><legend>${esc(t('civic.field.types'))}</legend>${RESTRICTION_TYPES.map((type) => `<label><input type="checkbox" name="types" value="${type}"${types.has(type) ? ' checked' : ''}> ${esc(t(`civic.type.${type}`))}</label>`).join('')}</fieldset>
${field('actor', t('civic.field.actor'), `<input type="text" id="actor" name="actor" maxlength="300" dir="auto" value="${v('actor')}">`)}
<label><input type="checkbox" name="ctJustification" value="1"${checked('ctJustification')}> ${esc(t('civic.field.ctJustification'))}</label>
<label><input type="checkbox" name="womenTargeted" value="1"${checked('womenTargeted')}> ${esc(t('civic.field.womenTargeted'))}</label>
${field('contact', t('civic.report.contact'), `<textarea id="contact" name="contact" maxlength="1000" dir="auto" aria-describedby="contact-hint">${v('contact')}</textarea>`, t('civic.report.contactHint'))}
<div class="hp" aria-hidden="true"><label for="website">${esc(t('civic.report.leaveEmpty'))}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${esc(t('civic.report.send'))}</button>
</form>
<p><a href="/report/follow-up?lang=${lang}">${esc(t('civic.report.haveReceipt'))}</a></p>`;
    return send(reply, status, lang, t('civic.report.title'), body, '/report');
  }

  function followUpForm(reply: FastifyReply, lang: ExportLocale, status: number, error?: string) {
    const t = labelsFor(lang).t;
    const body = `
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/report/follow-up" accept-charset="utf-8">
${hidden('token', formToken(Date.now()))}${hidden('lang', lang)}
<label for="receipt">${esc(t('civic.report.receipt'))}</label>
<input type="text" id="receipt" name="receipt" required autocomplete="off" autocapitalize="characters" spellcheck="false" dir="ltr" maxlength="80">
<button type="submit">${esc(t('civic.report.open'))}</button>
</form>
<p><a href="/report?lang=${lang}">${esc(t('civic.report.new'))}</a></p>`;
    return send(reply, status, lang, t('civic.report.followUpTitle'), body, '/report/follow-up');
  }

  function reportPage(reply: FastifyReply, lang: ExportLocale, code: string, view: ReporterView, notice?: string) {
    const l = labelsFor(lang);
    const t = l.t;
    const c = view.content;
    const messages = view.messages.length
      ? view.messages
          .map((m) => `<div class="message"><strong>${esc(t(m.fromReporter ? 'civic.report.fromYou' : 'civic.report.fromMonitor'))}</strong> · ${esc(l.date(m.sentAt, true))}<br><bdi>${esc(m.body)}</bdi></div>`)
          .join('')
      : `<p>${esc(t('civic.report.noMessages'))}</p>`;
    const token = formToken(Date.now());
    const body = `
${notice ? `<p role="status"><strong>${esc(notice)}</strong></p>` : ''}
<p>${esc(t('civic.report.statusLine', { status: t(`civic.reportStatus.${view.status}`), date: l.date(view.receivedOn) }))}</p>
<p>${!view.addressed ? esc(t('civic.report.sentToAny')) : `${esc(t('civic.report.sentTo'))} <bdi>${esc(view.sentTo ?? t('civic.report.sentToChosen'))}</bdi>`}</p>
${c ? `<h2><bdi>${esc(c.title)}</bdi></h2><p class="message"><bdi>${esc(c.description)}</bdi></p>` : `<p>${esc(t('civic.report.erased'))}</p>`}
<h2>${esc(t('civic.report.messages'))}</h2>
${messages}
<h2>${esc(t('civic.report.files'))}</h2>
${view.files.length ? `<ul>${view.files.map((f) => `<li><bdi>${esc(f.filename)}</bdi> (${esc(new Intl.NumberFormat(`${lang}-u-nu-latn`, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(f.sizeBytes / 1024))))})</li>`).join('')}</ul>` : `<p>${esc(t('civic.report.noFiles'))}</p>`}
${(view.status === 'new' || view.status === 'assigned') && view.files.length < MAX_REPORT_FILES ? `<form method="post" action="/report/files" enctype="multipart/form-data">${hidden('token', token)}${hidden('lang', lang)}${hidden('receipt', code)}
<label for="file">${esc(t('civic.report.addFile'))}<span class="hint" id="file-hint">${esc(t('civic.report.fileHint'))}</span></label>
<input type="file" id="file" name="file" required accept="image/jpeg,image/png,application/pdf" aria-describedby="file-hint">
<button type="submit">${esc(t('civic.report.upload'))}</button></form>` : ''}
${view.canAnswer ? `<form method="post" action="/report/answer" accept-charset="utf-8">${hidden('token', token)}${hidden('lang', lang)}${hidden('receipt', code)}
<label for="body">${esc(t('civic.report.answer'))}</label><textarea id="body" name="body" required minlength="2" maxlength="4000" dir="auto"></textarea>
<button type="submit">${esc(t('civic.report.sendAnswer'))}</button></form>` : view.status === 'new' ? `<p>${esc(t('civic.report.waiting'))}</p>` : ''}
${view.status !== 'withdrawn' ? `<form method="post" action="/report/withdraw" accept-charset="utf-8">${hidden('token', token)}${hidden('lang', lang)}${hidden('receipt', code)}
<h2>${esc(t('civic.report.withdrawTitle'))}</h2><p>${esc(t('civic.report.withdrawExplain'))}</p>
<label><input type="checkbox" name="confirm" value="1" required> ${esc(t('civic.report.withdrawConfirm'))}</label>
<button type="submit" class="secondary">${esc(t('civic.report.withdraw'))}</button></form>` : ''}`;
    return send(reply, 200, lang, t('civic.report.yourReport'), body, '/report/follow-up');
  }

  const zodMessages = (lang: ExportLocale, error: ZodError) => {
    const t = labelsFor(lang).t;
    return [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))].map((f) => t('civic.report.invalid', { field: t(FIELD_LABELS[f] ?? 'civic.report.form') }));
  };

  return (app: FastifyInstance): void => {
    const quiet = { logLevel: 'warn' as const, schema: { hide: true } };
    // Refusals as a page in the reader's language (they may have no script to read a problem
    // document); failures logged without the request.
    app.setErrorHandler((error, req, reply) => {
      const known = error instanceof DomainError;
      const code = known ? error.code : (error as { statusCode?: number }).statusCode === 413 ? 'payload_too_large' : (error as { statusCode?: number }).statusCode === 415 ? 'unsupported_media_type' : (error as { statusCode?: number }).statusCode === 429 ? 'rate_limited' : 'internal';
      const status = code === 'internal' ? 500 : ERROR_STATUS[code];
      if (status >= 500) req.log.error({ err: error }, 'request failed');
      const lang = langOf(req, typeof req.body === 'object' && req.body !== null ? (req.body as Form) : undefined);
      const t = labelsFor(lang).t;
      // A refusal of the form itself says why in words the reader can act on.
      const why =
        known && error.code === 'forbidden'
          ? t('civic.report.formRefused')
          : req.url.startsWith('/report/files') && (code === 'validation_failed' || code === 'payload_too_large')
            ? t('civic.report.fileRefused')
            : t(`error.${code}`);
      if (code === 'rate_limited') reply.header('retry-after', '3600');
      return send(reply, status, lang, t('civic.report.problem'), `<p class="error" role="alert">${esc(why)}</p><p><a class="button" href="/report?lang=${lang}">${esc(t('civic.report.title'))}</a> <a href="/report/follow-up?lang=${lang}">${esc(t('civic.report.followUpTitle'))}</a></p>`, '/report');
    });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      done(null, parseForm(String(body)));
    });
    const formOf = (req: FastifyRequest): Form => {
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw new DomainError('unsupported_media_type', 'Send the form');
      return req.body as Form;
    };

    app.get('/report', quiet, async (req, reply) => reportForm(req, reply, langOf(req), 200));
    app.post('/report', { ...quiet, config: { rateLimit: limits.report } }, async (req, reply) => {
      const form = formOf(req);
      const lang = langOf(req, form);
      checkPost(req, form);
      // A field hidden from people: a form that fills it in is a robot's.
      if (one(form, 'website')) throw new DomainError('forbidden');
      const parsed = newReportBody.safeParse({
        country: one(form, 'country'),
        title: one(form, 'title'),
        description: one(form, 'description'),
        startedOn: dateOf(form, 'startedOn'),
        types: many(form, 'types'),
        actor: one(form, 'actor') || null,
        ctJustification: Boolean(one(form, 'ctJustification')),
        womenTargeted: Boolean(one(form, 'womenTargeted')),
        contact: one(form, 'contact') ?? '',
        desk: one(form, 'desk') ?? '',
      });
      if (!parsed.success) return reportForm(req, reply, lang, 400, form, zodMessages(lang, parsed.error));
      let receipt: string;
      try {
        ({ receipt } = await req.scope.anonymous((tx) => submitReport(tx, deps.vault, parsed.data)));
      } catch (error) {
        // No desk for the country, or the chosen organisation does not read it: say which.
        if (error instanceof DomainError && error.code === 'validation_failed') {
          const t = labelsFor(lang).t;
          const which = (error.fields ?? []).map((f) => (f.path === 'body.desk' ? t('civic.report.deskRefused') : t('civic.report.noDesk')));
          return reportForm(req, reply, lang, 400, form, which);
        }
        throw error;
      }
      const t = labelsFor(lang).t;
      const body = `
<p role="status">${esc(t('civic.report.received'))}</p>
<p>${esc(t('civic.report.keepReceipt'))}</p>
<p class="receipt" id="receipt">${esc(receipt)}</p>
<p>${esc(t('civic.report.receiptOnce'))}</p>
<p><a class="button" href="/report/follow-up?lang=${lang}">${esc(t('civic.report.followUpTitle'))}</a></p>`;
      return send(reply, 201, lang, t('civic.report.thanks'), body, '/report');
    });

    app.get('/report/follow-up', quiet, async (req, reply) => followUpForm(reply, langOf(req), 200));
    const withReceipt = async (req: FastifyRequest, reply: FastifyReply, act: (code: string, form: Form, lang: ExportLocale) => Promise<FastifyReply>) => {
      const form = formOf(req);
      const lang = langOf(req, form);
      checkPost(req, form);
      const code = receiptCode.safeParse(one(form, 'receipt') ?? '');
      const t = labelsFor(lang).t;
      if (!code.success) return followUpForm(reply, lang, 400, t('civic.report.badReceipt'));
      try {
        return await act(code.data, form, lang);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'not_found') return followUpForm(reply, lang, 404, t('civic.report.badReceipt'));
        throw error;
      }
    };
    const followUp = { ...quiet, config: { rateLimit: limits.followUp } };
    app.post('/report/follow-up', followUp, async (req, reply) =>
      withReceipt(req, reply, async (code, _form, lang) => reportPage(reply, lang, code, await req.scope.anonymous((tx) => reporterView(tx, deps.vault, code)))),
    );
    app.post('/report/answer', followUp, async (req, reply) =>
      withReceipt(req, reply, async (code, form, lang) => {
        const t = labelsFor(lang).t;
        const parsed = messageBody.safeParse({ body: one(form, 'body') ?? '' });
        if (!parsed.success) {
          return reportPage(reply.code(400), lang, code, await req.scope.anonymous((tx) => reporterView(tx, deps.vault, code)), t('civic.report.invalid', { field: t('civic.report.answer') }));
        }
        const view = await req.scope.anonymous(async (tx) => {
          await reporterAnswer(tx, deps.vault, code, parsed.data.body);
          return reporterView(tx, deps.vault, code);
        });
        return reportPage(reply, lang, code, view, t('civic.report.answerSent'));
      }),
    );
    app.post('/report/withdraw', followUp, async (req, reply) =>
      withReceipt(req, reply, async (code, form, lang) => {
        const t = labelsFor(lang).t;
        if (!one(form, 'confirm')) {
          return reportPage(reply.code(400), lang, code, await req.scope.anonymous((tx) => reporterView(tx, deps.vault, code)), t('civic.report.withdrawConfirm'));
        }
        const { view, keys } = await req.scope.anonymous(async (tx) => {
          const keys = await reporterWithdraw(tx, deps.vault, code);
          return { view: await reporterView(tx, deps.vault, code), keys };
        });
        for (const key of keys) await deps.store.delete(key);
        return reportPage(reply, lang, code, view, t('civic.report.withdrawn'));
      }),
    );

    // A file for the report: multipart, one file, its fields (token, language, receipt) first.
    void app.register(async (scope) => {
      await scope.register(fastifyMultipart, { limits: { fileSize: MAX_REPORT_FILE_BYTES, files: 1, fields: 3, parts: 4 }, throwFileSizeLimit: true });
      scope.post('/report/files', followUp, async (req, reply) => {
        if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 'Send the form');
        let part: { filename: string; fields: Record<string, unknown>; toBuffer(): Promise<Buffer> } | undefined;
        let bytes: Buffer;
        try {
          part = await req.file();
          if (!part) throw new DomainError('validation_failed', 'Attach a file', [{ path: 'file', message: 'is required', code: 'required' }]);
          bytes = await part.toBuffer();
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code?.startsWith('FST_')) throw new DomainError('payload_too_large', 'Attach one file of at most 5 MB');
          throw error;
        }
        const fields: Form = {};
        for (const [k, v] of Object.entries(part.fields)) {
          const value = (v as { value?: unknown } | undefined)?.value;
          if (typeof value === 'string') fields[k] = value;
        }
        req.body = fields;
        return withReceipt(req, reply, async (code, _form, lang) => {
          const t = labelsFor(lang).t;
          const stripped = await stripMetadata(bytes);
          const name = (part!.filename || 'file').replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200);
          const view = await req.scope.anonymous(async (tx) => {
            await reporterAddFile(tx, deps.vault, deps.store, code, { filename: name, contentType: stripped.contentType, bytes: stripped.bytes });
            return reporterView(tx, deps.vault, code);
          });
          return reportPage(reply, lang, code, view, t('civic.report.fileAdded'));
        });
      });
    });
  };
}

const FIELD_LABELS: Record<string, string> = {
  country: 'civic.field.country',
  title: 'civic.field.title',
  description: 'civic.report.description',
  startedOn: 'civic.field.startedOn',
  types: 'civic.field.types',
  actor: 'civic.field.actor',
  contact: 'civic.report.contact',
  desk: 'civic.report.desk',
};
