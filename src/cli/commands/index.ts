// Every command group of lato, in help order: its name, one line of help, and where its
// definition lives. Only the group a command line names is loaded (see main.ts), so that start-up
// stays fast however many commands there are.

import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  description: string;
  /** the group's register function; `full` builds the whole program (for completion scripts) */
  load: () => Promise<(program: Command, full: () => Promise<Command>) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    description:
      'create the database (runs the migrations); --example loads the LATO example data from data/',
    load: async () => (await import('./init.js')).registerInit,
  },
  {
    name: 'demo',
    description: 'build a fresh example database in DIR and run the year on it; prints where everything is',
    load: async () => (await import('./demo.js')).registerDemo,
  },
  {
    name: 'import',
    description: 'import data from CSV files (Dutch Excel, DUO open data); list and undo import batches',
    load: async () => (await import('./import.js')).registerImport,
  },
  {
    name: 'partners',
    description: 'the partner registry: list, show, add, edit, leave',
    load: async () => (await import('./partners.js')).registerPartners,
  },
  {
    name: 'rates',
    description: 'fee rates per school year (per pupil, per place, or fixed; PM when not yet set)',
    load: async () => (await import('./rates.js')).registerRates,
  },
  {
    name: 'fees',
    description: 'subscription fees (abonnementsgelden) per school year: compute, explain, policy',
    load: async () => (await import('./fees.js')).registerFees,
  },
  {
    name: 'budget',
    description: 'the budget (begroting) and realisation of a school year: show, check, years, co-financing',
    load: async () => (await import('./budget.js')).registerBudget,
  },
  {
    name: 'in-kind',
    description: 'in-kind contributions (bijdrage in natura): proposals by the plan’s rules, hourly rate',
    load: async () => (await import('./in-kind.js')).registerInKind,
  },
  {
    name: 'eligibility',
    description: 'which membership an organisation qualifies for under the admission rules (Lid worden)',
    load: async () => (await import('./eligibility.js')).registerEligibility,
  },
  {
    name: 'covenant',
    description: 'the covenant’s parties: only the partners it lists are parties',
    load: async () => (await import('./covenant.js')).registerCovenant,
  },
  {
    name: 'applications',
    description:
      'extended-membership applications (rule 2): nomination, profile, references, votes, decision',
    load: async () => (await import('./applications.js')).registerApplications,
  },
  {
    name: 'areas',
    description:
      'the areas of the admission rules: LATO (rule 1), PPO_LEIDEN and SWV_VO_2801 (rules 4 and 5)',
    load: async () => (await import('./areas.js')).registerAreas,
  },
  {
    name: 'projectgroup',
    description: 'the project group (projectgroep): the members who vote on extended memberships',
    load: async () => (await import('./projectgroup.js')).registerProjectGroup,
  },
  {
    name: 'settings',
    description: 'settings: the invoice issuer, payment term, number series, VAT treatment, texts',
    load: async () => (await import('./settings.js')).registerSettings,
  },
  {
    name: 'invoices',
    description:
      'invoices: drafts from the fees, numbering at issue, credit notes, PDF, CSV and UBL, payments due',
    load: async () => (await import('./invoices.js')).registerInvoices,
  },
  {
    name: 'mandates',
    description: 'SEPA direct-debit mandates (machtigingen): add, list, show, revoke',
    load: async () => (await import('./mandates.js')).registerMandates,
  },
  {
    name: 'payments',
    description: 'payments received: by hand, or matched from a bank statement',
    load: async () => (await import('./payments.js')).registerPayments,
  },
  {
    name: 'log',
    description:
      'the audit log: every change with time, OS user, command, and the values before and after (newest last)',
    load: async () => (await import('./log.js')).registerLog,
  },
  {
    name: 'check',
    description:
      'everything that can be checked: integrity, foreign keys, budget, numbering gaps, partners without an invoice, invoice totals',
    load: async () => (await import('./check.js')).registerCheck,
  },
  {
    name: 'report',
    description: 'the yearly accountability report (jaarverslag en verantwoording) as PDF, Markdown or JSON',
    load: async () => (await import('./report.js')).registerReport,
  },
  {
    name: 'backup',
    description: 'a consistent copy of the database, also while others use it; automatic before each change',
    load: async () => (await import('./backup.js')).registerBackup,
  },
  {
    name: 'restore',
    description: 'replace the database by a backup (checked first; the current one is backed up before)',
    load: async () => (await import('./backup.js')).registerRestore,
  },
  {
    name: 'archive',
    description:
      'every issued document of a year as sent (PDF, UBL, reminders), with a manifest and SHA256SUMS for `sha256sum -c`',
    load: async () => (await import('./archive.js')).registerArchive,
  },
  {
    name: 'completion',
    description:
      'a shell completion script for bash, zsh or fish (e.g. lato completion bash > /etc/bash_completion.d/lato)',
    load: async () => (await import('./completion.js')).registerCompletion,
  },
];
