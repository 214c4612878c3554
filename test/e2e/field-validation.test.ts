// End-to-end: text is normalised once (NFC, trimmed, whitespace collapsed) before it is stored or
// matched (issue 11 item 7), and every field has one validator used by import, add, edit and
// settings, whose message says what is wrong with the value given (issue 11 item 12).
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, tempDir } from '../helpers.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function count(db: string, sql: string, ...params: unknown[]): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    d.close();
  }
}

const NFD = 'Er-Rise\u0300le\u0300h';
const NFC = 'Er-Ris\u00e8l\u00e8h';

describe('one spelling of a name is one partner (item 11.7)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });

  it('a partner file with the name in decomposed Unicode (NFD) updates the existing partner', () => {
    expect(NFD).not.toBe(NFC);
    const partners = count(db, 'SELECT count(*) AS n FROM partners');
    const file = join(dir, 'nfd.csv');
    writeFileSync(
      file,
      `naam;sector;lidmaatschap;gemeente;contactpersoon\n  ${NFD}  ;PO;convenant;Leiden;  Y.   El Amrani\n`,
    );
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM partners')).toBe(partners);
    expect(count(db, 'SELECT count(*) AS n FROM partners WHERE name = ?', NFC)).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM partners WHERE name = ?', NFD)).toBe(0);
    // trimmed, the inner whitespace collapsed: the same contact as before, so nothing changed
    expect(count(db, "SELECT count(*) AS n FROM partners WHERE contact_name = 'Y. El Amrani'")).toBe(1);
  });

  it('a name typed in NFD finds the partner, and an added partner is stored in NFC', () => {
    const show = lato(['partners', 'show', NFD, '--json', '--db', db]);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).code).toBe('ERRISELEH');
    const add = lato(
      ['partners', 'add', '--name', ` Cafe\u0301   De\tKroon `, '--sector', 'PO', '--membership', 'basis'],
      { env: { LATO_DB: db } },
    );
    expect(add.code, add.stderr).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM partners WHERE name = ?', 'Caf\u00e9 De Kroon')).toBe(1);
  });
});

describe('edits and settings are checked like imports (item 11.12)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });

  it('partners edit SCOL --postal-code XYZ --email bad: exit 1, both named with what is wrong, nothing written', () => {
    const before = sha(db);
    const r = lato(['partners', 'edit', 'SCOL', '--postal-code', 'XYZ', '--email', 'bad', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--postal-code: postal code "XYZ" is not Dutch: it must be 4 digits and 2 letters/,
    );
    expect(r.stderr).toMatch(/--email: e-mail address "bad" has no @/);
    expect(sha(db)).toBe(before);
  });

  it('partners add and edit validate KvK and OIN (an OIN that is markup is refused)', () => {
    const before = sha(db);
    const oin = lato(['partners', 'edit', 'SCOL', '--oin', '</cbc:EndpointID><evil/>', '--db', db]);
    expect(oin.code).toBe(1);
    expect(oin.stderr).toMatch(/--oin: OIN may hold digits only/);
    const kvk = lato([
      'partners',
      'add',
      '--name',
      'Nieuw',
      '--sector',
      'PO',
      '--membership',
      'basis',
      '--kvk',
      '1234',
      '--db',
      db,
    ]);
    expect(kvk.code).toBe(1);
    expect(kvk.stderr).toMatch(/--kvk: KvK number must have 8 digits, got 4/);
    expect(sha(db)).toBe(before);
    const good = lato(['partners', 'edit', 'SCOL', '--postal-code', '2311ej', '--db', db]);
    expect(good.code, good.stderr).toBe(0);
    expect(
      count(db, "SELECT count(*) AS n FROM partners WHERE code = 'SCOL' AND postal_code = '2311 EJ'"),
    ).toBe(1);
  });

  it('an import names each bad cell with what is wrong', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'code;naam;sector;lidmaatschap;kvk;postcode;email;oin\n' +
        'X1;Een;PO;basis;123;2311 EJ;a@b.nl;\n' +
        'X2;Twee;PO;basis;;XYZ;iemand@@x.nl;12\n',
    );
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2.*kvk.*KvK number must have 8 digits, got 3/);
    expect(r.stderr).toMatch(/line 3.*postcode.*postal code "XYZ" is not Dutch/);
    expect(r.stderr).toMatch(/line 3.*email.*has more than one @/);
    expect(r.stderr).toMatch(/line 3.*oin.*OIN must have 20 digits, got 2/);
  });

  it('settings set issuer.kvk 123 says what is wrong, not "missing"', () => {
    const before = sha(db);
    const r = lato(['settings', 'set', 'issuer.kvk', '123', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KvK number must have 8 digits, got 3');
    expect(r.stderr).not.toMatch(/missing/);
    expect(sha(db)).toBe(before);
  });

  it('issuer fields are stored in their normal form; an OIN keeps its leading zeros', () => {
    expect(lato(['settings', 'set', 'issuer.kvk', '6000.4052', '--db', db]).code).toBe(0);
    expect(lato(['settings', 'get', 'issuer.kvk', '--db', db]).stdout.trim()).toBe('60004052');
    expect(lato(['settings', 'set', 'issuer.oin', '00000001234567890000', '--db', db]).code).toBe(0);
    expect(lato(['settings', 'get', 'issuer.oin', '--db', db]).stdout.trim()).toBe('00000001234567890000');
    const iban = lato(['settings', 'set', 'issuer.iban', 'NL91ABNA041716430', '--db', db]);
    expect(iban.code).toBe(1);
    expect(iban.stderr).toContain('an NL IBAN has 18 characters, got 17');
    const vat = lato(['settings', 'set', 'issuer.vat_number', 'NL12345', '--db', db]);
    expect(vat.code).toBe(1);
    expect(vat.stderr).toMatch(/Dutch VAT number must be NL, 9 digits, B and 2 digits/);
    const phone = lato(['settings', 'set', 'issuer.phone', '071-abc', '--db', db]);
    expect(phone.code).toBe(1);
    expect(phone.stderr).toMatch(/phone number may hold digits/);
  });

  it('import settings checks the same way', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ issuer: { name: 'X', kvk: '123', email: 'geen' } }));
    const r = lato(['import', 'settings', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('KvK number must have 8 digits, got 3');
    expect(r.stderr).toContain('e-mail address "geen" has no @');
  });
});
