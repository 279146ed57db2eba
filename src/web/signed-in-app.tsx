// Everything behind sign-in: the application shell and its pages, loaded as one chunk.
// A person whose role needs a second factor and who has none sees only its set-up.
import { Route, Routes } from 'react-router';
import { useMe } from './api/session.tsx';
import { AppShell } from './components/app-shell.tsx';
import { AccountPage } from './routes/account.tsx';
import { EnrolMfaPage } from './routes/enrol-mfa.tsx';
import { HomePage } from './routes/home.tsx';
import { NotFoundPage } from './routes/not-found.tsx';

export default function SignedInApp() {
  const me = useMe();
  if (me.stage === 'enrolment_required') {
    return (
      <AppShell>
        <EnrolMfaPage />
      </AppShell>
    );
  }
  return (
    <AppShell>
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="account/second-factor" element={<EnrolMfaPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppShell>
  );
}
