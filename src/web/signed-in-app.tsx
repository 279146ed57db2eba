// Everything behind sign-in: the application shell and its pages, loaded as one chunk.
// A person whose role needs a second factor and who has none sees only its set-up.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { useMe } from './api/session.tsx';
import { AppShell } from './components/app-shell.tsx';
import { AccountPage } from './routes/account.tsx';
import { AgreementPage, AgreementsPage, EditAgreementPage, NewAgreementPage } from './routes/agreements.tsx';
import { AuditPage } from './routes/audit.tsx';
import { CaseListPage } from './routes/cases/case-list.tsx';
import { CasePage } from './routes/cases/case-page.tsx';
import { NewCasePage } from './routes/cases/new-case.tsx';
import { CaseImportPage } from './routes/cases/case-import.tsx';
import { CaseImportRunPage } from './routes/cases/case-import-run.tsx';
import { ReferralInboxPage } from './routes/cases/referral-inbox.tsx';
import { BreakGlassPage } from './routes/cases/break-glass.tsx';
import { RetentionPage } from './routes/cases/retention.tsx';
import { DuplicateNoticesPage } from './routes/cases/duplicate-notices.tsx';
import { InstrumentsPage } from './routes/cases/instruments.tsx';
import { DirectoryPage } from './routes/directory.tsx';
import { EnrolMfaPage } from './routes/enrol-mfa.tsx';
import { HomePage } from './routes/home.tsx';
import { NotFoundPage } from './routes/not-found.tsx';
import { OrganisationPage } from './routes/organisation.tsx';
import { OutboxPage } from './routes/outbox.tsx';
import { JobsPage } from './routes/jobs.tsx';
import { PeoplePage } from './routes/people.tsx';
import { PlatformOrganisationsPage } from './routes/platform-organisations.tsx';
import { Loading } from './components/loading.tsx';
import { PublishedPlanRedirect, PublishedPlansPage } from './routes/published-plans.tsx';

const PlanningRoutes = lazy(() => import('./routes/planning/planning-routes.tsx'));
const CivicRoutes = lazy(() => import('./routes/civic/civic-routes.tsx'));
const FundingRoutes = lazy(() => import('./routes/funding/funding-routes.tsx'));
// The chart library is loaded only with the page that draws charts.
const FiguresPage = lazy(() => import('./routes/monitoring/figures.tsx'));
const ResultsRoutes = lazy(() => import('./routes/results/results-routes.tsx'));

export default function SignedInApp() {
  const me = useMe();
  if (me.stage === 'enrolment_required') {
    return (
      <AppShell>
        <EnrolMfaPage />
      </AppShell>
    );
  }
  const may = (ability: (typeof me.abilities)[number]) => me.abilities.includes(ability);
  return (
    <AppShell>
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="account/second-factor" element={<EnrolMfaPage />} />
        <Route path="directory" element={<DirectoryPage />} />
        <Route path="organisation" element={<OrganisationPage />} />
        <Route path="organisations/:id" element={<OrganisationPage />} />
        {may('org.members.view') && <Route path="people" element={<PeoplePage />} />}
        {(may('org.members.manage') || may('platform.organisations.manage')) && <Route path="outbox" element={<OutboxPage />} />}
        {may('org.agreements.view') && (
          <>
            <Route path="agreements" element={<AgreementsPage />} />
            <Route path="agreements/:id" element={<AgreementPage />} />
          </>
        )}
        {may('org.agreements.manage') && (
          <>
            <Route path="agreements/new" element={<NewAgreementPage />} />
            <Route path="agreements/:id/edit" element={<EditAgreementPage />} />
          </>
        )}
        {may('privacy.oversee') && <Route path="audit" element={<AuditPage />} />}
        {may('privacy.oversee') && <Route path="retention" element={<RetentionPage />} />}
        {may('privacy.oversee') && <Route path="duplicate-notices" element={<DuplicateNoticesPage />} />}
        {(may('cases.coordinate') || may('cases.work')) && (
          <>
            <Route path="cases" element={<CaseListPage />} />
            <Route path="cases/:id/*" element={<CasePage />} />
            <Route path="referrals" element={<ReferralInboxPage />} />
          </>
        )}
        {may('cases.coordinate') && <Route path="cases/new" element={<NewCasePage />} />}
        {may('cases.coordinate') && <Route path="cases/import" element={<CaseImportPage />} />}
        {may('cases.coordinate') && <Route path="cases/imports/:id" element={<CaseImportRunPage />} />}
        {(may('cases.coordinate') || may('cases.work') || may('privacy.oversee')) && <Route path="break-glass" element={<BreakGlassPage />} />}
        {may('cases.instruments.manage') && <Route path="instruments" element={<InstrumentsPage />} />}
        {may('platform.organisations.manage') && <Route path="platform/organisations" element={<PlatformOrganisationsPage />} />}
        {may('platform.jobs.manage') && <Route path="jobs" element={<JobsPage />} />}
        {(may('plans.coordinate') || may('plans.contribute')) && (
          <Route
            path="plans/*"
            element={
              <Suspense fallback={<Loading />}>
                <PlanningRoutes />
              </Suspense>
            }
          />
        )}
        {may('civicspace.monitor') && (
          <Route
            path="civic/*"
            element={
              <Suspense fallback={<Loading />}>
                <CivicRoutes />
              </Suspense>
            }
          />
        )}
        {/* Calls are read by every organisation of the directory; anyone may be assigned to review. */}
        {may('directory.view') && (
          <Route
            path="funding/*"
            element={
              <Suspense fallback={<Loading />}>
                <FundingRoutes />
              </Suspense>
            }
          />
        )}
        {may('indicators.view') && (
          <Route
            path="figures"
            element={
              <Suspense fallback={<Loading />}>
                <FiguresPage />
              </Suspense>
            }
          />
        )}
        <Route
          path="results/*"
          element={
            <Suspense fallback={<Loading />}>
              <ResultsRoutes />
            </Suspense>
          }
        />
        {/* Readers of reports who do not work on plans read the published ones. */}
        {!may('plans.coordinate') && !may('plans.contribute') && may('reports.view') && (
          <>
            <Route path="plans" element={<PublishedPlansPage />} />
            <Route path="plans/:planId/*" element={<PublishedPlanRedirect />} />
          </>
        )}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppShell>
  );
}
