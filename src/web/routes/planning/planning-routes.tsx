// The pages of national action planning, loaded as their own chunk when first opened: people
// who never work on plans never download them. Each part of the module adds its routes here.
import { Route, Routes } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { ConsultationPage } from './consultation-page.tsx';
import { ConsultationsPage } from './consultations.tsx';
import { ContributionsPage } from './contributions.tsx';
import { MyContributionsPage } from './my-contributions.tsx';

export default function PlanningRoutes() {
  const me = useMe();
  const may = (ability: (typeof me.abilities)[number]) => me.abilities.includes(ability);
  const coordinates = may('plans.coordinate');
  const contributes = may('plans.contribute');
  void coordinates;
  void contributes;
  return (
    <Routes>
      <Route path=":planId/consultations" element={<ConsultationsPage />} />
      <Route path=":planId/consultations/:id" element={<ConsultationPage />} />
      <Route path=":planId/contributions" element={<ContributionsPage />} />
      {contributes && <Route path="mine" element={<MyContributionsPage />} />}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
