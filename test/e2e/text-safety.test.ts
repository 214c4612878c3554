// End-to-end: text that comes in is normalised and checked once, and text that goes out is safe
// for its medium (terminal, JSON, UBL, Markdown); long CSV lines are refused quickly.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, tempDir } from '../helpers.js';

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

// ---- issue 12 item 6: what is issued can always be printed ----

const Y = '2018-2019';
const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');

/** The small invoice store (six partners with fixed fees), its 2018-2019 drafts made. */
function draftStore(db: string): void {
  expect(lato(['init', '--db', db]).code).toBe(0);
  expect(lato(['import', 'settings', SETTINGS, '--db', db]).code).toBe(0);
  expect(lato(['import', 'partners', PARTNERS, '--db', db]).code).toBe(0);
  const sql = new Database(db);
  sql.exec(RATES);
  sql.close();
  expect(lato(['invoices', 'run', '--year', Y, '--db', db]).code).toBe(0);
}

function sqlOn<T>(db: string, f: (d: Database.Database) => T): T {
  const d = new Database(db);
  try {
    return f(d);
  } finally {
    d.close();
  }
}

/** Sets one invoice text as an older lato could have stored it; returns the stored texts before. */
function setText(db: string, key: string, value: string): string | undefined {
  return sqlOn(db, (d) => {
    const row = d.prepare("SELECT value FROM settings WHERE key = 'invoice_texts'").get() as
      { value: string } | undefined;
    const texts = { ...(row ? (JSON.parse(row.value) as object) : {}), [key]: value };
    d.prepare(
      "INSERT INTO settings (key, value) VALUES ('invoice_texts', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(JSON.stringify(texts));
    return row?.value;
  });
}

function restoreTexts(db: string, before: string | undefined): void {
  sqlOn(db, (d) =>
    before === undefined
      ? d.prepare("DELETE FROM settings WHERE key = 'invoice_texts'").run()
      : d.prepare("UPDATE settings SET value = ? WHERE key = 'invoice_texts'").run(before),
  );
}

const issuedCount = (db: string) =>
  sqlOn(
    db,
    (d) => (d.prepare("SELECT count(*) AS n FROM invoices WHERE status = 'issued'").get() as { n: number }).n,
  );

describe('text that cannot be printed is refused at entry, naming the character and its position', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });
  const cases: [string, string, RegExp][] = [
    ['emoji', 'School \u{1F393}', /character 8 \(U\+1F393 "\u{1F393}"\) is an emoji/u],
    ['zero-width joiner', 'Ab\u200dcd', /character 3 \(U\+200D\) is the invisible zero-width joiner/],
    ['Thai', 'School \u0e20\u0e32', /character 8 \(U\+0E20 "\u0e20"\) is Thai script/],
    ['Hangul', '\ud55c\uad6d school', /character 1 \(U\+D55C "\ud55c"\) is Hangul/],
    ['a control character', 'Bell\u0007', /character 5 \(U\+0007\) is a control character/],
    ['U+FFFF', 'Non\uffffchar', /character 4 \(U\+FFFF\) is a noncharacter/],
    ['U+FFFE', 'Non\ufffechar', /character 4 \(U\+FFFE\) is a noncharacter/],
  ];

  it.each(cases)('partners add and edit refuse %s', (_what, name, message) => {
    const before = sha(db);
    const add = lato([
      'partners',
      'add',
      '--name',
      name,
      '--sector',
      'PO',
      '--membership',
      'basis',
      '--db',
      db,
    ]);
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/--name: the name: /);
    expect(add.stderr).toMatch(message);
    const edit = lato(['partners', 'edit', 'SCOL', '--city', name, '--db', db]);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(message);
    expect(sha(db)).toBe(before);
  });

  it('an import names the line, the column and the character', () => {
    const file = join(dir, 'emoji.csv');
    writeFileSync(file, 'code;naam;sector;lidmaatschap;plaats\nE1;Een;PO;basis;Leiden \u{1F44D}\n');
    const r = lato(['import', 'partners', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /line 2, column "plaats": the city: character 8 \(U\+1F44D "\u{1F44D}"\) is an emoji/u,
    );
  });

  it('rates set --note, applications new and projectgroup add refuse them too', () => {
    const before = sha(db);
    const rate = lato([
      'rates',
      'set',
      '--year',
      '2018-2019',
      '--sector',
      'PO',
      '--amount',
      '2,50',
      '--note',
      'a\u200db',
      '--db',
      db,
    ]);
    expect(rate.code).toBe(1);
    expect(rate.stderr).toMatch(/--note: character 2 \(U\+200D\)/);
    const application = lato([
      'applications',
      'new',
      '--organisation',
      'Bedrijf \u{1F3A8}',
      '--municipality',
      'Leiden',
      '--db',
      db,
    ]);
    expect(application.code).toBe(1);
    expect(application.stderr).toMatch(/the organisation's name: character 9 \(U\+1F3A8/);
    const member = lato(['projectgroup', 'add', 'Jan \u{1F44D}', '--db', db]);
    expect(member.code).toBe(1);
    expect(member.stderr).toMatch(/character 5 \(U\+1F44D/);
    expect(sha(db)).toBe(before);
  });

  it('settings and the import of settings refuse them too, and a name over the limit', () => {
    const before = sha(db);
    const name = lato(['settings', 'set', 'issuer.name', 'LATO \u{1F44D}', '--db', db]);
    expect(name.code).toBe(1);
    expect(name.stderr).toMatch(/issuer\.name.*character 6 \(U\+1F44D/);
    const text = lato(['settings', 'set', 'invoice_texts.subject', 'Abonnement \u0e20', '--db', db]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/invoice_texts\.subject.*character 12 \(U\+0E20/);
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ invoice_texts: { reminder: 'Betaal \u200d nu' } }));
    const imp = lato(['import', 'settings', file, '--db', db]);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(/invoice_texts\.reminder.*U\+200D/);
    const long = lato(['partners', 'edit', 'SCOL', '--name', 'x'.repeat(201), '--db', db]);
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/--name: the name: is 201 characters long; at most 200 are allowed/);
    expect(sha(db)).toBe(before);
  });
});

