// Safe output (issue 7, part 6), through the built binary: every CSV export defuses formulas in
// text cells while amounts stay numbers; partner names full of Typst markup print literally in the
// PDF; every output path is checked before anything is written; the database is owner-only.

import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, runLato, tempDir } from '../helpers.js';

const Y = '2018-2019';
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');
// short enough to stay on one line of the address block
const TYPST_NAME = '#import "/etc": * ] $ \\ #exec';
const NAMES = {
  HYPER: '=HYPERLINK("http://evil.example","klik")',
  SUM: '@SUM(A1:A9)',
  MINUS: '-2+3 Stichting',
  PLUS: '+31 Talent',
  TYPST: TYPST_NAME,
};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const isRoot = process.getuid?.() === 0;

/** A folder this user cannot write: as root (who may write anywhere), /proc/sys where it refuses. */
function lockedFolder(dir: string): string | null {
  if (!isRoot) {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    return locked;
  }
  try {
    accessSync('/proc/sys', constants.W_OK);
    return null;
  } catch {
    return '/proc/sys';
  }
}

const dir = tempDir();
const db = join(dir, 'lato.db');
const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });

beforeAll(() => {
  expect(lato(['init', '--db', db]).code).toBe(0);
  expect(run('import', 'settings', join(ROOT, 'data', 'example', 'settings.json')).code).toBe(0);
  const partners = join(dir, 'partners.csv');
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(
    partners,
    'Code;Naam;Sector;Adres;Postcode;Plaats;Lidmaatschap\r\n' +
      Object.entries(NAMES)
        .map(
          ([code, name], i) =>
            `${code};${cell(name)};OVERIG;Breestraat ${i + 1};2311 CS;Leiden;${i === 2 ? 'uitgebreid' : 'basis'}`,
        )
        .join('\r\n') +
      '\r\n',
  );
  const imp = run('import', 'partners', partners);
  expect(imp.stderr).toBe('');
  const sql = new Database(db);
  sql.exec(RATES);
  sql.close();
  expect(run('invoices', 'run', '--year', Y).code).toBe(0);
  expect(run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-11-01').code).toBe(0);
  const minus = JSON.parse(run('invoices', 'list', '--json').stdout).find(
    (i: { partner: string }) => i.partner === 'MINUS',
  );
  expect(
    run('invoices', 'credit', '--yes', minus.number, '--reason', '-2+3 korting', '--date', '2018-11-02').code,
  ).toBe(0);
});

/** The CSV's rows as cells (the writer's quoting undone). */
function cells(file: string): string[][] {
  const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => (line.match(/("([^"]|"")*"|[^;]*)(;|$)/g) ?? []).map((c) => c.replace(/;$/, '')))
    .map((row) => row.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c)))
    .map((row) => (row.at(-1) === '' ? row.slice(0, -1) : row));
}

describe('CSV exports: formulas defused, numbers stay numbers', () => {
  const exports: [string, string[]][] = [
    ['fees compute --csv', ['fees', 'compute', '--year', Y, '--csv']],
    ['invoices export --format csv', ['invoices', 'export', '--year', Y, '--format', 'csv', '--out']],
    [
      'invoices export --format csv --lines',
      ['invoices', 'export', '--year', Y, '--format', 'csv', '--lines', '--out'],
    ],
  ];
  it.each(exports)('%s', (title, args) => {
    const file = join(dir, `${title.replace(/\W+/g, '-')}.csv`);
    const r = run(...args, file);
    expect(r.code).toBe(0);
    const rows = cells(file);
    const all = rows.flat();
    // every dangerous name is there, with its apostrophe; none without
    for (const name of Object.values(NAMES).slice(0, 4)) {
      expect(all).toContain(`'${name}`);
      expect(all).not.toContain(name);
    }
    expect(all.some((c) => c.includes(TYPST_NAME))).toBe(true);
    // no text cell starts with a formula character
    for (const c of all) if (/^[=+@\t\r]/.test(c)) throw new Error(`formula start in ${c}`);
    // amounts are plain numbers: 150,00 and, on the credit note, -500,00 (a number, not text)
    expect(all).toContain('150,00');
    if (!title.startsWith('fees')) {
      expect(all).toContain('-500,00');
      expect(all).not.toContain("'-500,00");
      if (!title.endsWith('--lines')) expect(all).toContain("'-2+3 korting");
    }
    for (const c of all) if (/^-\d/.test(c)) expect(c).toMatch(/^-\d+,\d\d$/);
  });
});

