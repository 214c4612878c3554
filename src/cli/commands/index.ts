// Every command of lato, registered in this one list (one file per command group).

import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerImport } from './import.js';
import { registerRates } from './rates.js';
import { registerFees } from './fees.js';
import { registerBudget } from './budget.js';
import { registerInKind } from './in-kind.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInit,
  registerImport,
  registerRates,
  registerFees,
  registerBudget,
  registerInKind,
];
