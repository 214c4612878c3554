// `lato settings list|get|set`: settings as data (issuer, payment term, number series, VAT
// treatment and wording, invoice texts). `set` takes a key or a path inside it (issuer.iban).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerSettings(program: Command): void {
  const cmd = program
    .command('settings')
    .description('settings: the invoice issuer, payment term, number series, VAT treatment, texts');

  cmd
    .command('list')
    .description('every setting, with the defaults of data/reference.json filled in')
    .option('--json', 'print JSON')
    .action(
      act(async (ctx) => {
        const { allSettings } = await import('../../app/invoice-settings.js');
        const all = allSettings(await ctx.db());
        if (ctx.json) return ctx.out.json(all);
        for (const line of flatten(all)) ctx.out.line(line);
        if (!('issuer' in all))
          ctx.out.info(
            'The issuer is not set: `lato settings set issuer.name "..."` (and the other issuer.* keys).',
          );
      }),
    );

  cmd
    .command('get <key>')
    .description('one setting, or a path inside it (issuer.iban)')
    .action(
      act(async (ctx, _opts, [key]) => {
        const { resolveSettingPath, settingValue } = await import('../../app/invoice-settings.js');
        const { LatoError } = await import('../../domain/errors.js');
        const db = await ctx.db();
        const { key: name, rest } = resolveSettingPath(db, key!);
        let v: unknown = settingValue(db, name);
        for (const p of rest)
          v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
        if (v === undefined)
          throw new LatoError(`setting ${key} is not set`, { hint: '`lato settings list` shows them' });
        ctx.out.line(typeof v === 'string' ? v : JSON.stringify(v, null, 2));
      }),
    );

  cmd
    .command('set <key> <value>')
    .description('change a setting, checked first (an invalid IBAN is refused); JSON values are read as JSON')
    .action(
      act(async (ctx, _opts, [key, value]) => {
        const { setSettingPath, parseSettingValue } = await import('../../app/invoice-settings.js');
        const r = setSettingPath(await ctx.db(), key!, parseSettingValue(value!), value!);
        ctx.out.info(`Set ${key}.`);
        if (r.key === 'issuer')
          ctx.out.info('Invoices already issued keep the issuer they were issued with.');
      }),
    );
}

/** `issuer.iban = NL91ABNA0417164300` lines. */
function flatten(v: unknown, prefix = ''): string[] {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
      flatten(x, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [`${prefix} = ${typeof v === 'string' ? v : JSON.stringify(v)}`];
}
