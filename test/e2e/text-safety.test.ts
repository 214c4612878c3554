// End-to-end: text that comes in is normalised and checked once, and text that goes out is safe
// for its medium (terminal, JSON, UBL, Markdown); long CSV lines are refused quickly.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
