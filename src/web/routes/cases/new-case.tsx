// Opening a case: pseudonymous facts first, identifying data into the encrypted vault. The server
// checks for duplicates as it opens the case: possible duplicates among the cases the agency may
// see come back (409) to be checked and confirmed; the check across agencies never answers here
// (a possible match goes to the data protection officers), so the page says the same thing about
// it whatever the result — before, in the form, and after, on the case.
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router';
import { AGE_BANDS, CATEGORIES, LEGAL_STATUSES, SEXES } from '../../../modules/cases/schema.ts';
import { ApiError } from '../../api/client.ts';
import { client, data, type Answer, type Body } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { Checkbox, fieldError, SelectField, TextField } from '../../components/fields.tsx';
import { CircleExclamationPoint, TriangleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

type Match = { caseId: string; caseNumber: string; alias: string; fields: string[] };
type Created = Answer<'/api/cases', 'post'>;
// The choices come from the lists the server's schema is built from; it checks them again.
type NewCase = Body<'/api/cases', 'post'>;

export function NewCasePage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [dupes, setDupes] = useState<Match[] | null>(null);
  const create = useAction(async (body: NewCase): Promise<Created | null> => {
    try {
      return await data(() => client.POST('/api/cases', { body }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.matches)) {
        setDupes(error.problem.matches as Match[]);
        return null;
      }
      throw error;
    }
  });

  function caseFields(form: FormData): NewCase {
    const text = (k: string) => String(form.get(k) ?? '').trim();
    const list = (k: string) => text(k).split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);
    return {
      alias: text('alias'),
      sex: text('sex') as NewCase['sex'],
      ageBand: text('ageBand') as NewCase['ageBand'],
      birthYear: text('birthYear') ? Number(text('birthYear')) : null,
      category: text('category') as NewCase['category'],
      legalStatus: text('legalStatus') as NewCase['legalStatus'],
      identity: {
        ...(text('legalName') ? { legalName: text('legalName') } : {}),
        ...(text('birthDate') ? { birthDate: text('birthDate') } : {}),
        documentNumbers: list('documentNumbers'),
        ...(text('address') ? { address: text('address') } : {}),
        phones: list('phones'),
      },
      confirmNotDuplicate: form.get('confirmNotDuplicate') === 'true',
    };
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await create.run(caseFields(new FormData(e.currentTarget)));
    if (result.ok && result.value) void navigate(`/cases/${result.value.id}`, { state: { crossAgencyCheck: result.value.crossAgencyCheck } });
  }
  const err = (p: string) => fieldError(create.fields, p);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="cases.new" />
      </h1>
      <form className="stacked" onSubmit={submit}>
        {create.error && (
          <p className="form-error" role="alert">
            <Icon of={CircleExclamationPoint} />
            <FormattedMessage id={create.error === 'error.rate_limited' ? 'cases.dailyLimit' : create.error} />
          </p>
        )}
        <fieldset className="group">
          <legend>
            <FormattedMessage id="cases.pseudonymous" />
          </legend>
          <TextField name="alias" label="cases.alias" hint="cases.aliasHint" required maxLength={80} error={err('alias')} />
          <SelectField name="sex" label="cases.sex" options={SEXES.map((s) => ({ value: s, label: intl.formatMessage({ id: `sex.${s}` }) }))} />
          <SelectField name="ageBand" label="cases.ageBand" defaultValue="25-34" options={AGE_BANDS.map((a) => ({ value: a, label: a }))} />
          <TextField name="birthYear" type="number" min={1900} max={2100} label="cases.birthYear" />
          <SelectField name="category" label="cases.category" options={CATEGORIES.map((c) => ({ value: c, label: intl.formatMessage({ id: `caseCategory.${c}` }) }))} />
          <SelectField name="legalStatus" label="cases.legalStatus" options={LEGAL_STATUSES.map((s) => ({ value: s, label: intl.formatMessage({ id: `legalStatus.${s}` }) }))} />
        </fieldset>
        <fieldset className="group">
          <legend>
            <FormattedMessage id="cases.vault" />
          </legend>
          <p className="hint">
            <FormattedMessage id="cases.vaultHint" />
          </p>
          <TextField name="legalName" label="identity.legalName" maxLength={200} autoComplete="off" />
          <TextField name="birthDate" type="date" label="identity.birthDate" />
          <TextField name="documentNumbers" label="identity.documentNumbers" hint="identity.listHint" maxLength={200} dir="ltr" autoComplete="off" />
          <TextField name="address" label="identity.address" maxLength={500} autoComplete="off" />
          <TextField name="phones" label="identity.phones" hint="identity.listHint" maxLength={100} dir="ltr" autoComplete="off" />
          <p className="hint">
            <FormattedMessage id="cases.acrossAgenciesHint" />
          </p>
        </fieldset>
        {dupes && (
          <div className="notice" role="alert">
            <p>
              <Icon of={TriangleExclamationPoint} />
              <strong>
                <FormattedMessage id="cases.possibleDuplicate" />
              </strong>
            </p>
            <ul>
              {dupes.map((m) => (
                <li key={m.caseId}>
                  <Link to={`/cases/${m.caseId}`}>
                    <span dir="ltr">{m.caseNumber}</span> · {m.alias}
                  </Link>{' '}
                  ({intl.formatList(m.fields.map((f) => intl.formatMessage({ id: `identity.field.${f}` })), { type: 'conjunction' })})
                </li>
              ))}
            </ul>
            <Checkbox name="confirmNotDuplicate" label="cases.confirmNotDuplicate" />
          </div>
        )}
        <button type="submit" className="primary" disabled={create.busy}>
          <FormattedMessage id="cases.open" />
        </button>
      </form>
    </>
  );
}
