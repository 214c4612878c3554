// Shared test data for the eligibility tests: LATO's seven municipalities and an application.

import type { ApplicationState } from '../../src/domain/applications.js';

/** The municipalities of rule 1, in the plan's order. */
export const SEVEN = [
  'Leiden',
  'Leiderdorp',
  'Voorschoten',
  'Oegstgeest',
  'Wassenaar',
  'Zoeterwoude',
  'Kaag en Braassem',
];

/** An open, complete application (profile, two references) before any vote, unless overridden. */
export function applicationState(over: Partial<ApplicationState> = {}): ApplicationState {
  return {
    id: 1,
    organisation: 'Bedrijf',
    nominatedBy: 'De Projectleider',
    nominatedOn: '2019-03-01',
    profile: 'Wat wij doen',
    references: 2,
    status: 'open',
    decidedBy: null,
    decidedOn: null,
    referredOn: null,
    effectiveFrom: null,
    doubt: false,
    doubtNote: null,
    tally: { yes: 0, no: 0, abstain: 0 },
    electorate: 14,
    majority: 'members',
    seats: 14,
    ...over,
  };
}
