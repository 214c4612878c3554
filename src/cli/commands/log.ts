// `lato log [--since DATE|DATETIME] [--entity E] [--limit N] [--json]`: the audit log, oldest
// first (the newest entry last), with who changed what, by which command, before and after.

import type { Command } from 'commander';
import { act } from '../run.js';

/** An ISO instant as local time, to the second: 2026-11-30 14:05:31. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function registerLog(program: Command): void {
  program
    .command('log')
    .description(
      'the audit log: every change with time, OS user, command, and the values before and after (newest last)',
    )
    .option(
      '--since <when>',
      'only changes from this date (2026-11-30) or local date and time (2026-11-30T14:05) on',
    )
    .option(
      '--entity <entity>',
      'only changes of one kind of thing: partner, rate, setting, invoice, payment, import, application, …',
    )
    .option('--limit <n>', 'only the newest N changes (still shown oldest first)')
    .option(
      '--json',
      'print the entries as a JSON array (at, user, command, entity, id, action, before, after)',
    )
    .action(
      act<{ since?: string; entity?: string; limit?: string }>(async (ctx, opts) => {
        const { readLog, parseSince, parseLimit, describeChange } = await import('../../app/audit-log.js');
        const filter = {
          ...(opts.since !== undefined ? { since: parseSince(opts.since) } : {}),
          ...(opts.entity !== undefined ? { entity: opts.entity } : {}),
          ...(opts.limit !== undefined ? { limit: parseLimit(opts.limit) } : {}),
        };
        const entries = readLog(await ctx.db(), filter);
        if (ctx.json) return ctx.out.json(entries);
        if (entries.length === 0) {
          ctx.out.info('No changes logged' + (opts.since || opts.entity ? ' that match.' : ' yet.'));
          return;
        }
        const { renderTable } = await import('../../render/table.js');
        ctx.out.line(
          renderTable(
            ['When', 'User', 'What', 'Change', 'Command'],
            entries.map((e) => [
              localTime(e.at),
              e.user,
              `${e.entity}${e.id === null ? '' : ` ${e.id}`} ${e.action}`,
              clip(describeChange(e.before, e.after), 100),
              clip(e.command, 60),
            ]),
            { fixed: [0], drop: [1, 4] },
          ),
        );
      }),
    );
}
