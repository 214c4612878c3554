// Every command of lato, registered in this one list (one file per command group).

import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerImport } from './import.js';
import { registerPartners } from './partners.js';
import { registerSettings } from './settings.js';
import { registerInvoices } from './invoices.js';
import { registerPayments } from './payments.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInit,
  registerImport,
  registerPartners,
  registerSettings,
  registerInvoices,
  registerPayments,
];
