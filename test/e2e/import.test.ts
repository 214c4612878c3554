// End-to-end: importing partners and counts through the built binary, as the administration would.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { DUO_FILE, lato, tempDir } from '../helpers.js';

// the copy in the repository, so that the test runs wherever the checkout is
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('import counts: the real DUO file into the example database', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });

  it('links the Leiden-area partners, reports the rest as unlinked', () => {
    const r = lato(['import', 'counts', DUO_FILE, '--year', '2025-2026', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1453 rows: 1453 new, 0 changed, 0 unchanged');
    expect(r.stdout).toContain('Recognised a DUO open-data file');
    expect(r.stdout).toMatch(/SCOL-VO \(8\)/);
    expect(r.stdout).toMatch(/SGL \(2\)/);
    expect(r.stdout).toMatch(/LDV \(4\)/);
    expect(r.stdout).toContain('1436 locations belong to no partner');
    expect(r.stdout).toContain('02EA03 Driestar Leiden (Leiden, 571)');
    expect(r.stdout).toContain('lato partners edit CODE --add-location');
  });

  it('a second run changes nothing and says so', () => {
    const before = sha(db);
    const r = lato(['import', 'counts', DUO_FILE, '--year', '2025-2026', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.rows).toEqual({ total: 1453, new: 0, changed: 0, unchanged: 1453, skipped: 0 });
    expect(s.batch).toBeNull();
    expect(s.unlinked_count).toBe(1436);
    expect(sha(db)).toBe(before);
  });

  it('a linked location counts for its partner from then on', () => {
    const r = lato(['partners', 'edit', 'RLO', '--add-location', '02GP00', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).locations).toEqual(['02GP00', '16RH00']);
  });

  it('refuses a DUO file without --year', () => {
    const r = lato(['import', 'counts', DUO_FILE, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('give --year');
  });
});

describe('import: files as people send them', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--db', db]).code).toBe(0);
  });

  it('reads a Windows-1252 semicolon file from Excel with the name intact', () => {
    const file = join(dir, 'partners-excel.csv');
    const text =
      'Code;Naam;Sector;Gemeente;Lidmaatschap;Lid sinds\r\n' +
      'ERRISELEH;Er-Risèlèh;PO;Leiden;convenant;1-8-2015\r\n' +
      'CAFE;Café Crème Ëxpress;OVERIG;Leiderdorp;basis;2019-01-01\r\n';
    writeFileSync(file, iconv.encode(text, 'win1252'));
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 rows: 2 new');
    const show = lato(['partners', 'show', 'ERRISELEH', '--json', '--db', db]);
    expect(JSON.parse(show.stdout).name).toBe('Er-Risèlèh');
    expect(JSON.parse(lato(['partners', 'show', 'CAFE', '--json', '--db', db]).stdout).name).toBe(
      'Café Crème Ëxpress',
    );
    expect(JSON.parse(show.stdout).joined_on).toBe('2015-08-01');
  });

  it('reads UTF-8 with BOM, comma-separated, with Dutch thousands dots and English headers', () => {
    const file = join(dir, 'counts.csv');
    writeFileSync(
      file,
      '\ufeffschool year,partner,pupils,count date\n2019-2020,ERRISELEH,"1.234",2019-10-01\n',
    );
    const r = lato(['import', 'counts', file, '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows.new).toBe(1);
  });

  it('reads tab-separated files', () => {
    const file = join(dir, 'counts.tsv');
    writeFileSync(file, 'Schooljaar\tPartner\tAantal\n2020-2021\tERRISELEH\t250\n');
    const r = lato(['import', 'counts', file, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 new');
  });

  it('rejects a file with several bad rows, names every line, and writes nothing', () => {
    const file = join(dir, 'bad-counts.csv');
    writeFileSync(
      file,
      [
        'Schooljaar;Partner;Aantal',
        '2021-2022;ERRISELEH;240',
        '2021-2023;ERRISELEH;240',
        '2021-2022;NOSUCH;10',
        '2021-2022;CAFE;-5',
        '2022-2023;CAFE;veel',
        '2021-2022;ERRISELEH;241',
        '2022-2023;CAFE;',
        '',
      ].join('\r\n'),
    );
    const before = sha(db);
    const r = lato(['import', 'counts', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad-counts.csv: 6 problems; nothing was imported');
    expect(r.stderr).toMatch(/line 3, column "Schooljaar": "2021-2023" is not a school year/);
    expect(r.stderr).toMatch(/line 4, column "Partner": unknown partner "NOSUCH"/);
    expect(r.stderr).toMatch(/line 5, column "Aantal": the count "-5" is negative/);
    expect(r.stderr).toMatch(/line 6, column "Aantal": the count "veel" is not a whole number/);
    expect(r.stderr).toMatch(/line 7, column "Partner": duplicate count for ERRISELEH in 2021-2022/);
    expect(r.stderr).toMatch(/line 8, column "Aantal": the count is empty/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sha(db)).toBe(before);
  });

  it('rejects bad partner rows: unknown sector, missing name, bad KvK, duplicate key, unknown municipality', () => {
    const file = join(dir, 'bad-partners.csv');
    writeFileSync(
      file,
      'code;naam;sector;gemeente;kvk;lidmaatschap\n' +
        'A;Alpha;XO;Leiden;;basis\n' +
        'B;;PO;Leiden;;convenant\n' +
        'C;Gamma;PO;Leidn;;convenant\n' +
        'D;Delta;PO;Leiden;123;convenant\n' +
        'E;Eps;PO;Leiden;;lid\n' +
        'D;Delta again;PO;Leiden;;convenant\n',
    );
    const before = sha(db);
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2, column "sector": unknown sector "XO"/);
    expect(r.stderr).toMatch(/line 3, column "naam": the name is empty/);
    expect(r.stderr).toMatch(
      /line 4, column "gemeente": unknown municipality "Leidn" \(did you mean "Leiden"\?\)/,
    );
    expect(r.stderr).toMatch(/line 5, column "kvk": KvK number must have 8 digits, got 3/);
    expect(r.stderr).toMatch(/line 6, column "lidmaatschap": unknown membership "lid"/);
    expect(r.stderr).toMatch(/line 7, column "code": duplicate partner \(code D, also on line 5\)/);
    expect(sha(db)).toBe(before);
  });

  it('says which required column is missing', () => {
    const file = join(dir, 'nocol.csv');
    writeFileSync(file, 'naam;sector\nX;PO\n');
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('required column "membership" is missing');
  });

  it('rejects an empty file, a binary file, an Excel workbook, undecodable bytes and an unclosed quote', () => {
    const cases: [string, Buffer | string, RegExp][] = [
      ['empty.csv', '', /empty\.csv is empty/],
      ['binary.csv', Buffer.from([0x00, 0x01, 0x02, 0x41, 0x0a]), /not a text file/],
      ['book.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /Excel workbook \(\.xlsx\)/],
      [
        'quote.csv',
        'Schooljaar;Partner;Aantal\n2021-2022;"CAFE;3\n',
        /line 2: a quote \("\) opened here is never closed/,
      ],
    ];
    for (const [name, content, msg] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = lato(['import', 'counts', file, '--db', db]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(msg);
    }
    const forced = join(dir, 'latin.csv');
    writeFileSync(forced, iconv.encode('Schooljaar;Partner;Aantal\n2021-2022;CAFÉ;3\n', 'win1252'));
    const r = lato(['import', 'counts', forced, '--encoding', 'utf-8', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid UTF-8/);
    expect(r.stderr).toContain('--encoding windows-1252');
  });

  it('--dry-run shows what would change and writes nothing', () => {
    const file = join(dir, 'dry.csv');
    writeFileSync(file, 'Schooljaar;Partner;Aantal\n2019-2020;ERRISELEH;1.300\n2023-2024;ERRISELEH;99\n');
    const before = sha(db);
    const r = lato(['import', 'counts', file, '--dry-run', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run of dry.csv (nothing written): 2 rows: 1 new, 1 changed, 0 unchanged');
    expect(sha(db)).toBe(before);
  });

  it('reads an older DUO file (BRIN NUMMER, VESTIGINGSNUMMER) and keeps masked counts as masked', () => {
    const file = join(dir, 'duo-old.csv');
    writeFileSync(
      file,
      '"BRIN NUMMER";"VESTIGINGSNUMMER";"INSTELLINGSNAAM VESTIGING";"GEMEENTENAAM";"AANTAL LEERLINGEN"\n' +
        '"20DP";"0";"Stedelijk Gymnasium";"Leiden";812\n' +
        '"99XX";"01";"Kleine school";"Leiden";"<5"\n',
    );
    const r = lato(['import', 'counts', file, '--year', '2016-2017', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.rows.new).toBe(2);
    expect(s.masked_count).toBe(1);
    expect(s.notes.join(' ')).toContain('masked by the source');
    expect(s.notes.join(' ')).toContain('99XX01');
  });
});
