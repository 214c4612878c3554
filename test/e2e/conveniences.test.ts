// The expected conveniences (issue 14, item 8): -v and -V with the version from package.json,
// shell completion made from the program, partners add saying what an invoice still needs, and
// invoices export --format csv on stdout without --out.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'example.db');
const Y = '2018-2019';
const run = (...args: string[]) => lato([...args, '--db', DB]);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
});

describe('conveniences (built binary)', () => {
  it('-v, -V and --version print the version of package.json', () => {
    for (const flag of ['-v', '-V', '--version']) {
      const r = lato([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    }
  });

  it('lato completion bash: a valid script that completes commands, subcommands and options', () => {
    const r = lato(['completion', 'bash']);
    expect(r.code).toBe(0);
    const file = join(dir, 'lato.bash');
    writeFileSync(file, r.stdout);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const complete = (...words: string[]) =>
      spawnSync(
        'bash',
        [
          '-c',
          `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _lato; echo "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      ).stdout.trim();
    expect(complete('lato', 'inv')).toBe('invoices');
    expect(complete('lato', 'partners', 'l').split(' ').sort()).toEqual(['leave', 'list']);
    expect(complete('lato', '--db', 'x.db', 'invoices', 'export', '--fo')).toBe('--format');
  });

  it('lato completion zsh|fish; another shell is wrong usage', () => {
    expect(lato(['completion', 'zsh']).stdout).toMatch(/^#compdef lato/);
    const fish = lato(['completion', 'fish']).stdout;
    expect(fish).toContain("-a 'list show add edit leave'");
    expect(fish).toContain('-l dry-run');
    const bad = lato(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh or fish');
  });

  it('partners add says which flags an invoice still needs', () => {
    const r = run(
      'partners',
      'add',
      '--code',
      'NIEUW',
      '--name',
      'Nieuw',
      '--sector',
      'OVERIG',
      '--membership',
      'basis',
      '--city',
      'Leiden',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'NIEUW pays a fee, but its invoice still needs --street, --postal-code, --kvk, --invoice-email',
    );
    const funder = run(
      'partners',
      'add',
      '--code',
      'GEVER',
      '--name',
      'Gever',
      '--sector',
      'OVERIG',
      '--membership',
      'financier',
    );
    expect(funder.code).toBe(0);
    expect(funder.stderr).not.toContain('still needs');
  });

  it('invoices export --format csv without --out: the CSV on stdout; UBL needs --out', () => {
    expect(run('partners', 'leave', 'NIEUW', '--date', '2018-07-31').code).toBe(0);
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    expect(run('invoices', 'issue', '--year', Y, '--date', '2018-10-15', '--yes').code).toBe(0);
    const r = run('invoices', 'export', '--year', Y, '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('\uFEFFFactuurnummer;')).toBe(true);
    expect(r.stdout).toContain('\r\nLATO-2018-0001;factuur;2018-10-15;');
    expect(r.stderr).toContain('Exported 46 document(s) as CSV.');
    const ubl = run('invoices', 'export', '--year', Y, '--format', 'ubl');
    expect(ubl.code).toBe(2);
    expect(ubl.stderr).toContain('give --out DIR');
  });
});
