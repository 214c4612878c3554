// `lato archive --year Y --out DIR`: the issued documents of a year as sent, with a manifest and
// SHA256SUMS that `sha256sum -c` verifies, and the heads of the hash chains (src/app/archive.ts).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerArchive(program: Command): void {
  program
    .command('archive')
    .description(
      'every issued document of a year as sent (PDF, UBL, reminders), with a manifest and SHA256SUMS for `sha256sum -c`',
    )
    .requiredOption('--year <year>', 'a calendar year (2026: issued in 2026) or a school year (2025-2026)')
    .requiredOption('--out <dir>', 'a new or empty folder for the archive')
    .option('--templates <dir>', 'templates for documents issued before lato kept them (made anew)')
    .option('--json', 'print JSON')
    .action(
      act<{ year: string; out: string; templates?: string }>(async (ctx, opts) => {
        const { archiveYear } = await import('../../app/archive.js');
        const { resolveTemplatesDir } = await import('../../render/typst.js');
        const s = await archiveYear(await ctx.db(), opts.year, opts.out, {
          templatesDir: resolveTemplatesDir(opts.templates),
        });
        if (ctx.json) return ctx.out.json(s);
        ctx.out.line(`Archived ${s.documents} document(s) of ${s.year} to ${s.out} (${s.files} files).`);
        for (const h of s.heads)
          ctx.out.line(`  chain ${h.series}: entry ${h.position} (${h.number}) ${h.hash}`);
        ctx.out.info(`Verify with: cd ${s.out} && sha256sum -c SHA256SUMS`);
        if (s.made_anew.length)
          ctx.out.warn(
            `${s.made_anew.length} document(s) were issued before lato kept documents: made anew, not as sent: ${s.made_anew.join(', ')}`,
          );
      }),
    );
}
