// Layout checks of every page, in Arabic, right to left (see test/support/layout-routes.ts).
import { layoutSuite } from '../support/layout-suite.ts';

layoutSuite(['ar']);
