// Routes of the web app. The sign-in page is in the first download; everything behind sign-in
// is loaded when first needed, so that a slow connection reaches the sign-in form quickly.
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './api/session.tsx';
import { hasRememberedLocale, isLocale } from './i18n/locales.ts';
import { useLocale } from './i18n/i18n-provider.tsx';
import { Loading } from './components/loading.tsx';
import { LoadFailed } from './components/load-failed.tsx';
import { SignInPage } from './routes/sign-in.tsx';

const SignedInApp = lazy(() => import('./signed-in-app.tsx'));
const PublicPage = lazy(() => import('./routes/public-pages.tsx'));
// Published plans have pages below /public/plans (a plan, its report, its commitments).
const PublicPlans = lazy(() => import('./routes/public-plans.tsx'));
// Civic space in public: countries, their rating history and published records (/public/civic).
const PublicCivic = lazy(() => import('./routes/public-civic.tsx'));
// Funding calls their funders listed publicly (/public/funding).
const PublicFunding = lazy(() => import('./routes/public-funding.tsx'));
const PUBLIC_PATHS = ['/forgot-password', '/reset-password', '/invitation', '/public/directory'] as const;

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <FollowAccountLanguage />
        <Routes>
          <Route path="/sign-in" element={<SignInRoute />} />
          {PUBLIC_PATHS.map((path) => (
            <Route
              key={path}
              path={path}
              element={
                <Suspense fallback={<Loading />}>
                  <PublicPage path={path} />
                </Suspense>
              }
            />
          ))}
          <Route
            path="/public/plans/*"
            element={
              <Suspense fallback={<Loading />}>
                <PublicPlans />
              </Suspense>
            }
          />
          <Route
            path="/public/civic/*"
            element={
              <Suspense fallback={<Loading />}>
                <PublicCivic />
              </Suspense>
            }
          />
          <Route
            path="/public/funding"
            element={
              <Suspense fallback={<Loading />}>
                <PublicFunding />
              </Suspense>
            }
          />
          <Route
            path="*"
            element={
              <RequireSession>
                <Suspense fallback={<Loading />}>
                  <SignedInApp />
                </Suspense>
              </RequireSession>
            }
          />
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}

function SignInRoute() {
  const { state } = useSession();
  const next = new URLSearchParams(useLocation().search).get('next');
  if (state.status === 'signed-in' && state.me.stage !== 'mfa_pending') return <Navigate to={safeNext(next)} replace />;
  return <SignInPage />;
}

function RequireSession(props: { children: ReactNode }) {
  const { state, reload } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <LoadFailed onRetry={reload} />;
  if (state.status === 'signed-out' || state.me.stage === 'mfa_pending') {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/sign-in${next}`} replace />;
  }
  return <>{props.children}</>;
}

/** Only paths inside this app; anything else could send a person to another site after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Unless this device has a language chosen, the interface follows the account's language. */
function FollowAccountLanguage() {
  const { state } = useSession();
  const { locale, setLocale } = useLocale();
  const accountLocale = state.status === 'signed-in' ? state.me.user.locale : undefined;
  useEffect(() => {
    if (isLocale(accountLocale) && accountLocale !== locale && !hasRememberedLocale()) {
      void setLocale(accountLocale, false);
    }
  }, [accountLocale, locale, setLocale]);
  return null;
}
