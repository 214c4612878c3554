// `lato report yearly --year Y [--format pdf|md|json] --out FILE`: the yearly accountability
// report (jaarverslag en verantwoording). What the data lacks is said in the report and warned
// about on stderr.

import type { Command } from 'commander';
import { act } from '../run.js';

const TEMPLATES_HELP =
  "a folder whose yearly-report.typ (and lato.typ) replace lato's, as for the invoices (default: $LATO_TEMPLATES)";

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description('the yearly accountability report (jaarverslag en verantwoording) as PDF, Markdown or JSON');
  cmd
    .command('yearly')
    .description(
      'the yearly report of a school year (partners, fees, budget against realisation, in kind, figures, programme) as PDF, Markdown or JSON',
    )
    .requiredOption('--year <year>', 'the school year, e.g. 2018-2019')
    .option('--format <format>', 'pdf, md or json (default: from the --out extension, else pdf)')
    .option('--out <file>', 'the file to write (md and json go to stdout without it)')
    .option('--templates <dir>', TEMPLATES_HELP)
    .option('--date <date>', 'the date the report is prepared on (default: today)')
    .option('--json', 'print the report as JSON on stdout (with --out: a summary of what was written)')
    .action(
      act<{ year: string; format?: string; out?: string; templates?: string; date?: string }>(
        async (ctx, opts) => {
          const { reportFormat, writeYearlyReport } = await import('../../app/yearly-report.js');
          const { resolveTemplatesDir } = await import('../../render/typst.js');
          const format = ctx.json && opts.out === undefined ? 'json' : reportFormat(opts.format, opts.out);
          const db = await ctx.db();
          const r = await writeYearlyReport(db, {
            year: opts.year,
            format,
            out: opts.out,
            templatesDir: format === 'pdf' ? resolveTemplatesDir(opts.templates) : undefined,
            date: opts.date,
          });
          for (const m of r.report.missing) ctx.out.warn(`${m.section.replace('_', ' ')}: ${m.message}`);
          if (r.content !== null) {
            process.stdout.write(r.content);
            return;
          }
          if (ctx.json) {
            return ctx.out.json({
              year: r.report.year,
              format: r.format,
              file: r.file,
              templates_overridden: r.overridden,
              missing: r.report.missing,
            });
          }
          if (r.overridden.length) ctx.out.info(`Using your templates: ${r.overridden.join(', ')}`);
          ctx.out.line(`Wrote ${r.file} (yearly report ${r.report.year}, ${r.format.toUpperCase()}).`);
          if (r.report.missing.length)
            ctx.out.line(
              `${r.report.missing.length} thing${r.report.missing.length === 1 ? ' is' : 's are'} missing; the report says what and where.`,
            );
        },
      ),
    );
}
