// The order test files start in: longest first, across all three tiers, so that two workers end
// together. Vitest's own order runs the tiers one after another by name (api, e2e, unit) and,
// without timings from an earlier run (as on a clean checkout), the largest files first: the
// layout checks, the longest files of the suite but four lines each, started last and ran alone
// at the end. Timings of an earlier run on this checkout are used when there are some; otherwise
// each file is weighed by its tier (and the layout checks above all).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds a file of each kind takes, roughly, on two cores: only their order matters. */
function estimate(spec: TestSpecification): number {
  const file = spec.moduleId;
  if (/layout-\w+\.test\.ts$/.test(file)) return 300;
  if (spec.project.name === 'e2e') return 60;
  // API files that start real server processes and wait on them (restarts, two instances, a
  // killed import, the CLI) or try every endpoint: a minute or more each.
  if (/(two-instances|restarts|import-restart|durability|cli|authorisation)\.test\.ts$/.test(file)) return 60;
  if (spec.project.name === 'api') return 15;
  return 1;
}

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const seconds = (spec: TestSpecification) => {
      const known = cache.getTestSpecificationResult(spec);
      // A file that failed last time runs first, to learn sooner.
      if (known?.failed) return Number.MAX_SAFE_INTEGER;
      return known ? known.duration / 1000 : estimate(spec);
    };
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
