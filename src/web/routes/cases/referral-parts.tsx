// Pieces shared by a case's referrals and the referral inbox: a referral card, the answer
// (accept or decline with a reason), recording a session with notes, and closing with an outcome.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { ATTENDANCE, OUTCOMES } from '../../../modules/cases/schema.ts';
import { useMe } from '../../api/session.tsx';
import { useAction } from '../../api/use-action.ts';
import { client, data, type Answer, type Body } from '../../api/typed.ts';
import { Checkbox, SelectField, TextField } from '../../components/fields.tsx';
import { CircleExclamationPoint } from 'lucide-react';
import { Icon } from '../../components/icon.tsx';

/** A referral as the server lists it, for a case or in the inbox. */
type ReferralView = Answer<'/api/cases/{id}/referrals'>['referrals'][number];
// The choices come from the lists the server's schema is built from; it checks them again.
type SessionBody = Body<'/api/referrals/{id}/sessions', 'post'>;
type CloseBody = Body<'/api/referrals/{id}/close', 'post'>;

export function ReferralCard(props: { r: ReferralView; showCase: boolean; onChanged: () => void }) {
  const { r } = props;
  const intl = useIntl();
  const me = useMe();
  const receiving = r.toOrgId === me.activeOrgId;
  const [open, setOpen] = useState<'decline' | 'session' | 'close' | null>(null);
  const answer = useAction((body: Body<'/api/referrals/{id}/answer', 'post'>) => data(() => client.POST('/api/referrals/{id}/answer', { params: { path: { id: r.id } }, body })));
  const error = answer.error;
  return (
    <li className="card referral">
      <h3>
        {props.showCase ? (
          <Link to={r.status === 'accepted' || r.status === 'closed' ? `/cases/${r.caseId}` : `/cases/${r.caseId}`}>
            <bdi>{r.alias}</bdi> {r.caseNumber && <span className="meta" dir="ltr">{r.caseNumber}</span>}
          </Link>
        ) : (
          <bdi>{r.service}</bdi>
        )}
      </h3>
      <p className="badges">
        <span className={`tag ${r.status === 'accepted' ? 'partner' : r.status === 'proposed' ? '' : 'status-expired'}`}>
          <FormattedMessage id={`referralStatus.${r.status}`} />
        </span>
        {r.overdue && (
          <span className="tag status-suspended">
            <FormattedMessage id="referral.overdue" />
          </span>
        )}
        <span className="tag">
          <FormattedMessage id={`domain.${r.needDomain}`} />
        </span>
      </p>
      <dl className="facts">
        {props.showCase && (
          <>
            <dt>
              <FormattedMessage id="referral.service" />
            </dt>
            <dd dir="auto">{r.service}</dd>
            <dt>
              <FormattedMessage id="cases.person" />
            </dt>
            <dd>
              {intl.formatMessage({ id: `sex.${r.sex}` })}, {r.ageBand}, <FormattedMessage id={`caseCategory.${r.category}`} />
            </dd>
          </>
        )}
        <dt>
          <FormattedMessage id={receiving ? 'referral.from' : 'referral.to'} />
        </dt>
        <dd>
          <bdi>{receiving ? r.fromOrgName : r.toOrgName}</bdi>
        </dd>
        <dt>
          <FormattedMessage id="referral.reason" />
        </dt>
        <dd dir="auto">{r.reason}</dd>
        <dt>
          <FormattedMessage id="agreements.categories" />
        </dt>
        <dd>{intl.formatList(r.dataCategories.map((c) => intl.formatMessage({ id: `category.${c}` })), { type: 'conjunction' })}</dd>
        {r.status === 'proposed' && (
          <>
            <dt>
              <FormattedMessage id="referral.answerBy" />
            </dt>
            <dd>
              <FormattedDate value={r.answerDueOn} dateStyle="medium" timeZone="UTC" />
            </dd>
          </>
        )}
        {r.declineReason && (
          <>
            <dt>
              <FormattedMessage id="referral.declineReason" />
            </dt>
            <dd dir="auto">{r.declineReason}</dd>
          </>
        )}
        {(r.status === 'accepted' || r.status === 'closed') && (
          <>
            <dt>
              <FormattedMessage id="referral.sessions" />
            </dt>
            <dd>
              <FormattedMessage id="referral.sessionCount" values={{ count: r.sessions }} />
              {r.lastSessionOn && (
                <>
                  {' · '}
                  <FormattedDate value={r.lastSessionOn} dateStyle="medium" timeZone="UTC" />
                </>
              )}
            </dd>
          </>
        )}
        {r.outcome && (
          <>
            <dt>
              <FormattedMessage id="referral.outcome" />
            </dt>
            <dd>
              <FormattedMessage id={`outcome.${r.outcome}`} />
              {r.outcomeNotes && (
                <>
                  {' — '}
                  <bdi>{r.outcomeNotes}</bdi>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={error} />
        </p>
      )}
      {receiving && r.status === 'proposed' && (
        <div className="row-actions">
          <button
            type="button"
            className="primary"
            disabled={answer.busy}
            onClick={async () => {
              if ((await answer.run({ decision: 'accept' })).ok) props.onChanged();
            }}
          >
            <FormattedMessage id="referral.accept" />
          </button>
          <button type="button" onClick={() => setOpen('decline')}>
            <FormattedMessage id="referral.decline" />
          </button>
        </div>
      )}
      {open === 'decline' && (
        <form
          className="inline-form"
          onSubmit={async (e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const ok = await answer.run({ decision: 'decline', reason: String(new FormData(e.currentTarget).get('reason') ?? '') });
            if (ok.ok) props.onChanged();
          }}
        >
          <TextField name="reason" label="referral.declineReason" multiline required maxLength={2000} />
          <button type="submit" className="primary">
            <FormattedMessage id="referral.decline" />
          </button>
        </form>
      )}
      {r.status === 'accepted' && (
        <div className="row-actions">
          {receiving && (
            <button type="button" onClick={() => setOpen(open === 'session' ? null : 'session')}>
              <FormattedMessage id="referral.recordSession" />
            </button>
          )}
          <button type="button" onClick={() => setOpen(open === 'close' ? null : 'close')}>
            <FormattedMessage id="referral.close" />
          </button>
        </div>
      )}
      {open === 'session' && <SessionForm referralId={r.id} onDone={() => { setOpen(null); props.onChanged(); }} />}
      {open === 'close' && <CloseForm referralId={r.id} onDone={() => { setOpen(null); props.onChanged(); }} />}
    </li>
  );
}

function SessionForm(props: { referralId: string; onDone: () => void }) {
  const intl = useIntl();
  const save = useAction((body: SessionBody) => data(() => client.POST('/api/referrals/{id}/sessions', { params: { path: { id: props.referralId } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const notes: NonNullable<SessionBody['notes']> = [];
    const psych = String(f.get('psychosocial') ?? '').trim();
    if (psych) notes.push({ section: 'psychosocial_notes', body: psych, shared: f.get('shared') === 'true' });
    const other = String(f.get('other') ?? '').trim();
    if (other) notes.push({ section: 'other_notes', body: other, shared: true });
    if ((await save.run({ sessionOn: String(f.get('sessionOn')), attendance: String(f.get('attendance')) as SessionBody['attendance'], notes })).ok) props.onDone();
  }
  return (
    <form className="stacked session-form" onSubmit={submit}>
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      <TextField name="sessionOn" type="date" label="referral.sessionOn" defaultValue={new Date().toISOString().slice(0, 10)} required />
      <SelectField name="attendance" label="referral.attendance" options={ATTENDANCE.map((a) => ({ value: a, label: intl.formatMessage({ id: `attendance.${a}` }) }))} />
      <TextField name="psychosocial" label="category.psychosocial_notes" hint="referral.psychosocialHint" multiline maxLength={20000} />
      <Checkbox name="shared" label="notes.share" />
      <TextField name="other" label="category.other_notes" multiline maxLength={20000} />
      <button type="submit" className="primary" disabled={save.busy}>
        <FormattedMessage id="referral.saveSession" />
      </button>
    </form>
  );
}

function CloseForm(props: { referralId: string; onDone: () => void }) {
  const intl = useIntl();
  const close = useAction((body: CloseBody) => data(() => client.POST('/api/referrals/{id}/close', { params: { path: { id: props.referralId } }, body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if ((await close.run({ outcome: String(f.get('outcome')) as CloseBody['outcome'], notes: String(f.get('notes') ?? '') })).ok) props.onDone();
  }
  return (
    <form className="stacked" onSubmit={submit}>
      {close.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={close.error} />
        </p>
      )}
      <SelectField name="outcome" label="referral.outcome" options={OUTCOMES.map((o) => ({ value: o, label: intl.formatMessage({ id: `outcome.${o}` }) }))} />
      <TextField name="notes" label="referral.outcomeNotes" multiline maxLength={4000} />
      <button type="submit" className="primary" disabled={close.busy}>
        <FormattedMessage id="referral.close" />
      </button>
    </form>
  );
}
