// A funding call body as a donor officer's form sends it: open to civil society organisations
// of the demo country, women-led ones first, two weighted criteria and two questions.
export function fundingCall(title: string, over: Record<string, unknown> = {}) {
  return {
    title,
    purpose: 'Small grants for community work that protects young people from recruitment into violent groups.',
    orgTypes: ['cso'],
    countries: ['XM'],
    womenLedPriority: true,
    criteria: [
      { key: 'relevance', label: 'Relevance to prevention', weight: 60 },
      { key: 'capacity', label: 'Capacity to deliver', weight: 40 },
    ],
    questions: [
      { key: 'need', text: 'What need does the project answer?' },
      { key: 'plan', text: 'What will you do, and when?' },
    ],
    budgetCeiling: 20000,
    currency: 'EUR',
    opensOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    blindReview: false,
    publicListing: false,
    ...over,
  };
}

export const fundingAnswers = { need: 'Mothers of returnees are isolated and their children are bullied at school.', plan: 'Twelve support-group meetings in two districts over six months.' };
export const fundingBudget = [
  { label: 'Facilitators (12 meetings)', amount: 7200 },
  { label: 'Venue and transport', amount: 2850.5 },
];
