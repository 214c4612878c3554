// `lato invoices run|issue|list|show|credit|pdf|export|collect|outstanding|remind`: the invoices of a
// school year, from drafts to numbered PDFs, e-invoices and payment reminders.

import type { Command } from 'commander';
import { act } from '../run.js';
import { confirmIrreversible } from '../confirm.js';

const TEMPLATES_HELP =
  "a folder whose invoice.typ / credit-note.typ / reminder.typ / lato.typ replace lato's (default: $LATO_TEMPLATES)";

export function registerInvoices(program: Command): void {
  const cmd = program
    .command('invoices')
    .description(
      'invoices: drafts from the fees, numbering at issue, credit notes, PDF, CSV and UBL, payments due',
    );

  cmd
    .command('run')
    .description('create (or replace) the draft invoices of a school year from the computed fees')
    .requiredOption('--year <year>', 'school year, e.g. 2019-2020')
    .option('--dry-run', 'show what would be drafted; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{ year: string; dryRun?: boolean }>(async (ctx, opts) => {
        const { runInvoices } = await import('../../app/invoices.js');
        const s = await runInvoices(await ctx.db(), opts.year, { dryRun: !!opts.dryRun });
        if (ctx.json) return ctx.out.json(s);
        const { formatEuro } = await import('../../domain/money.js');
        const { renderTable } = await import('../../render/table.js');
        if (s.drafts.length) {
          ctx.out.line(
            renderTable(
              ['Partner', 'Name', 'Amount', 'Draft'],
              s.drafts.map((d) => [d.partner, d.name, formatEuro(d.total_cents), d.change]),
              { align: ['left', 'left', 'right', 'left'] },
            ),
          );
        }
        const head = s.dry_run ? `Dry run for ${s.year} (nothing written)` : `Drafts for ${s.year}`;
        ctx.out.info(
          `${head}: ${s.created} new, ${s.replaced} replaced, ${s.unchanged} unchanged, ${s.removed} removed.`,
        );
        for (const a of s.already_issued)
          ctx.out.info(`  ${a.partner}: already invoiced (${a.number}), no new draft`);
        if (s.not_invoiced.length) {
          ctx.out.warn(`${s.not_invoiced.length} partner(s) get no invoice:`);
          for (const n of s.not_invoiced) ctx.out.info(`  ${n.partner} (${n.name}): ${n.reason}`);
        }
        for (const w of s.warnings) ctx.out.warn(w);
      }),
    );

  cmd
    .command('issue')
    .description('give the drafts of a school year their numbers and lock them (one transaction, no gaps)')
    .requiredOption('--year <year>', 'school year, e.g. 2019-2020')
    .option('--date <date>', 'issue date (default: today; never in the future, never before the last issue)')
    .option('--dry-run', 'show the summary (count, total, numbers, dates); write nothing')
    .option('--yes', 'do not ask for confirmation (for scripts)')
    .option('--templates <dir>', `${TEMPLATES_HELP}; the PDFs are made once, at issue, and kept`)
    .option('--json', 'print JSON')
    .action(
      act<{ year: string; date?: string; dryRun?: boolean; yes?: boolean; templates?: string }>(
        async (ctx, opts) => {
          const { issueInvoicesWithDocuments, issuePlan } = await import('../../app/invoices.js');
          const { formatEuro } = await import('../../domain/money.js');
          const { renderTable } = await import('../../render/table.js');
          const db = await ctx.db();
          const plan = issuePlan(db, opts.year, { date: opts.date });
          const none = `Nothing to issue for ${plan.year}: there are no drafts (run \`lato invoices run\` first).`;
          const summary = `Issue ${plan.count} invoice(s) for ${plan.year}, ${plan.first_number} to ${plan.last_number}, total ${formatEuro(plan.total_cents)}, dated ${plan.date}, due ${plan.due_on}`;
          const table = () =>
            renderTable(
              ['Number', 'Partner', 'Name', 'Amount'],
              plan.invoices.map((i) => [i.number, i.partner, i.name, formatEuro(i.total_cents)]),
              { align: ['left', 'left', 'left', 'right'] },
            );
          if (opts.dryRun) {
            if (ctx.json) return ctx.out.json({ ...plan, dry_run: true });
            if (plan.count === 0) return ctx.out.info(none);
            ctx.out.line(table());
            ctx.out.info(`Dry run (nothing written): ${summary.replace(/^Issue/, 'would issue')}.`);
            return;
          }
          if (plan.count > 0) {
            if (!opts.yes && ctx.interactive && !ctx.json) ctx.out.info(table());
            await confirmIrreversible(
              ctx,
              opts,
              summary,
              `Issue these ${plan.count} invoice(s)? Numbers cannot be taken back.`,
            );
          }
          const { resolveTemplatesDir } = await import('../../render/typst.js');
          const s = await issueInvoicesWithDocuments(db, opts.year, {
            date: opts.date,
            confirmed: plan,
            templatesDir: resolveTemplatesDir(opts.templates),
          });
          if (ctx.json) return ctx.out.json(s);
          if (s.issued.length === 0) return ctx.out.info(none);
          ctx.out.line(
            renderTable(
              ['Number', 'Partner', 'Amount', 'Due'],
              s.issued.map((i) => [i.number, i.partner, formatEuro(i.total_cents), i.due_on]),
              { align: ['left', 'left', 'right', 'left'] },
            ),
          );
          ctx.out.info(
            `Issued ${s.issued.length} invoice(s) dated ${s.date}: ${s.issued[0]!.number} to ${s.issued[s.issued.length - 1]!.number}.`,
          );
          for (const w of s.warnings) ctx.out.warn(w);
        },
      ),
    );

  cmd
    .command('list')
    .description('the invoices and credit notes, with what has been paid')
    .option('--year <year>', 'only this school year')
    .option(
      '--status <status>',
      'draft, issued, partially_paid, paid, credited, credit_note, open or overdue',
    )
    .option('--json', 'print JSON')
    .action(
      act<{ year?: string; status?: string }>(async (ctx, opts) => {
        const { listInvoices } = await import('../../app/invoices.js');
        const rows = listInvoices(await ctx.db(), opts);
        if (ctx.json) return ctx.out.json(rows);
        if (rows.length === 0) return ctx.out.info('No invoices.');
        const { formatEuro } = await import('../../domain/money.js');
        const { renderTable } = await import('../../render/table.js');
        ctx.out.line(
          renderTable(
            ['Number', 'Partner', 'Year', 'Status', 'Total', 'Issued', 'Due', 'Paid'],
            rows.map((r) => [
              r.number ?? '(draft)',
              r.partner,
              r.year,
              r.status.replace(/_/g, ' '),
              formatEuro(r.total_cents),
              r.issued_on ?? '',
              r.due_on ?? '',
              formatEuro(r.paid_cents),
            ]),
            {
              align: ['left', 'left', 'left', 'left', 'right', 'left', 'left', 'right'],
              fixed: [0, 1, 2, 5, 6],
              drop: [2, 5],
            },
          ),
        );
      }),
    );

  cmd
    .command('show <number>')
    .description('one invoice or credit note: parties, lines, VAT, payments')
    .option('--json', 'print JSON')
    .action(
      act(async (ctx, _opts, [number]) => {
        const { requireInvoice, toListRow, today } = await import('../../app/invoices.js');
        const { paymentsOf } = await import('../../app/invoices.js');
        const db = await ctx.db();
        const inv = requireInvoice(db, number!);
        const payments = paymentsOf(db, inv.id);
        const { describeCollection, invoiceDirectDebitView } = await import('../../app/direct-debit.js');
        const { formatIban } = await import('../../domain/invoice-settings.js');
        const dd = invoiceDirectDebitView(db, inv);
        if (ctx.json) {
          // one flat document: the list row's fields, then what only the invoice has (no twins)
          const {
            schoolYear: _y,
            issuedOn: _i,
            dueOn: _d,
            totalCents: _t,
            paidCents: _p,
            credits: _c,
            creditedBy: _b,
            status: _s,
            ...rest
          } = inv;
          return ctx.out.json({ ...toListRow(inv, today()), ...rest, payments, direct_debit: dd });
        }
        const { formatEuro } = await import('../../domain/money.js');
        const { renderRecord, renderTable } = await import('../../render/table.js');
        const row = toListRow(inv, today());
        ctx.out.line(
          renderRecord({
            number: inv.number,
            kind: inv.kind.replace(/_/g, ' '),
            status: row.status.replace(/_/g, ' '),
            partner: `${inv.partner} (${inv.buyer?.name ?? ''})`,
            year: inv.schoolYear,
            issued: inv.issuedOn,
            due: inv.dueOn,
            credits: inv.credits?.number,
            'credited by': inv.creditedBy?.number,
            reason: inv.reason,
            net: formatEuro(inv.netCents),
            vat: `${formatEuro(inv.vatCents)} (${inv.vat?.text ?? ''})`,
            total: formatEuro(inv.totalCents),
            paid: formatEuro(inv.paidCents),
            open: formatEuro(row.open_cents),
            'days overdue': row.days_overdue || undefined,
            'direct debit': dd
              ? `mandate ${dd.mandate}, ${formatIban(dd.iban)}, announced for ${dd.collect_on}`
              : undefined,
            ...Object.fromEntries(
              (dd?.collections ?? []).map((c, k, all) => [
                all.length > 1 ? `collection ${k + 1}` : 'collection',
                describeCollection(c),
              ]),
            ),
          }),
        );
        ctx.out.line();
        ctx.out.line(
          renderTable(
            ['#', 'Description', 'Quantity', 'Price', 'Amount'],
            inv.lines.map((l) => [
              l.position,
              l.description,
              l.quantity,
              formatEuro(l.unitPriceCents),
              formatEuro(l.amountCents),
            ]),
            { align: ['right', 'left', 'right', 'right', 'right'] },
          ),
        );
        if (payments.length) {
          ctx.out.line();
          ctx.out.line(
            renderTable(
              ['Paid on', 'Amount', 'Source', 'From'],
              payments.map((p) => [p.paid_on, formatEuro(p.amount_cents), p.source, p.counterparty ?? '']),
              { align: ['left', 'right', 'left', 'left'] },
            ),
          );
        }
      }),
    );

  cmd
    .command('credit <number>')
    .description(
      'a credit note (own number series) that cancels an issued invoice; correct by credit and re-issue',
    )
    .requiredOption('--reason <text>', 'why the invoice is credited (printed on the credit note)')
    .option(
      '--date <date>',
      'date of the credit note (default: today; never in the future, never before the last)',
    )
    .option('--dry-run', 'show the credit note it would make; write nothing')
    .option('--yes', 'do not ask for confirmation (for scripts)')
    .option('--templates <dir>', `${TEMPLATES_HELP}; the PDF is made once, at issue, and kept`)
    .option('--json', 'print JSON')
    .action(
      act<{ reason: string; date?: string; dryRun?: boolean; yes?: boolean; templates?: string }>(
        async (ctx, opts, [number]) => {
          const { creditInvoiceWithDocuments, creditPlan } = await import('../../app/invoices.js');
          const { formatEuro } = await import('../../domain/money.js');
          const db = await ctx.db();
          const plan = creditPlan(db, number!, opts.reason, { date: opts.date });
          const summary = `Credit ${plan.credits} of ${plan.partner} (${plan.name}) with 1 credit note, ${plan.number}, total ${formatEuro(plan.total_cents)}, dated ${plan.date}, due ${plan.due_on}`;
          if (opts.dryRun) {
            if (ctx.json) return ctx.out.json({ ...plan, dry_run: true });
            ctx.out.line(`Dry run (nothing written): would ${summary.replace(/^Credit/, 'credit')}.`);
            return;
          }
          await confirmIrreversible(
            ctx,
            opts,
            summary,
            `Make credit note ${plan.number}? It cannot be taken back.`,
          );
          const { resolveTemplatesDir } = await import('../../render/typst.js');
          const r = await creditInvoiceWithDocuments(db, number!, opts.reason, {
            date: opts.date,
            confirmed: plan,
            templatesDir: resolveTemplatesDir(opts.templates),
          });
          if (ctx.json) return ctx.out.json(r);
          ctx.out.line(`${r.number} credits ${r.credits} (${formatEuro(r.total_cents)}).`);
          ctx.out.info(
            'To re-issue: correct the data, then `lato invoices run` and `lato invoices issue` for the year.',
          );
        },
      ),
    );

  cmd
    .command('pdf [number]')
    .description('PDF/A documents of issued invoices and credit notes, from the Typst templates')
    .option('--year <year>', 'every issued invoice and credit note of this school year')
    .requiredOption('--out <dir>', 'folder to write the PDFs to (created when missing)')
    .option(
      '--fresh',
      'make the PDFs anew from the data and current templates (<number>-opnieuw-opgemaakt.pdf), instead of the ones stored at issue',
    )
    .option('--templates <dir>', `${TEMPLATES_HELP} (with --fresh)`)
    .option('--json', 'print JSON')
    .action(
      act<{ year?: string; out: string; templates?: string; fresh?: boolean }>(
        async (ctx, opts, [number]) => {
          const { UsageError } = await import('../../domain/errors.js');
          if (number && opts.year) throw new UsageError('give an invoice NUMBER or --year, not both');
          const { FRESH_SUFFIX, selectIssued, writePdfs } = await import('../../app/invoices.js');
          const { resolveTemplatesDir } = await import('../../render/typst.js');
          const db = await ctx.db();
          const docs = selectIssued(db, { numbers: number ? [number] : [], year: opts.year });
          const files = await writePdfs(db, docs, opts.out, {
            templatesDir: resolveTemplatesDir(opts.templates),
            fresh: !!opts.fresh,
          });
          const fresh = files.filter((f) => f.endsWith(`${FRESH_SUFFIX}.pdf`));
          if (ctx.json) return ctx.out.json({ files, fresh });
          for (const f of files) ctx.out.line(f);
          ctx.out.info(
            files.length ? `Wrote ${files.length} PDF(s) to ${opts.out}.` : 'No issued invoices to print.',
          );
          if (fresh.length)
            ctx.out.warn(
              opts.fresh
                ? `${fresh.length} PDF(s) made anew from the data (${FRESH_SUFFIX}.pdf): copies, not the documents as sent`
                : `${fresh.length} PDF(s) were issued before lato kept documents: made anew from the data (${FRESH_SUFFIX}.pdf), not the documents as sent`,
            );
        },
      ),
    );

  cmd
    .command('export')
    .description(
      'for the bookkeeping: a Dutch Excel CSV, or one UBL 2.1 e-invoice (Peppol BIS 3 / NLCIUS) per document',
    )
    .requiredOption('--year <year>', 'school year, e.g. 2019-2020')
    .requiredOption('--format <format>', 'csv or ubl')
    .requiredOption('--out <path>', 'the CSV file, or the folder for the UBL files')
    .option('--lines', 'CSV: one row per invoice line instead of per document')
    .option('--skip-invalid', 'UBL: write the valid e-invoices and list the others, instead of writing none')
    .option(
      '--fresh',
      'UBL: make the e-invoices anew from the data (<number>-opnieuw-opgemaakt.xml) instead of the ones stored at issue',
    )
    .option('--json', 'print JSON')
    .action(
      act<{
        year: string;
        format: string;
        out: string;
        lines?: boolean;
        skipInvalid?: boolean;
        fresh?: boolean;
      }>(async (ctx, opts) => {
        const { exportInvoices } = await import('../../app/invoices.js');
        const s = await exportInvoices(await ctx.db(), opts.year, opts.format, opts.out, opts);
        if (ctx.json) return ctx.out.json(s);
        for (const f of s.files) ctx.out.line(f);
        ctx.out.info(`Exported ${s.documents} document(s) as ${s.format.toUpperCase()} to ${s.out}.`);
        for (const k of s.skipped) ctx.out.warn(`${k.number} not written: ${k.problems.join('; ')}`);
        const fresh = s.files.filter((f) => f.endsWith('-opnieuw-opgemaakt.xml'));
        if (fresh.length)
          ctx.out.warn(
            `${fresh.length} e-invoice(s) made anew from the data (-opnieuw-opgemaakt.xml), not the ones stored when issued`,
          );
      }),
    );

  cmd
    .command('collect')
    .description(
      'a SEPA direct-debit file (pain.008) for the bank: the open invoices of a year that announce a collection',
    )
    .requiredOption('--year <year>', 'school year, e.g. 2026-2027')
    .requiredOption('--date <date>', 'the collection date: a business day, far enough ahead for the bank')
    .option('--out <file>', 'the file to write (default: <message id>.xml in the current folder)')
    .option('--format <format>', 'pain.008.001.02 (the version Dutch banks take)', 'pain.008.001.02')
    .option(
      '--invoice <number...>',
      'only these invoices (also one whose collection was returned, to collect it again)',
    )
    .option('--dry-run', 'show what would be collected; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{ year: string; date: string; out?: string; format: string; invoice?: string[]; dryRun?: boolean }>(
        async (ctx, opts) => {
          const { collectInvoices } = await import('../../app/direct-debit.js');
          const s = await collectInvoices(await ctx.db(), {
            year: opts.year,
            date: opts.date,
            format: opts.format,
            ...(opts.out !== undefined ? { out: opts.out } : {}),
            ...(opts.invoice ? { invoices: opts.invoice } : {}),
            dryRun: !!opts.dryRun,
          });
          if (ctx.json) return ctx.out.json(s);
          const { formatEuro } = await import('../../domain/money.js');
          const { renderTable } = await import('../../render/table.js');
          if (s.items.length === 0) {
            ctx.out.info(
              `Nothing to collect for ${s.year}${s.already_collected.length ? ` (${s.already_collected.length} invoice(s) already collected)` : ''}.`,
            );
          } else {
            ctx.out.line(
              renderTable(
                ['Invoice', 'Partner', 'Mandate', 'Type', 'Amount'],
                s.items.map((i) => [
                  i.number,
                  i.partner,
                  i.mandate,
                  i.sequence_type,
                  formatEuro(i.amount_cents),
                ]),
                { align: ['left', 'left', 'left', 'left', 'right'] },
              ),
            );
            ctx.out.line(
              `${s.dry_run ? 'Dry run (nothing written): would collect' : 'Collection'} ${s.message_id} on ${s.collect_on}: ${s.transactions} transaction(s), control sum ${formatEuro(s.control_sum_cents)}.`,
            );
            if (s.file) ctx.out.line(`Wrote ${s.file} (${s.format}); upload it to the bank.`);
          }
          for (const k of s.skipped) ctx.out.warn(`${k.number} (${k.partner}) not collected: ${k.reason}`);
        },
      ),
    );

  cmd
    .command('outstanding')
    .description('what is unpaid, and how long overdue')
    .option('--as-of <date>', 'count days overdue up to this date (default: today)')
    .option('--year <year>', 'only this school year')
    .option('--json', 'print JSON')
    .action(
      act<{ asOf?: string; year?: string }>(async (ctx, opts) => {
        const { outstanding, requireDate, requireYear } = await import('../../app/invoices.js');
        const r = outstanding(await ctx.db(), {
          asOf: requireDate(opts.asOf, 'as-of'),
          ...(opts.year ? { year: requireYear(opts.year) } : {}),
        });
        if (ctx.json) return ctx.out.json(r);
        if (r.invoices.length === 0) return ctx.out.info(`Nothing outstanding on ${r.as_of}.`);
        const { formatEuro } = await import('../../domain/money.js');
        const { renderTable } = await import('../../render/table.js');
        ctx.out.line(
          renderTable(
            ['Number', 'Partner', 'Due', 'Total', 'Paid', 'Open', 'Days overdue', 'Reminders'],
            r.invoices.map((i) => [
              i.number!,
              i.partner,
              i.due_on ?? '',
              formatEuro(i.total_cents),
              formatEuro(i.paid_cents),
              formatEuro(i.open_cents),
              i.days_overdue,
              i.reminders,
            ]),
            { align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'] },
          ),
        );
        ctx.out.info(
          `Open on ${r.as_of}: ${formatEuro(r.open_cents)}, of which overdue ${formatEuro(r.overdue_cents)}.`,
        );
        for (const n of r.notes) ctx.out.info(n);
      }),
    );

  cmd
    .command('remind')
    .description('payment reminders (PDF) for overdue invoices; records each reminder')
    .requiredOption('--out <dir>', 'folder to write the reminders to')
    .option('--as-of <date>', 'the reminder date (default: today)')
    .option('--min-days <n>', 'only invoices at least this many days overdue', '1')
    .option('--templates <dir>', TEMPLATES_HELP)
    .option('--dry-run', 'list who would get a reminder; write nothing')
    .option('--json', 'print JSON')
    .action(
      act<{ out: string; asOf?: string; minDays: string; templates?: string; dryRun?: boolean }>(
        async (ctx, opts) => {
          const { UsageError } = await import('../../domain/errors.js');
          const minDays = Number(opts.minDays);
          if (!Number.isInteger(minDays) || minDays < 0)
            throw new UsageError('--min-days must be a whole number');
          const { remindOverdue, requireDate } = await import('../../app/invoices.js');
          const { resolveTemplatesDir } = await import('../../render/typst.js');
          const list = await remindOverdue(await ctx.db(), opts.out, {
            asOf: requireDate(opts.asOf, 'as-of'),
            minDays,
            dryRun: !!opts.dryRun,
            templatesDir: resolveTemplatesDir(opts.templates),
          });
          if (ctx.json) return ctx.out.json(list);
          if (list.length === 0) return ctx.out.info('No invoice is overdue: no reminders.');
          const { formatEuro } = await import('../../domain/money.js');
          const { renderTable } = await import('../../render/table.js');
          ctx.out.line(
            renderTable(
              ['Number', 'Partner', 'Open', 'Days overdue', 'Reminder', 'File'],
              list.map((r) => [
                r.number,
                r.partner,
                formatEuro(r.open_cents),
                r.days_overdue,
                r.level,
                r.file ?? '',
              ]),
              { align: ['left', 'left', 'right', 'right', 'right', 'left'] },
            ),
          );
          ctx.out.info(
            opts.dryRun ? 'Dry run: nothing written.' : `Wrote ${list.length} reminder(s) to ${opts.out}.`,
          );
        },
      ),
    );
}
