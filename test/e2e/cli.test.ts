import { describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, DUO_FILE, lato, tempDir } from '../helpers.js';

describe('lato (built binary): conventions', () => {
  const dir = tempDir();

  it('shows help and exits 0', () => {
    const r = lato(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: lato');
  });

  it('exits 2 on an unknown command or option', () => {
    expect(lato(['frobnicate']).code).toBe(2);
    expect(lato(['init', '--nope']).code).toBe(2);
  });

  it('a malformed option value is wrong usage (exit 2) with the valid forms; required options say so', () => {
    const db = join(dir, 'usage.db');
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
    const cases: [string[], string, string][] = [
      [['fees', 'compute', '--year', '20x'], '--year: "20x" is not a school year', 'like 2018-2019'],
      [
        ['budget', 'show', '--year', '2018-2020'],
        '--year: "2018-2020" is not a school year',
        'like 2018-2019',
      ],
      [['log', '--since', 'yesterday'], '--since: "yesterday" is not a date', '--since 2026-11-30'],
      [['invoices', 'outstanding', '--as-of', '2019-02-30'], '--as-of: "2019-02-30"', 'YYYY-MM-DD'],
      [['partners', 'leave', 'SCOL', '--date', 'morgen'], '--date: "morgen" is not a date', 'YYYY-MM-DD'],
      [
        ['rates', 'set', '--year', '2019-2020', '--sector', 'PO', '--amount', 'veel'],
        '--amount: "veel"',
        '1.953,00',
      ],
      [['partners', 'list', '--sector', 'XX'], '--sector: "XX" is not a sector', 'VSE, PO, VO'],
    ];
    for (const [args, message, forms] of cases) {
      const r = lato([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(forms);
    }
    // a well-formed value the data rejects is input rejected: 1
    expect(lato(['partners', 'show', 'NOSUCH', '--db', db]).code).toBe(1);
    expect(lato(['partners', 'list', '--sector', 'vo', '--db', db]).code).toBe(0);
    expect(lato(['rates', 'set', '--help']).stdout).toMatch(/--year <year> +the school year.*\(required\)/);
  });

  it('says how to create a database when there is none', () => {
    const r = lato(['partners', 'list', '--db', join(dir, 'missing.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lato init');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('init creates a database readable by its owner only, and refuses to overwrite', () => {
    const db = join(dir, 'new.db');
    const r = lato(['init', '--db', db]);
    expect(r.code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    const again = lato(['init', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('stops quietly when the reader of its output goes away (lato … | head -1)', () => {
    const db = join(dir, 'pipe.db');
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${BIN}" import counts "${DUO_FILE}" --year 2025-2026 --dry-run --json --db "${db}" | head -c 10`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });
});

describe('lato --help (fast path)', () => {
  it('prints exactly the help the program renders at 80 columns', async () => {
    const { topLevelHelp } = await import('../../src/cli/main.js');
    const expected = await topLevelHelp();
    expect(lato(['--help']).stdout).toBe(expected);
    expect(lato(['-h']).stdout).toBe(expected);
    expect(expected).toContain('partners');
    expect(expected).toContain('invoices');
  });
});
