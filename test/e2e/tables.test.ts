// Tables fit the terminal (issue 14, item 2): plain aligned columns without box drawing; at 80
// columns (COLUMNS=80, and a real pseudo-terminal when `script` is there) no line is longer than 80;
// piped, nothing is cut; numbers nl-NL.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'example.db');
const Y = '2018-2019';
const run = (args: string[], env: Record<string, string> = {}) => lato([...args, '--db', DB], { env });

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
  expect(run(['invoices', 'run', '--year', Y]).code).toBe(0);
  const issue = run(['invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes']);
  expect(issue.code, issue.stderr).toBe(0);
});

const COMMANDS: string[][] = [
  ['partners', 'list'],
  ['fees', 'compute', '--year', Y],
  ['invoices', 'list'],
  ['invoices', 'show', 'LATO-2018-0001'],
  ['log'],
  ['import', 'list'],
];

const width = (s: string) => [...s].length;
const longest = (text: string) => Math.max(0, ...text.split(/\r?\n/).map(width));

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs lato in a pseudo-terminal of 80 columns; stdout and stderr both arrive on it. */
function inTerminal(args: string[]): string {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const line = [process.execPath, BIN, ...args, '--db', DB].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', `stty cols 80 rows 50; ${line}`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '' },
  });
  expect(r.status, r.stdout).toBe(0);
  return r.stdout;
}

describe('tables (built binary)', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s: no line over 80 columns with COLUMNS=80', (_, args) => {
    const r = run(args as string[], { COLUMNS: '80' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).not.toBe('');
    expect(longest(r.stdout)).toBeLessThanOrEqual(80);
    expect(longest(r.stderr)).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/[│┌┐└┘─┬┴┼]/);
  });

  it.runIf(hasScript).each(COMMANDS.map((c) => [c.join(' '), c]))(
    '%s: no line over 80 columns in an 80-column terminal',
    (_, args) => {
      const out = inTerminal(args as string[]);
      expect(out.trim()).not.toBe('');
      expect(longest(out)).toBeLessThanOrEqual(80);
    },
  );

  it('piped, nothing is cut: full names, plain aligned columns, nl-NL numbers', () => {
    const r = run(['fees', 'compute', '--year', Y]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SCOL (Stichting Confessioneel Onderwijs Leiden), primair onderwijs');
    expect(r.stdout).not.toContain('…');
    expect(r.stdout).toMatch(/^SCOL +SCOL \(Stichting .*4\.100 +€ 2,50 +€ 10\.250,00/m);
    expect(longest(r.stdout)).toBeGreaterThan(80);
    const log = run(['import', 'list']);
    expect(log.stdout.split('\n')[1]).toMatch(/^-+( +-+)+$/);
  });

  it('at 80 columns a long name wraps in its cell and codes keep their full width', () => {
    const r = run(['fees', 'compute', '--year', Y], { COLUMNS: '80' });
    const rows = r.stdout.split('\n');
    const scol = rows.findIndex((l) => l.startsWith('SCOL '));
    expect(scol).toBeGreaterThan(0);
    expect(rows[scol]).toMatch(/€ 10\.250,00/);
    // the rest of the name is on the next lines of the same row, under the name
    expect(rows.slice(scol, scol + 4).join(' ')).toMatch(/Confessioneel/);
    expect(r.stdout).toMatch(/^NUTS-VOORSCHOTEN /m);
  });
});
