// Bodies of results frameworks as the owner's forms send them, for the results tests.
export const reportedIndicator = (nodeId: string, responsibleOrgId: string, title = 'Women returning who received family support') => ({
  nodeId,
  title,
  definition: 'Women returning from conflict zones who took part in at least one family support session in the year.',
  unit: 'count',
  direction: 'increase',
  baseline: 20,
  baselinePeriod: '2026',
  frequency: 'annual',
  responsibleOrgId,
  dimensions: ['sex', 'region'],
  source: 'reported',
  targets: [
    { period: '2027', value: 40 },
    { period: '2028', value: 60 },
  ],
});

export const computedIndicator = (nodeId: string, responsibleOrgId: string) => ({
  nodeId,
  title: 'Open cases of returnees and their families',
  definition: 'Cases open today, from case records, after disclosure control.',
  unit: 'count',
  direction: 'increase',
  frequency: 'quarterly',
  responsibleOrgId,
  dimensions: ['sex', 'age_band'],
  source: 'computed',
  computed: { kind: 'open_cases' },
});

/** A value of the reported indicator above: 30 people, by sex and by region. */
export const reportedValue = (period = '2027', total = 30) => ({
  period,
  value: total,
  disaggregates: [
    { dimension: 'sex', group: 'female', value: total - 2 },
    { dimension: 'sex', group: 'male', value: 2 },
    { dimension: 'region', group: 'east', value: total },
  ],
  evidence: 'Attendance sheets of the family support groups, kept at the network.',
  evidenceUrl: 'https://wvn.example.org/reports/2027',
});
