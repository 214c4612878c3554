// `lato demo [--out DIR]`: the whole example year in one command, on a fresh example database.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('build a fresh example database in DIR and run the year on it; prints where everything is')
    .option('--out <dir>', 'the folder to write to', './lato-demo')
    .option('--json', 'print the summary as JSON')
    .action(
      act<{ out: string }>(async (ctx, opts) => {
        const { runDemo } = await import('../../app/demo.js');
        const report = await runDemo(opts.out);
        if (ctx.json) return ctx.out.json(report);
        ctx.out.line(ctx.out.bold(`LATO example year, in ${report.dir}`));
        for (const l of report.lines) ctx.out.line(`  ${l}`);
        ctx.out.line('');
        ctx.out.line('Files:');
        for (const f of report.files) ctx.out.line(`  ${f.what.padEnd(20)} ${f.path}`);
        ctx.out.line('');
        ctx.out.line(`Try: npx lato partners list --db ${report.db}`);
      }),
    );
}
