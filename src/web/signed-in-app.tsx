// Everything behind sign-in: the application shell and its pages, loaded as one chunk.
import { Route, Routes } from 'react-router';
import { AppShell } from './components/app-shell.tsx';
import { HomePage } from './routes/home.tsx';
import { NotFoundPage } from './routes/not-found.tsx';

export default function SignedInApp() {
  return (
    <AppShell>
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppShell>
  );
}
