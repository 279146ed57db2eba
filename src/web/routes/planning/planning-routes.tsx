// The pages of national action planning, loaded as their own chunk when first opened: people
// who never work on plans never download them. Each part of the module adds its routes here.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { useMe } from '../../api/session.tsx';
import { NotFoundPage } from '../not-found.tsx';

const ResponseReportPage = lazy(() => import('./response-report.tsx'));
const FiguresPage = lazy(() => import('./figures.tsx'));

export default function PlanningRoutes() {
  const me = useMe();
  const may = (ability: (typeof me.abilities)[number]) => me.abilities.includes(ability);
  const coordinates = may('plans.coordinate');
  const contributes = may('plans.contribute');
  void coordinates;
  void contributes;
  return (
    <Routes>
      <Route path=":planId/report" element={<Suspense fallback={<Loading />}><ResponseReportPage /></Suspense>} />
      <Route path=":planId/figures" element={<Suspense fallback={<Loading />}><FiguresPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
