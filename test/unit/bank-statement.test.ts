import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStatement } from '../../src/io/bank-statement.js';
import { formatProblem, LatoError } from '../../src/domain/errors.js';
import { FIXTURES, tempDir } from '../helpers.js';

const bank = (f: string) => join(FIXTURES, 'bank', f);

describe('bank statements', () => {
  it('reads CAMT.053: credits and debits, counterparty, remittance text, the bank reference', () => {
    const s = readStatement(bank('camt053.xml'));
    expect(s.format).toBe('camt053');
    expect(s.account).toBe('NL91ABNA0417164300');
    expect(s.lines.map((l) => [l.date, l.amountCents])).toEqual([
      ['2018-11-01', 50_000],
      ['2018-11-01', 10_000],
      ['2018-11-02', -1250],
      ['2018-11-02', 7500],
      ['2018-11-02', 100_000],
    ]);
    expect(s.lines[0]).toMatchObject({
      description: 'Factuur LATO-2018-0001 abonnement LATO',
      counterparty: 'Hogeschool Leiden',
      counterpartyIban: 'NL20INGB0001234567',
      bankReference: '2018110100001',
    });
    expect(s.lines[2]!.description).toBe('Kosten betalingsverkeer oktober 2018');
  });

  it('reads the ING CSV export (Af Bij, YYYYMMDD, decimal comma)', () => {
    const s = readStatement(bank('ing.csv'));
    expect(s.format).toBe('ing');
    expect(s.lines.map((l) => [l.line, l.date, l.amountCents, l.counterparty])).toEqual([
      [2, '2018-11-06', 5000, 'Museum Boerhaave'],
      [3, '2018-11-06', -2000, 'Drukkerij Van Dijk'],
    ]);
    expect(s.lines[0]!.description).toContain('LATO-2018-0002');
  });

  it('reads the Rabobank CSV export, in Windows-1252 (Naam initiërende partij)', () => {
    const s = readStatement(bank('rabobank.csv'));
    expect(s.format).toBe('rabobank');
    expect(s.account).toBe('NL39RABO0300065264');
    expect(s.lines.map((l) => [l.date, l.amountCents, l.counterparty])).toEqual([
      ['2018-11-07', 50_000, 'Universiteit Leiden'],
      ['2018-11-07', -3500, 'Zaalverhuur Leiden'],
    ]);
    expect(s.lines[0]!.description).toContain('Betaling factuur LATO-2018-0004');
    expect(s.lines[0]!.bankReference).toBe('NL39RABO0300065264/000000000000007213');
  });

  it('reads the ABN AMRO TXT/TAB export (no header, /TRTP/ descriptions)', () => {
    const s = readStatement(bank('abnamro.tab'));
    expect(s.format).toBe('abnamro');
    expect(s.lines.map((l) => [l.line, l.date, l.amountCents])).toEqual([
      [1, '2018-11-08', 50_000],
      [2, '2018-11-08', -1300],
    ]);
    expect(s.lines[0]).toMatchObject({
      counterparty: 'Stichting Natuur en Talent',
      counterpartyIban: 'NL20INGB0001234567',
    });
  });

  it('refuses what is not a statement, saying which formats it reads', () => {
    const dir = tempDir();
    const write = (name: string, data: string | Buffer) => {
      const f = join(dir, name);
      writeFileSync(f, data);
      return f;
    };
    const cases: [string, RegExp][] = [
      [
        join(FIXTURES, 'invoices', 'partners.csv'),
        /not a bank statement: its columns are not those of a known bank export/,
      ],
      [
        bank('pain001.xml'),
        /not a bank statement: it is XML, but a <Document> in .*pain\.001.*, not a CAMT\.053 statement/,
      ],
      [write('empty.csv', ''), /not a bank statement: the file is empty/],
      [
        write('x.pdf', Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2])),
        /not a bank statement: it is a binary file/,
      ],
      [
        write('order.xml', '<Order><ID>1</ID></Order>'),
        /it is XML, but a <Order>, not a CAMT\.053 statement/,
      ],
    ];
    for (const [file, msg] of cases) {
      expect(() => readStatement(file)).toThrow(msg);
      try {
        readStatement(file);
      } catch (e) {
        expect((e as { hint?: string }).hint).toMatch(/CAMT\.053 .* ING, Rabobank and ABN AMRO/);
      }
    }
    expect(() => readStatement(join(dir, 'missing.xml'))).toThrow(/no such file/);
  });

  it('names every bad line at once: line, column and what is wrong', () => {
    const dir = tempDir();
    const f = join(dir, 'ing-bad.csv');
    writeFileSync(
      f,
      '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen"\r\n' +
        '"20181106";"X";"NL91ABNA0417164300";"";"OV";"Bij";"veel";"Overschrijving";""\r\n' +
        '"20181106";"Y";"NL91ABNA0417164300";"";"OV";"Bij";"10,00";"Overschrijving";""\r\n' +
        '"gisteren";"Z";"NL91ABNA0417164300";"";"OV";"Erbij";"5,00";"Overschrijving";""\r\n',
    );
    let err: LatoError | undefined;
    try {
      readStatement(f);
    } catch (e) {
      err = e as LatoError;
    }
    expect(err).toBeInstanceOf(LatoError);
    expect(err!.message).toBe('ing-bad.csv: 3 problems in the bank statement; nothing was imported');
    expect(err!.problems.map(formatProblem)).toEqual([
      'ing-bad.csv, line 2, column "Bedrag (EUR)": "veel" is not an amount (ING amounts are written like 1234,56: a decimal comma and no thousands dots)',
      'ing-bad.csv, line 4, column "Af Bij": "Erbij" is not Af or Bij',
      'ing-bad.csv, line 4, column "Datum": "gisteren" is not a date',
    ]);
  });

  it('names every bad entry of a CAMT.053 statement', () => {
    const dir = tempDir();
    const f = join(dir, 'camt-bad.xml');
    const entry = (amt: string, date: string) =>
      `<Ntry><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>${date}</Dt></BookgDt></Ntry>`;
    writeFileSync(
      f,
      '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>' +
        entry('veel', '2018-11-06') +
        entry('10.00', '2018-11-06') +
        entry('5.00', 'morgen') +
        '</Stmt></BkToCstmrStmt></Document>',
    );
    try {
      readStatement(f);
      expect.unreachable();
    } catch (e) {
      expect((e as LatoError).problems.map(formatProblem)).toEqual([
        'camt-bad.xml: entry 1, Amt: "veel" is not an amount (CAMT.053 amounts are XML decimals like 1500.00, with a dot as decimal mark)',
        'camt-bad.xml: entry 3, BookgDt: "morgen" is not a date',
      ]);
    }
  });
});
