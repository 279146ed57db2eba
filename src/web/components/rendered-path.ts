// Marks on <html> the address the page on screen was drawn for (data-page). While the code of a
// route is still loading, React keeps the previous page on screen; the browser tests wait until
// this mark names the new address before they look at a page (test/support/layout-checks.ts).
import { useEffect } from 'react';
import { useLocation } from 'react-router';

export function useRenderedPath(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    document.documentElement.dataset.page = pathname;
  }, [pathname]);
}
