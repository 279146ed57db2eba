// An organisation's people, for its administrator: members with their roles (changed in place),
// deactivation, invitations sent and open, and a form to invite someone.
import { useState, type FormEvent } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { ROLES } from '../../platform/auth/roles.ts';
import { useMe } from '../api/session.tsx';
import { useAction } from '../api/use-action.ts';
import { client, data, useLoad, type Answer, type Body } from '../api/typed.ts';

type MemberView = Answer<'/api/organisations/current/members'>['members'][number];
type InvitationView = Answer<'/api/organisations/current/invitations'>['invitations'][number];
// The roles an organisation may give (the form offers only these; the server checks again).
type Invitation = Body<'/api/organisations/current/invitations', 'post'>;
type GivenRoles = Body<'/api/organisations/current/members/{userId}/roles', 'put'>['roles'];
import { DataTable, type Column } from '../components/data-table.tsx';
import { CheckboxGroup, fieldError, SelectField, TextField } from '../components/fields.tsx';
import { Loaded } from '../components/loaded.tsx';
import { RoleTags } from '../components/role-tags.tsx';
import { ENDONYMS, LOCALES } from '../i18n/locales.ts';
import { CircleCheck, CircleExclamationPoint, Send } from 'lucide-react';
import { Icon } from '../components/icon.tsx';

const ASSIGNABLE = ROLES.filter((r) => r !== 'platform_admin');

export function PeoplePage() {
  const me = useMe();
  const manager = me.abilities.includes('org.members.manage');
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="people.title" />
      </h1>
      <section className="panel" aria-labelledby="people-members">
        <h2 id="people-members">
          <FormattedMessage id="home.members.title" />
        </h2>
        <Members version={version} manager={manager} onChanged={reload} />
      </section>
      {manager && (
        <>
          <section className="panel" aria-labelledby="people-invite">
            <h2 id="people-invite">
              <FormattedMessage id="people.invite" />
            </h2>
            <InviteForm onInvited={reload} />
          </section>
          <section className="panel" aria-labelledby="people-invitations">
            <h2 id="people-invitations">
              <FormattedMessage id="people.invitations" />
            </h2>
            <Invitations version={version} onChanged={reload} />
          </section>
        </>
      )}
    </>
  );
}

function Members(props: { version: number; manager: boolean; onChanged: () => void }) {
  const intl = useIntl();
  const state = useLoad(() => data(client.GET('/api/organisations/current/members')), [props.version]);
  const [editing, setEditing] = useState<string | null>(null);
  const status = useAction((userId: string, next: 'active' | 'deactivated') =>
    data(() => client.PUT('/api/organisations/current/members/{userId}/status', { params: { path: { userId } }, body: { status: next } })),
  );
  const columns: Column<MemberView>[] = [
    { header: 'members.name', cell: (m) => m.displayName },
    { header: 'members.email', cell: (m) => <span dir="ltr">{m.email}</span> },
    {
      header: 'members.roles',
      cell: (m) =>
        editing === m.userId ? (
          <RolesForm
            member={m}
            onDone={() => {
              setEditing(null);
              props.onChanged();
            }}
          />
        ) : (
          <RoleTags roles={m.roles} />
        ),
    },
    {
      header: 'members.status',
      cell: (m) => <FormattedMessage id={`status.${m.status}`} />,
    },
    {
      header: 'members.lastSignIn',
      cell: (m) => (m.lastSignInAt ? <FormattedDate value={m.lastSignInAt} dateStyle="medium" /> : '—'),
    },
  ];
  if (props.manager) {
    columns.push({
      header: 'account.action',
      cell: (m) =>
        m.self || m.roles.includes('platform_admin') ? null : (
          <div className="row-actions">
            <button type="button" onClick={() => setEditing(editing === m.userId ? null : m.userId)} aria-label={intl.formatMessage({ id: 'people.changeRolesOf' }, { name: m.displayName })}>
              <FormattedMessage id="people.changeRoles" />
            </button>
            <button
              type="button"
              aria-label={intl.formatMessage({ id: m.status === 'active' ? 'people.deactivateWho' : 'people.reactivateWho' }, { name: m.displayName })}
              onClick={async () => {
                if ((await status.run(m.userId, m.status === 'active' ? 'deactivated' : 'active')).ok) props.onChanged();
              }}
            >
              <FormattedMessage id={m.status === 'active' ? 'people.deactivate' : 'people.reactivate'} />
            </button>
          </div>
        ),
    });
  }
  return (
    <Loaded state={state}>
      {({ members }) => (
        <>
          {status.error && (
            <p className="form-error" role="alert">
              <Icon of={CircleExclamationPoint} />
              <FormattedMessage id={status.error} />
            </p>
          )}
          <DataTable labelledBy="people-members" caption="home.members.title" columns={columns} rows={members} rowKey={(m) => m.userId} />
        </>
      )}
    </Loaded>
  );
}

