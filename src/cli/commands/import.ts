// `lato import KIND FILE`: one subcommand per importer, all with --dry-run, --encoding, --delimiter.

import type { Command } from 'commander';
import { act } from '../run.js';
import type { ImportOptions, ImportSummary } from '../../app/importers.js';

interface ImporterCommand {
  kind: string;
  description: string;
  /** extra options: [flags, description] */
  options?: [string, string][];
  /** options that must be given */
  required?: [string, string][];
}

/** The importers `lato import` offers, in help order. Each kind has an entry in app/importers.ts. */
const IMPORT_COMMANDS: ImporterCommand[] = [
  {
    kind: 'partners',
    description: 'add or update partners from a CSV file (natural key: partner code, else KvK, else name)',
  },
  {
    kind: 'counts',
    description:
      'pupil / childcare-place counts per school location or partner; recognises DUO open-data files',
    options: [
      ['--year <year>', 'the school year of the counts, e.g. 2025-2026 (when the file has no year column)'],
    ],
  },
  {
    kind: 'rates',
    description:
      'fee rates per school year and sector (or BASIS / UITGEBREID): per pupil, per place, fixed, or PM',
    options: [
      ['--year <year>', 'the school year of the rates, e.g. 2018-2019 (when the file has no year column)'],
    ],
  },
  {
    kind: 'budget',
    description:
      'the budget (begroting) or realisation (realisatie) of a school year: income and costs lines',
    required: [['--year <year>', 'the school year of the budget, e.g. 2018-2019']],
    options: [['--kind <kind>', 'begroting (default) or realisatie']],
  },
  {
    kind: 'in-kind',
    description:
      'in-kind contributions (bijdrage in natura) of a school year: hours × hourly rate, or an amount',
    required: [['--year <year>', 'the school year of the contributions, e.g. 2018-2019']],
    options: [['--kind <kind>', 'begroting (default) or realisatie']],
  },
  {
    kind: 'projectgroup',
    description: 'the project group’s members from JSON or CSV (name, role, partner); upserts by name',
  },
  {
    kind: 'settings',
    description:
      'settings from a JSON file ({ "issuer": {...}, "vat": {...} }), checked like `lato settings set`',
  },
  {
    kind: 'figures',
    description:
      'the yearly figures of the report (partners, participation per sector, newsletter, social media), or a programme file (schooljaar; werkveld; activiteit)',
    options: [['--year <year>', 'the school year of a programme file without a year column, e.g. 2018-2019']],
  },
  {
    kind: 'mandates',
    description:
      'SEPA direct-debit mandates: partner, reference (kenmerk), date of signature, IBAN, BIC, account holder, type, sequence; upserts by reference',
  },
  {
    kind: 'covenant',
    description:
      'the covenant’s list of parties (partij; partner code; KvK; getekend): only these partners are parties',
  },
];

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .description('import data from CSV files (Dutch Excel, DUO open data); list and undo import batches');
  for (const spec of IMPORT_COMMANDS) {
    const sub = cmd.command(`${spec.kind} <file>`).description(spec.description);
    for (const [flags, desc] of spec.required ?? []) sub.requiredOption(flags, desc);
    for (const [flags, desc] of spec.options ?? []) sub.option(flags, desc);
    sub
      .option('--dry-run', 'show what would be new, changed and unchanged; write nothing')
      .option(
        '--illustrative [what]',
        'mark the batch as illustrative (invented) data, optionally saying what is invented; outputs that use it say so',
      )
      .option('--encoding <encoding>', 'utf-8 or windows-1252 (default: detected)')
      .option('--delimiter <char>', '; , tab or | (default: detected)')
      .option('--json', 'print the summary as JSON')
      .action(
        act<ImportOptions & { json?: boolean }>(async (ctx, opts, [file]) => {
          const { IMPORTERS } = await import('../../app/importers.js');
          const importer = await IMPORTERS[spec.kind]!();
          const db = await ctx.db();
          let shown = 0;
          const progress = process.stderr.isTTY
            ? (rows: number) => {
                if (rows - shown < 50_000) return;
                shown = rows;
                process.stderr.write(`\r${rows.toLocaleString('en')} rows read…`);
              }
            : undefined;
          const summary = await importer(db, file!, { ...opts, ...(progress ? { progress } : {}) });
          if (shown) process.stderr.write('\r\u001b[K');
          if (ctx.json) ctx.out.json(summary);
          else printSummary(ctx.out.line, summary);
        }),
      );
  }
  registerBatches(cmd);
}

function registerBatches(cmd: Command): void {
  cmd
    .command('list')
    .description('the import batches: id, kind, file, sha256, when, who, rows new / changed, undone or not')
    .option('--json', 'print the batches as JSON')
    .action(
      act(async (ctx) => {
        const { listImports } = await import('../../app/import-undo.js');
        const batches = listImports(await ctx.db());
        if (ctx.json) return ctx.out.json(batches);
        if (batches.length === 0) return ctx.out.info('No imports yet.');
        const { renderTable } = await import('../../render/table.js');
        ctx.out.line(
          renderTable(
            ['Batch', 'Kind', 'File', 'SHA-256', 'Imported', 'User', 'New', 'Changed', 'State'],
            batches.map((b) => [
              b.batch,
              b.kind,
              b.file,
              b.sha256.slice(0, 12),
              b.at.slice(0, 19).replace('T', ' '),
              b.user ?? '',
              b.rows.new,
              b.rows.changed,
              b.undone ? `undone ${b.undoneAt!.slice(0, 10)}` : b.undoable ? '' : 'cannot be undone',
            ]),
            {
              align: ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'left'],
              fixed: [0],
              drop: [3, 5, 4, 1],
            },
          ),
        );
      }),
    );
  cmd
    .command('undo <batch>')
    .description(
      'undo one import batch exactly: delete the rows it added, put back the rows it changed; refused when later work depends on it',
    )
    .option('--dry-run', 'show what would be removed and put back; change nothing')
    .option('--json', 'print the result as JSON')
    .action(
      act<{ dryRun?: boolean }>(async (ctx, opts, [batch]) => {
        const { undoImport } = await import('../../app/import-undo.js');
        const s = undoImport(await ctx.db(), batch!, { dryRun: !!opts.dryRun });
        if (ctx.json) return ctx.out.json(s);
        const list = (m: Record<string, number>) =>
          Object.entries(m)
            .map(([t, n]) => `${n} ${t}`)
            .join(', ') || 'nothing';
        ctx.out.line(
          `${s.dryRun ? 'Dry run: undoing' : 'Undid'} batch ${s.batch} (${s.kind}, ${s.file})${s.dryRun ? ' would remove' : ': removed'} ${list(s.removed)}; ${s.dryRun ? 'would put back' : 'put back'} ${list(s.restored)}.`,
        );
        if (s.dryRun) ctx.out.line('Nothing was changed.');
        for (const n of s.notes) ctx.out.line(`  ${n}`);
      }),
    );
}

function printSummary(line: (t: string) => void, s: ImportSummary): void {
  const r = s.rows;
  const head = s.dryRun ? `Dry run of ${s.file} (nothing written)` : `Imported ${s.file}`;
  line(
    `${head}: ${r.total} rows: ${r.new} new, ${r.changed} changed, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} skipped` : ''}.`,
  );
  if (!s.dryRun && r.new + r.changed === 0) line('Nothing changed: the data was already there.');
  if (s.batch) line(`Batch ${s.batch}.`);
  for (const n of s.notes) line(`  ${n}`);
}
