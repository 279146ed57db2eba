// Layout checks of every page, in English (see test/support/layout-routes.ts).
import { layoutSuite } from '../support/layout-suite.ts';

layoutSuite(['en']);