function RolesForm(props: { member: MemberView; onDone: () => void }) {
  const intl = useIntl();
  const save = useAction((roles: GivenRoles) => data(() => client.PUT('/api/organisations/current/members/{userId}/roles', { params: { path: { userId: props.member.userId } }, body: { roles } })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const roles = new FormData(e.currentTarget).getAll('roles').map(String) as GivenRoles;
    if ((await save.run(roles)).ok) props.onDone();
  }
  return (
    <form onSubmit={submit} className="inline-form">
      {save.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={save.error} />
        </p>
      )}
      <CheckboxGroup name="roles" label="members.roles" defaultValue={props.member.roles} options={ASSIGNABLE.map((r) => ({ value: r, label: intl.formatMessage({ id: `role.${r}` }) }))} />
      <button type="submit" className="primary" disabled={save.busy}>
        <FormattedMessage id="common.save" />
      </button>
    </form>
  );
}

function InviteForm(props: { onInvited: () => void }) {
  const intl = useIntl();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const invite = useAction((body: Invitation) => data(() => client.POST('/api/organisations/current/invitations', { body })));
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const email = String(f.get('email') ?? '').trim();
    const result = await invite.run({
      email,
      displayName: String(f.get('displayName') ?? '').trim(),
      roles: f.getAll('roles').map(String) as Invitation['roles'],
      locale: String(f.get('locale') ?? 'en') as Invitation['locale'],
    });
    if (result.ok) {
      setSentTo(email);
      form.reset();
      props.onInvited();
    }
  }
  return (
    <form onSubmit={submit} className="stacked">
      {sentTo && (
        <p role="status" className="notice">
          <Icon of={CircleCheck} />
          <FormattedMessage id="people.invited" values={{ email: sentTo }} />
        </p>
      )}
      {invite.error && (
        <p className="form-error" role="alert">
          <Icon of={CircleExclamationPoint} />
          <FormattedMessage id={invite.error} />
        </p>
      )}
      <TextField name="displayName" label="invitation.name" required maxLength={200} error={fieldError(invite.fields, 'displayName')} />
      <TextField name="email" type="email" label="signIn.email" required maxLength={254} dir="ltr" error={fieldError(invite.fields, 'email')} />
      <CheckboxGroup name="roles" label="members.roles" error={fieldError(invite.fields, 'roles')} options={ASSIGNABLE.map((r) => ({ value: r, label: intl.formatMessage({ id: `role.${r}` }) }))} />
      <SelectField name="locale" label="people.language" options={LOCALES.map((l) => ({ value: l, label: ENDONYMS[l] }))} />
      <button type="submit" className="primary" disabled={invite.busy}>
        <Icon of={Send} directional />
        <FormattedMessage id="people.send" />
      </button>
    </form>
  );
}

function Invitations(props: { version: number; onChanged: () => void }) {
  const state = useLoad(() => data(client.GET('/api/organisations/current/invitations')), [props.version]);
  const withdraw = useAction((id: string) => data(() => client.DELETE('/api/organisations/current/invitations/{id}', { params: { path: { id } } })));
  const columns: Column<InvitationView>[] = [
    { header: 'members.name', cell: (i) => i.displayName },
    { header: 'members.email', cell: (i) => <span dir="ltr">{i.email}</span> },
    { header: 'members.roles', cell: (i) => <RoleTags roles={i.roles} /> },
    { header: 'people.sent', cell: (i) => <FormattedDate value={i.createdAt} dateStyle="medium" /> },
    { header: 'members.status', cell: (i) => <FormattedMessage id={`invitationStatus.${i.status}`} /> },
    {
      header: 'account.action',
      cell: (i) =>
        i.status === 'open' ? (
          <button
            type="button"
            onClick={async () => {
              if ((await withdraw.run(i.id)).ok) props.onChanged();
            }}
          >
            <FormattedMessage id="people.withdraw" />
          </button>
        ) : null,
    },
  ];
  return (
    <Loaded state={state}>
      {({ invitations }) =>
        invitations.length === 0 ? (
          <p className="empty-state">
            <FormattedMessage id="people.noInvitations" />
          </p>
        ) : (
          <DataTable labelledBy="people-invitations" caption="people.invitations" columns={columns} rows={invitations} rowKey={(i) => i.id} />
        )
      }
    </Loaded>
  );
}
