// A restriction record as a monitor's form sends it, for the civic-space tests.
export const civicRecord = (title: string) => ({
  country: 'XM',
  region: 'north',
  title,
  description: 'Police dispersed a peaceful assembly of an association and detained two of its staff for a day.',
  startedOn: '2026-03-02',
  endedOn: null,
  types: ['assembly', 'harassment_detention'],
  ctJustification: true,
  legalInstrument: 'Law on Countering Extremism, art. 9',
  actor: 'District police',
  womenTargeted: true,
  severity: 'high',
});
