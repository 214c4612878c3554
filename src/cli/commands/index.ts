// Every command of lato, registered in this one list (one file per command group).

import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerImport } from './import.js';
import { registerPartners } from './partners.js';
import { registerEligibility } from './eligibility.js';
import { registerApplications } from './applications.js';
import { registerAreas } from './areas.js';
import { registerProjectGroup } from './projectgroup.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInit,
  registerImport,
  registerPartners,
  registerEligibility,
  registerApplications,
  registerAreas,
  registerProjectGroup,
];
