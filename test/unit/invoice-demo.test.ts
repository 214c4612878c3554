// The function `lato demo` calls for the invoices: the example year, end to end.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initDatabase } from '../../src/app/init.js';
import { invoiceDemo } from '../../src/app/invoices.js';
import { openDb } from '../../src/db/connection.js';
import { tempDir } from '../helpers.js';

describe('invoiceDemo (for lato demo)', () => {
  it('issues the example year and writes its PDFs, CSV and UBL; a second run adds nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'lato.db');
    await initDatabase(file, { example: true, force: false });
    const db = openDb(file);
    try {
      const r = await invoiceDemo(db, { year: '2018-2019', issueDate: '2018-10-15', outDir: dir });
      const n = r.issue.issued.length;
      expect(n).toBeGreaterThan(10);
      expect(r.issue.issued[0]!.number).toBe('LATO-2018-0001');
      expect(r.issue.issued[n - 1]!.number).toBe(`LATO-2018-${String(n).padStart(4, '0')}`);
      expect(r.pdfs).toHaveLength(n);
      expect(r.pdfs.every((f) => existsSync(f))).toBe(true);
      const csv = readFileSync(r.csv, 'utf8');
      expect(csv.trimEnd().split('\r\n')).toHaveLength(n + 1);
      // every document is either written as UBL or listed with the rule it breaks
      expect(r.ubl.documents + r.ubl.skipped.length).toBe(n);
      for (const s of r.ubl.skipped) expect(s.problems.join(' ')).toMatch(/BR-NL-\d+/);
      const again = await invoiceDemo(db, { year: '2018-2019', issueDate: '2018-10-16', outDir: dir });
      expect(again.issue.issued).toEqual([]);
      expect(again.run.created).toBe(0);
    } finally {
      db.close();
    }
  });
});
