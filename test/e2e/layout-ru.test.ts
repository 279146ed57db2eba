// Layout checks of every page, in Russian (see test/support/layout-routes.ts).
import { layoutSuite } from '../support/layout-suite.ts';

layoutSuite(['ru']);