describe('templates take data only', () => {
  it.skipIf(spawnSync('pdftotext', ['-v']).error !== undefined)(
    'a partner name full of Typst markup prints literally in its invoice PDF',
    () => {
      const out = join(dir, 'pdf');
      const typst = JSON.parse(run('invoices', 'list', '--json').stdout).find(
        (i: { partner: string; number: string | null }) => i.partner === 'TYPST' && i.number,
      );
      const r = run('invoices', 'pdf', typst.number, '--out', out);
      expect(r.code).toBe(0);
      const pdf = join(out, readdirSync(out)[0]!);
      const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text.replace(/\s+/g, ' ')).toContain(TYPST_NAME);
    },
  );
});

describe('output paths are checked before anything is written', () => {
  const file = join(dir, 'a-file.txt');
  const folder = join(dir, 'a-folder');
  const locked = lockedFolder(dir);
  beforeAll(() => {
    writeFileSync(file, 'x');
    mkdirSync(folder);
  });
  // [command, args before the path, the path is a file (else a folder)]
  const commands: [string, string[], boolean][] = [
    ['fees compute --csv', ['fees', 'compute', '--year', Y, '--csv'], true],
    ['invoices export csv', ['invoices', 'export', '--year', Y, '--format', 'csv', '--out'], true],
    [
      'invoices export ubl',
      ['invoices', 'export', '--year', Y, '--format', 'ubl', '--skip-invalid', '--out'],
      false,
    ],
    ['invoices pdf', ['invoices', 'pdf', '--year', Y, '--out'], false],
    ['invoices remind', ['invoices', 'remind', '--as-of', '2019-06-01', '--out'], false],
    ['report yearly', ['report', 'yearly', '--year', Y, '--format', 'md', '--out'], true],
  ];
  const refused = (args: string[], out: string, message: string | RegExp) => {
    const before = sha(db);
    const r = run(...args, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sha(db)).toBe(before);
  };
  describe.each(commands)('%s', (_title, args, isFile) => {
    it('the database itself', () => refused(args, db, /it is the database/));
    if (isFile) {
      it('a folder that does not exist', () =>
        refused(args, join(dir, 'nope', 'out.csv'), /the folder .*nope does not exist/));
      it('a folder given as the file', () => refused(args, folder, /it is a folder/));
    } else {
      it('a file given as the folder', () => refused(args, file, /it is a file, not a folder/));
      it('a folder to create under a file', () =>
        refused(args, join(file, 'sub'), /cannot create the folder .*a-file\.txt is a file/));
    }
    it.skipIf(locked === null)('a folder without write permission', () =>
      refused(args, isFile ? join(locked!, 'out.csv') : locked!, /not writable|permission denied/),
    );
  });
  it('nothing was left behind', () => {
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});

describe('the database is readable by its owner only', () => {
  it.each([
    ['lato init', ['init']],
    ['lato init --example', ['init', '--example']],
  ])('%s', (_t, args) => {
    const file = join(dir, `${args.join('-')}.db`);
    expect(lato([...args, '--db', file]).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it('lato demo', async () => {
    expect(statSync(join(await demoDir(), 'lato.db')).mode & 0o777).toBe(0o600);
  });
});

let demo: string | undefined;
async function demoDir(): Promise<string> {
  if (!demo) {
    demo = join(dir, 'demo');
    expect((await runLato(['demo', '--out', demo])).code).toBe(0);
  }
  return demo;
}
