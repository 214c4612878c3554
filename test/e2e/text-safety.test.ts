// End-to-end: text that comes in is normalised and checked once, and text that goes out is safe
// for its medium (terminal, JSON, UBL, Markdown); long CSV lines are refused quickly.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('long CSV lines are refused quickly, with line and column', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--db', db]).code).toBe(0);
  });

  it('a 16 MB field on one line: refused with its line, column and the maximum', () => {
    const file = join(dir, 'long-line.csv');
    const huge = 'x'.repeat(16 * 1024 * 1024);
    writeFileSync(file, `code;naam;sector;lidmaatschap\nA;Alpha;PO;basis\nB;${huge};PO;basis\n`);
    const before = sha(db);
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/long-line\.csv, line 3, column 2 \("naam"\): .*longer than 32,767 characters/);
    expect(r.stderr).not.toMatch(/unexpected/);
    expect(sha(db)).toBe(before);
  });

  it('a quoted field that never closes is refused at the maximum, not read to the end', () => {
    const file = join(dir, 'open-quote.csv');
    const body = 'y'.repeat(100_000) + '\n';
    writeFileSync(file, `code;naam;sector;lidmaatschap\nA;"Alpha;PO;basis\n${body.repeat(200)}`);
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/open-quote\.csv, line 2, column 2 \("naam"\): .*longer than 32,767 characters/);
  });

  it('a line of many short fields that is too long as a whole is refused too', () => {
    const file = join(dir, 'wide.csv');
    const wide = Array.from({ length: 400_000 }, () => 'abc').join(';');
    writeFileSync(file, `code;naam;sector;lidmaatschap\nA;Alpha;PO;basis\n${wide}\n`);
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wide\.csv, line 3: .*longer than 1,048,576 characters/);
  });

  it('a field at the maximum is read', () => {
    const file = join(dir, 'at-max.csv');
    const notes = 'n'.repeat(32_767 - 2);
    writeFileSync(file, `code;naam;sector;lidmaatschap;opmerking\nA;Alpha;PO;basis;"${notes}"\n`);
    const r = lato(['import', 'partners', file, '--db', db, '--dry-run']);
    expect(r.stderr).not.toMatch(/32,767/);
  });

  it('a bank statement with a 16 MB line is refused the same way', () => {
    const file = join(dir, 'bank.csv');
    writeFileSync(
      file,
      `"Datum","Naam / Omschrijving","Af Bij"\n"20250101","${'z'.repeat(16 * 1024 * 1024)}","Bij"\n`,
    );
    const r = lato(['payments', 'import', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bank\.csv, line 2, column 2.*longer than 32,767 characters/);
  });
});

// what must never reach a terminal raw: ESC, BEL, other C0, DEL, C1 (CSI U+009B) and bidi overrides
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'Evil \u001b[2J\u001b[31mRED\u001b]0;pwned\u0007 \u009b2J \u202egnp.exe\u2066x\u2069';

describe('data cannot rewrite the terminal', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
    // as an older lato (or another tool) could have stored it: the entry checks come later
    const h = new Database(db);
    h.prepare('UPDATE partners SET name = ?, city = ? WHERE code = ?').run(EVIL, EVIL, 'FLOREOKIDS');
    h.close();
  });

  const visible = (out: string) => {
    expect(out).not.toMatch(RAW);
    expect(out).toContain(
      'Evil \\x1B[2J\\x1B[31mRED\\x1B]0;pwned\\x07 \\x9B2J \\u202Egnp.exe\\u2066x\\u2069',
    );
  };

  it('partners list and show escape control characters and bidi overrides visibly', () => {
    const list = lato(['partners', 'list', '--db', db]);
    expect(list.code).toBe(0);
    visible(list.stdout);
    const show = lato(['partners', 'show', 'FLOREOKIDS', '--db', db]);
    expect(show.code).toBe(0);
    visible(show.stdout);
  });

  it('fees compute and fees explain too', () => {
    const fees = lato(['fees', 'compute', '--year', '2018-2019', '--db', db]);
    expect(fees.code).toBe(0);
    visible(fees.stdout);
    const explain = lato(['fees', 'explain', 'FLOREOKIDS', '--year', '2018-2019', '--db', db]);
    visible(explain.stdout + explain.stderr);
  });

  it('an error quoting a cell or an argument escapes it', () => {
    const file = join(dir, 'evil.csv');
    writeFileSync(file, `code;naam;sector;lidmaatschap\nEVIL;Evil;${EVIL};basis\n`);
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('\\x1B[2J');
    const show = lato(['partners', 'show', `${EVIL}x`, '--db', db]);
    expect(show.code).toBe(1);
    expect(show.stderr).not.toMatch(RAW);
  });

  it('JSON escapes them as JSON does, and still parses to the same text', () => {
    const r = lato(['partners', 'show', 'FLOREOKIDS', '--json', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u009b2J \\u202egnp.exe');
    expect(JSON.parse(r.stdout).name).toBe(EVIL);
  });
});