describe('issue, credit and remind check every document before anything is numbered or recorded', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => draftStore(db));

  it('issue refuses when a buyer or the issuer cannot be printed, and numbers nothing', () => {
    // as an older lato (or another tool) could have stored it: the entry checks came later
    sqlOn(db, (d) => d.prepare("UPDATE partners SET name = 'Hogeschool \u{1F393}' WHERE code = 'HSL'").run());
    const r = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot issue the invoices of 2018-2019: 1 document could not be printed/);
    expect(r.stderr).toMatch(/HSL: buyer\.name "Hogeschool .*": character 12 \(U\+1F393 .*\) is an emoji/);
    expect(r.stderr).toContain('lato partners edit HSL');
    expect(issuedCount(db)).toBe(0);
    const dry = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--dry-run', '--db', db]);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/could not be printed/);

    sqlOn(db, (d) => d.prepare("UPDATE partners SET name = 'Hogeschool Leiden' WHERE code = 'HSL'").run());
    sqlOn(db, (d) =>
      d
        .prepare(
          "UPDATE settings SET value = json_set(value, '$.name', 'LATO \u{1F44D}') WHERE key = 'issuer'",
        )
        .run(),
    );
    const seller = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
    expect(seller.code).toBe(1);
    expect(seller.stderr).toMatch(/issuer\.name.*character 6 \(U\+1F44D/);
    expect(issuedCount(db)).toBe(0);
    sqlOn(db, (d) =>
      d.prepare("UPDATE settings SET value = json_set(value, '$.name', 'LATO') WHERE key = 'issuer'").run(),
    );
    const texts0 = setText(db, 'payment', 'Betaal {amount} \u{1F4B6}');
    const texts = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
    expect(texts.code).toBe(1);
    expect(texts.stderr).toMatch(/5 documents could not be printed/);
    expect(texts.stderr).toMatch(/payment_text "Betaal .*": character \d+ \(U\+1F4B6/);
    expect(texts.stderr).toContain('lato settings set invoice_texts');
    expect(issuedCount(db)).toBe(0);
    restoreTexts(db, texts0);
    const ok = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(issuedCount(db)).toBe(5);
  });

  it('credit refuses a reason that cannot be printed, before numbering', () => {
    const number = sqlOn(
      db,
      (d) =>
        (
          d
            .prepare(
              "SELECT number FROM invoices WHERE partner_id = (SELECT id FROM partners WHERE code = 'HSL')",
            )
            .get() as { number: string }
        ).number,
    );
    const r = lato(['invoices', 'credit', number, '--reason', 'fout \u{1F44D}', '--yes', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--reason: character 6 \(U\+1F44D/);
    expect(issuedCount(db)).toBe(5);
  });

  it('remind refuses unprintable reminders and leaves no PDFs when it records nothing', () => {
    const reminders = () =>
      sqlOn(db, (d) => (d.prepare('SELECT count(*) AS n FROM invoice_reminders').get() as { n: number }).n);
    const texts0 = setText(db, 'reminder', 'Betaal \u200d nu');
    const out = join(dir, 'reminders');
    const r = lato(['invoices', 'remind', '--out', out, '--as-of', '2019-03-01', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot send the reminders: \d+ documents? could not be printed/);
    expect(r.stderr).toMatch(/reminder\.body .*U\+200D/);
    expect(reminders()).toBe(0);
    restoreTexts(db, texts0);

    // a template that fails on the third reminder: the first two PDFs are removed again
    const templates = join(dir, 'templates');
    mkdirSync(templates, { recursive: true });
    const original = readFileSync(join(ROOT, 'templates', 'reminder.typ'), 'utf8');
    const third = sqlOn(
      db,
      (d) =>
        (
          d
            .prepare("SELECT number FROM invoices WHERE status = 'issued' ORDER BY number LIMIT 1 OFFSET 2")
            .get() as { number: string }
        ).number,
    );
    writeFileSync(
      join(templates, 'reminder.typ'),
      `#let d = json(bytes(sys.inputs.data))\n#if d.number == "${third}" { panic("broken") }\n${original}`,
    );
    const broken = lato([
      'invoices',
      'remind',
      '--out',
      out,
      '--as-of',
      '2019-03-01',
      '--templates',
      templates,
      '--db',
      db,
    ]);
    expect(broken.code).toBe(1);
    expect(reminders()).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf'))).toEqual([]);

    const good = lato(['invoices', 'remind', '--out', out, '--as-of', '2019-03-01', '--db', db]);
    expect(good.code, good.stderr).toBe(0);
    expect(reminders()).toBeGreaterThan(2);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf')).length).toBe(reminders());
  });
});

// ---- issue 12 item 7: UBL is always well-formed ----

describe('UBL from hostile data is well-formed XML and says what was written', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const out = join(dir, 'ubl');
  const HOSTILE = {
    name: 'Hogeschool &amp; Leiden',
    street: '&e; straat 1',
    city: '&#0; stad',
    contact: '</cbc:Name><evil/>',
    reference: ']]><x a="1">',
  };

  beforeAll(() => {
    draftStore(db);
    // as an older lato (or another tool) could have stored it: the entry checks came later
    sqlOn(db, (d) => {
      d.prepare(
        "UPDATE partners SET name = ?, street = ?, city = ?, contact_name = ?, buyer_reference = ?, oin = NULL, kvk = '10000001' WHERE code = 'HSL'",
      ).run(HOSTILE.name, HOSTILE.street, HOSTILE.city, HOSTILE.contact, HOSTILE.reference);
      d.prepare(
        "UPDATE partners SET oin = '</cbc:EndpointID><evil/>', kvk = NULL WHERE code = 'NATUUR'",
      ).run();
    });
    const issue = lato(['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes', '--db', db]);
    expect(issue.code, issue.stderr).toBe(0);
    // control characters and noncharacters in an issued invoice's snapshot (only possible by hand)
    sqlOn(db, (d) => {
      d.exec('DROP TRIGGER invoices_issued_frozen');
      d.prepare(
        "UPDATE invoices SET buyer = json_set(buyer, '$.name', ?) WHERE partner_id = (SELECT id FROM partners WHERE code = 'UL')",
      ).run('Universiteit\u0001 \u001b[2J Leiden\uffff');
    });
  });

  it('every file passes xmllint, and the receiver reads the text as it was written', () => {
    // --fresh: made anew from the stored data, where the hand-made snapshot is
    const r = lato([
      'invoices',
      'export',
      '--year',
      Y,
      '--format',
      'ubl',
      '--out',
      out,
      '--skip-invalid',
      '--fresh',
      '--db',
      db,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const lint = spawnSync('xmllint', ['--noout', join(out, f)], { encoding: 'utf8' });
      expect(lint.status, `${f}: ${lint.stderr}`).toBe(0);
    }
    const xpath = (file: string, path: string) =>
      spawnSync('xmllint', ['--xpath', `string(${path})`, join(out, file)], {
        encoding: 'utf8',
      }).stdout.replace(/\n$/, '');
    const hsl = files.find((f) => readFileSync(join(out, f), 'utf8').includes('>HSL<'))!;
    const party = "//*[local-name()='AccountingCustomerParty']";
    expect(xpath(hsl, `${party}//*[local-name()='RegistrationName']`)).toBe(HOSTILE.name);
    expect(xpath(hsl, `${party}//*[local-name()='StreetName']`)).toBe(HOSTILE.street);
    expect(xpath(hsl, `${party}//*[local-name()='CityName']`)).toBe(HOSTILE.city);
    expect(xpath(hsl, `${party}//*[local-name()='Contact']/*[local-name()='Name']`)).toBe(HOSTILE.contact);
    expect(xpath(hsl, "//*[local-name()='BuyerReference']")).toBe(HOSTILE.reference);
    const ul = files.find((f) => readFileSync(join(out, f), 'utf8').includes('>UL<'))!;
    expect(xpath(ul, `${party}//*[local-name()='RegistrationName']`)).toBe('Universiteit [2J Leiden');
    // the unvalidated OIN stays text: no <evil/> element anywhere
    for (const f of files) expect(readFileSync(join(out, f), 'utf8')).not.toContain('<evil/>');
  });

  it('invoices pdf names a stored document that cannot be printed, and writes no PDF', () => {
    const pdfs = join(dir, 'pdf');
    // made anew from the stored data (the documents kept at issue are as they were sent)
    const r = lato(['invoices', 'pdf', '--year', Y, '--out', pdfs, '--fresh', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot make the PDFs: 1 document could not be printed; no PDF was written/);
    expect(r.stderr).toMatch(
      /UL: buyer\.name "Universiteit\\x01 .*": character 13 \(U\+0001\) is a control character/,
    );
    expect(r.stderr).toMatch(/was issued with this text \(before lato checked it\) and keeps it/);
    expect(readdirSync(pdfs).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });
});

describe('the Markdown report escapes Markdown and HTML specials in the data', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--db', db]).code).toBe(0);
  });

  it('a budget line that looks like HTML, an entity, strike-through or a list stays text', () => {
    const f = join(dir, 'begroting.csv');
    writeFileSync(
      f,
      'kant;omschrijving;bedrag\n' +
        'baten;<img src=x onerror=alert(1)>;€ 10.000\n' +
        'baten;"Tom &amp; Jerry &lt;b&gt;";€ 1.000\n' +
        'lasten;~~weg~~ [link](http://x) *vet*;€ 12.000\n' +
        'lasten;1. punt;€ 500\n',
    );
    const imp = lato(['import', 'budget', f, '--year', '2019-2020', '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    const r = lato(['report', 'yearly', '--year', '2019-2020', '--format', 'md', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('Tom &amp;amp; Jerry &amp;lt;b&amp;gt;');
    expect(md).toContain('\\~\\~weg\\~\\~ \\[link\\](http://x) \\*vet\\*');
    expect(md).not.toMatch(/^1\. punt/m);
  });
});
