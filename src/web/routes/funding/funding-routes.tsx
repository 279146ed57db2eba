// The funding pages, loaded as their own chunk: calls, the call editor, applications with their
// review and decision, and the reviewer's queue.
import { Route, Routes } from 'react-router';
import { useMe } from '../../api/session.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { ApplicationPage } from './application.tsx';
import { CallListPage, CallPage, EditCallPage, NewCallPage } from './calls.tsx';
import { ReviewQueuePage } from './reviews.tsx';

export default function FundingRoutes() {
  const me = useMe();
  const manage = me.abilities.includes('funding.manage');
  return (
    <Routes>
      <Route index element={<CallListPage />} />
      {manage && <Route path="calls/new" element={<NewCallPage />} />}
      {manage && <Route path="calls/:id/edit" element={<EditCallPage />} />}
      <Route path="calls/:id" element={<CallPage />} />
      <Route path="applications/:id" element={<ApplicationPage />} />
      <Route path="reviews" element={<ReviewQueuePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
