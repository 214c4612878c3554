// --dry-run on every command that writes (issue 14, item 5): each command listed in
// src/cli/dry-run.ts takes --dry-run, prints what it would do, says that nothing was written, and
// leaves the database exactly as it was (its full dump compared before and after); the same
// command without --dry-run does change it, so the comparison can fail.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lato, tempDir } from '../helpers.js';
import { DRY_RUN_COMMANDS } from '../../src/cli/dry-run.js';

const sqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
const dir = tempDir();
const DB = join(dir, 'example.db');
const run = (...args: string[]) => lato([...args, '--db', DB], { cwd: dir });
const dump = () =>
  createHash('sha256')
    .update(spawnSync('sqlite3', [DB, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout)
    .digest('hex');

const CASES: string[][] = [
  [
    'partners',
    'add',
    '--code',
    'NIEUW',
    '--name',
    'Nieuwe partner',
    '--sector',
    'OVERIG',
    '--membership',
    'basis',
    '--municipality',
    'Leiden',
  ],
  ['partners', 'edit', 'SCOL', '--contact', 'A. Nieuw'],
  ['partners', 'leave', 'AIOLOS', '--date', '2019-07-31'],
  ['payments', 'add', 'LATO-2018-0001', '--amount', '10,00', '--date', '2018-11-01'],
  ['rates', 'set', '--year', '2018-2019', '--sector', 'PO', '--amount', '2,60'],
  ['rates', 'copy', '--from', '2018-2019', '--to', '2019-2020'],
  ['settings', 'set', 'invoicing.payment_term_days', '14'],
  ['areas', 'add', 'LATO', 'Katwijk'],
  ['covenant', 'remove', 'ERFGOED'],
  ['projectgroup', 'remove', 'Anna Verbeek (voorbeeld)'],
  ['fees', 'policy', 'pro-rata-month'],
  ['in-kind', 'rate', '--amount', '85'],
];

describe.skipIf(!sqlite3)('--dry-run writes nothing (built binary)', () => {
  beforeAll(() => {
    expect(run('init', '--example').code).toBe(0);
    expect(run('invoices', 'run', '--year', '2018-2019').code).toBe(0);
    expect(run('invoices', 'issue', '--year', '2018-2019', '--date', '2018-10-01', '--yes').code).toBe(0);
  }, 300_000);

  it('every command that writes has --dry-run', () => {
    for (const path of DRY_RUN_COMMANDS) {
      const help = lato([...path.split(' '), '--help']);
      expect(help.stdout, path).toContain('--dry-run');
    }
  });

  it.each(CASES.map((c) => [c.slice(0, 2).join(' '), c]))(
    '%s --dry-run: shows it, writes nothing; without it, it writes',
    (_, args) => {
      const before = dump();
      const dry = run(...(args as string[]), '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toContain('Dry run: nothing was written.');
      expect(dump()).toBe(before);
      const real = run(...(args as string[]));
      expect(real.code, real.stderr).toBe(0);
      expect(real.stderr).not.toContain('Dry run');
      expect(dump()).not.toBe(before);
    },
    120_000,
  );
});
