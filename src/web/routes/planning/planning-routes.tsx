// The pages of national action planning, loaded as their own chunk when first opened: people
// who never work on plans never download them; the larger pages load when first visited.
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { NewPlanPage } from './new-plan.tsx';
import { PlanListPage } from './plan-list.tsx';
import { PlanOverviewPage } from './plan-overview.tsx';
import { PlanSectionsPage } from './plan-sections.tsx';
import { SectionPage } from './section-page.tsx';

const CommitmentsPage = lazy(() => import('./commitments.tsx'));
const CommitmentPage = lazy(() => import('./commitment-page.tsx'));
const CommitmentFormPage = lazy(() => import('./commitment-form.tsx'));
const ConsultationsPage = lazy(() => import('./consultations.tsx').then((m) => ({ default: m.ConsultationsPage })));
const ConsultationPage = lazy(() => import('./consultation-page.tsx').then((m) => ({ default: m.ConsultationPage })));
const ContributionsPage = lazy(() => import('./contributions.tsx').then((m) => ({ default: m.ContributionsPage })));
const MyContributionsPage = lazy(() => import('./my-contributions.tsx').then((m) => ({ default: m.MyContributionsPage })));
const ResponseReportPage = lazy(() => import('./response-report.tsx'));
const FiguresPage = lazy(() => import('./figures.tsx'));

export default function PlanningRoutes() {
  const me = useMe();
  const may = (ability: (typeof me.abilities)[number]) => me.abilities.includes(ability);
  const coordinates = may('plans.coordinate');
  const contributes = may('plans.contribute');
  return (
    <Routes>
      <Route path=":planId/consultations" element={<ConsultationsPage />} />
      <Route path=":planId/consultations/:id" element={<ConsultationPage />} />
      <Route path=":planId/contributions" element={<ContributionsPage />} />
      {contributes && <Route path="mine" element={<MyContributionsPage />} />}
      <Route index element={<PlanListPage />} />
      {coordinates && <Route path="new" element={<NewPlanPage />} />}
      <Route path=":planId" element={<PlanOverviewPage />} />
      <Route path=":planId/sections" element={<PlanSectionsPage />} />
      <Route path=":planId/sections/:sectionId" element={<SectionPage />} />
      <Route path=":planId/commitments" element={<CommitmentsPage />} />
      {coordinates && <Route path=":planId/commitments/new" element={<CommitmentFormPage />} />}
      <Route path=":planId/commitments/:id" element={<CommitmentPage />} />
      {coordinates && <Route path=":planId/commitments/:id/edit" element={<CommitmentFormPage />} />}
      <Route path=":planId/report" element={<ResponseReportPage />} />
      <Route path=":planId/figures" element={<FiguresPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
