// End-to-end (issue 13): issued documents kept as sent, a hash chain per series that shows any
// tampering, restore that cannot lose issued documents silently, and the archive for the
// accountant. Through the built binary, on the small store of test/fixtures/invoices.

import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIXTURES, ROOT, lato, tempDir } from '../helpers.js';

const Y = '2018-2019';
const SETTINGS = join(ROOT, 'data', 'example', 'settings.json');
const PARTNERS = join(FIXTURES, 'invoices', 'partners.csv');
const RATES = readFileSync(join(FIXTURES, 'invoices', 'rates.sql'), 'utf8');

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function makeStore(db: string): void {
  expect(lato(['init', '--db', db]).code).toBe(0);
  expect(lato(['import', 'settings', SETTINGS, '--db', db]).code).toBe(0);
  expect(lato(['import', 'partners', PARTNERS, '--db', db]).code).toBe(0);
  const sql = new Database(db);
  sql.exec(RATES);
  sql.exec(RATES.replaceAll('2018-2019', '2019-2020'));
  sql.close();
}

/** Runs sqlite3 on a database file, as someone going around lato would. */
function sqlite3(db: string, sql: string): void {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

function sqlite3Out(db: string, sql: string): string {
  return spawnSync('sqlite3', [db, sql], { encoding: 'utf8' }).stdout.trim();
}

interface CheckJson {
  ok: boolean;
  checks: { name: string; ok: boolean; problems: { message: string }[] }[];
}

describe('issued documents as sent (built binary)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  const check = (file = db) => {
    const r = lato(['check', '--json', '--db', file], { cwd: dir });
    const json = JSON.parse(r.stdout) as CheckJson;
    return { code: r.code, json, failing: json.checks.filter((c) => !c.ok) };
  };
  const firstPdf = join(dir, 'first', 'LATO-2018-0002.pdf');

  beforeAll(() => {
    makeStore(db);
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    const r = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15');
    expect(r.code, r.stderr).toBe(0);
    expect(run('invoices', 'pdf', '--year', Y, '--out', join(dir, 'first')).code).toBe(0);
    expect(
      run('invoices', 'export', '--year', Y, '--format', 'ubl', '--out', join(dir, 'ubl1'), '--skip-invalid')
        .code,
    ).toBe(0);
  });

  it('stores the PDF and UBL of each issued invoice with its sha256, linked in a chain', () => {
    const rows = sqlite3Out(db, "SELECT count(*) FROM documents WHERE format = 'pdf'");
    expect(rows).toBe('5');
    const stored = sqlite3Out(
      db,
      "SELECT d.sha256 FROM documents d JOIN invoices i ON i.id = d.invoice_id WHERE i.number = 'LATO-2018-0002' AND d.format = 'pdf'",
    );
    expect(stored).toBe(sha(firstPdf));
    expect(
      sqlite3Out(db, "SELECT group_concat(number, ',') FROM document_chain WHERE series = 'invoice'"),
    ).toBe('LATO-2018-0001,LATO-2018-0002,LATO-2018-0003,LATO-2018-0004,LATO-2018-0005');
    expect(check().failing.map((c) => c.name)).toEqual([]);
  });

  it('invoices pdf gives the same bytes after a setting and a template changed; --fresh makes a named copy', () => {
    expect(
      run('settings', 'set', 'invoice_texts.payment', 'Betaal {amount} vóór {due_date} op {iban}.').code,
    ).toBe(0);
    const own = join(dir, 'own-templates');
    mkdirSync(own);
    writeFileSync(
      join(own, 'invoice.typ'),
      readFileSync(join(ROOT, 'templates', 'invoice.typ'), 'utf8') + '\n#text[Gewijzigd sjabloon]\n',
    );
    const again = run('invoices', 'pdf', 'LATO-2018-0002', '--out', join(dir, 'again'), '--templates', own);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again', 'LATO-2018-0002.pdf')).equals(readFileSync(firstPdf))).toBe(true);
    const env = { LATO_TEMPLATES: own };
    const year = lato(['invoices', 'pdf', '--year', Y, '--out', join(dir, 'again-year'), '--db', db], {
      env,
    });
    expect(year.code, year.stderr).toBe(0);
    for (const f of readdirSync(join(dir, 'first')))
      expect(sha(join(dir, 'again-year', f))).toBe(sha(join(dir, 'first', f)));

    const fresh = run(
      'invoices',
      'pdf',
      'LATO-2018-0002',
      '--fresh',
      '--out',
      join(dir, 'fresh'),
      '--templates',
      own,
    );
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(readdirSync(join(dir, 'fresh'))).toEqual(['LATO-2018-0002-opnieuw-opgemaakt.pdf']);
    expect(fresh.stderr).toMatch(/made anew .*not the documents as sent/);
    expect(sha(join(dir, 'fresh', 'LATO-2018-0002-opnieuw-opgemaakt.pdf'))).not.toBe(sha(firstPdf));
  });

  it('invoices export --format ubl gives the stored e-invoices, byte for byte', () => {
    const r = run(
      'invoices',
      'export',
      '--year',
      Y,
      '--format',
      'ubl',
      '--out',
      join(dir, 'ubl2'),
      '--skip-invalid',
    );
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'ubl1'));
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'ubl2'))).toEqual(files);
    for (const f of files) expect(sha(join(dir, 'ubl2', f))).toBe(sha(join(dir, 'ubl1', f)));
  });

  it('credit notes and reminders are stored and chained too', () => {
    const c = run(
      'invoices',
      'credit',
      'LATO-2018-0005',
      '--yes',
      '--reason',
      'Lidmaatschap opgezegd',
      '--date',
      '2018-11-01',
    );
    expect(c.code, c.stderr).toBe(0);
    // the replacement continues the invoice chain
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    const again = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-11-01');
    expect(again.code, again.stderr).toBe(0);
    expect(
      sqlite3Out(db, "SELECT number FROM document_chain WHERE series = 'invoice' AND position = 6"),
    ).toBe('LATO-2018-0006');
    const m = run(
      'invoices',
      'remind',
      '--out',
      join(dir, 'rem'),
      '--as-of',
      '2018-12-01',
      '--min-days',
      '1',
    );
    expect(m.code, m.stderr).toBe(0);
    const reminders = readdirSync(join(dir, 'rem'));
    expect(reminders.length).toBeGreaterThan(0);
    expect(
      sqlite3Out(
        db,
        "SELECT group_concat(series || ':' || number, ',') FROM document_chain WHERE series <> 'invoice'",
      ),
    ).toMatch(/^credit_note:LATO-C-2018-0001,reminder:LATO-2018-0001/);
    const rem = sqlite3Out(
      db,
      'SELECT sha256 FROM documents WHERE reminder_id IS NOT NULL ORDER BY id LIMIT 1',
    );
    expect(rem).toBe(sha(join(dir, 'rem', reminders.sort()[0]!)));
    expect(check().failing.map((c) => c.name)).toEqual([]);
  });

  it('lato archive writes the year as sent, with a manifest that sha256sum -c verifies and the chain heads', () => {
    const out = join(dir, 'archief-2018');
    const r = run('archive', '--year', Y, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.made_anew).toEqual([]);
    expect(s.heads.map((h: { series: string; number: string }) => `${h.series} ${h.number}`)).toEqual([
      'invoice LATO-2018-0006',
      'credit_note LATO-C-2018-0001',
      expect.stringMatching(/^reminder LATO-2018-\d{4}$/),
    ]);
    const verify = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('facturen/LATO-2018-0002.pdf: OK');
    expect(verify.stdout).toContain('creditnotas/LATO-C-2018-0001.pdf: OK');
    expect(verify.stdout).toMatch(/herinneringen\/LATO-2018-\d{4}-herinnering-1\.pdf: OK/);
    expect(sha(join(out, 'facturen', 'LATO-2018-0002.pdf'))).toBe(sha(firstPdf));
    const manifest = readFileSync(join(out, 'manifest.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(manifest[0]).toBe('Nummer;Soort;Datum;Partij;Naam;Bedrag;Bestand;SHA-256;Zoals verzonden');
    expect(manifest).toContain(
      `LATO-2018-0002;factuur;2018-10-15;MUSEUM;Museum #1 [Leiden] *Boerhaave* $x$;150,00;facturen/LATO-2018-0002.pdf;${sha(firstPdf)};ja`,
    );
    // each chain entry checks with plain tools: hash = sha256(prev_hash + sha256(entry file))
    const keten = readFileSync(join(out, 'keten.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    for (const row of keten.slice(1)) {
      const [, , , file, content, prev, hash] = row.split(';');
      expect(sha(join(out, file!))).toBe(content);
      expect(createHash('sha256').update(`${prev}${content}`).digest('hex')).toBe(hash);
    }
    expect(readFileSync(join(out, 'KETENKOP.txt'), 'utf8')).toContain(
      `invoice 6 LATO-2018-0006 ${s.heads[0].hash}`,
    );
    // a document altered in the archive fails the verification
    writeFileSync(join(out, 'facturen', 'LATO-2018-0003.pdf'), 'forged');
    const again = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('facturen/LATO-2018-0003.pdf: FAILED');
    // an archive goes into a folder of its own
    const busy = run('archive', '--year', Y, '--out', out);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('the folder is not empty');
  });

  it('tampering by SQL (trigger dropped, buyer renamed, trigger re-created) is found: check exits 1 naming the invoice', () => {
    const file = join(dir, 'tampered.db');
    copyFileSync(db, file);
    const trigger = sqlite3Out(file, "SELECT sql FROM sqlite_schema WHERE name = 'invoices_issued_frozen'");
    sqlite3(
      file,
      `DROP TRIGGER invoices_issued_frozen;
       UPDATE invoices SET buyer = json_set(buyer, '$.name', 'Vervalst B.V.') WHERE number = 'LATO-2018-0003';
       ${trigger};`,
    );
    const r = check(file);
    expect(r.code).toBe(1);
    expect(r.failing.map((c) => c.name)).toEqual(['documents']);
    expect(r.failing[0]!.problems[0]!.message).toMatch(
      /^LATO-2018-0003: changed after it was issued \(buyer\.name\)/,
    );
    const text = lato(['check', '--db', file], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('LATO-2018-0003');
    // the stored PDF is still the one sent, with the real name
    const out = join(dir, 'after-tamper');
    expect(lato(['invoices', 'pdf', 'LATO-2018-0003', '--out', out, '--db', file]).code).toBe(0);
    expect(sha(join(out, 'LATO-2018-0003.pdf'))).toBe(sha(join(dir, 'first', 'LATO-2018-0003.pdf')));
  });

  it('a stored document or chain entry edited by SQL, or a trigger left out, is found', () => {
    const bytes = join(dir, 'bytes.db');
    copyFileSync(db, bytes);
    sqlite3(
      bytes,
      `DROP TRIGGER documents_frozen;
       UPDATE documents SET bytes = CAST('forged' AS BLOB), size = 6 WHERE id = (SELECT min(id) FROM documents);`,
    );
    const b = check(bytes);
    expect(b.code).toBe(1);
    expect(Object.fromEntries(b.failing.map((c) => [c.name, c.problems.map((p) => p.message)]))).toEqual({
      schema: ['trigger documents_frozen is missing (dropped)'],
      documents: [expect.stringMatching(/^LATO-2018-0001: the stored PDF no longer matches its sha256/)],
    });
    const chain = join(dir, 'chain.db');
    copyFileSync(db, chain);
    const t = sqlite3Out(chain, "SELECT sql FROM sqlite_schema WHERE name = 'document_chain_kept'");
    sqlite3(
      chain,
      `DROP TRIGGER document_chain_kept; DELETE FROM document_chain WHERE series = 'invoice' AND position = 2; ${t};`,
    );
    const c = check(chain);
    expect(c.code).toBe(1);
    expect(c.failing.map((x) => x.name)).toEqual(['documents']);
    expect(c.failing[0]!.problems[0]!.message).toMatch(/entry 3 \(LATO-2018-0003\): out of place/);
    expect(c.failing[0]!.problems.map((p) => p.message).join('\n')).toContain(
      'LATO-2018-0002: issued, but not in the chain',
    );
  });
});

describe('restore cannot lose issued documents silently (built binary)', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const older = join(dir, 'older.db');
  const run = (...args: string[]) => lato([...args, '--db', db], { cwd: dir });
  const numbers = () =>
    sqlite3Out(
      db,
      "SELECT group_concat(number, ',') FROM (SELECT number FROM invoices WHERE status = 'issued' ORDER BY number)",
    );

  beforeAll(() => {
    makeStore(db);
    expect(run('invoices', 'run', '--year', Y).code).toBe(0);
    // a backup with the drafts only, then the invoices issued
    expect(run('backup', older).code).toBe(0);
    const r = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15');
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses an older backup that lacks issued invoices, naming the numbers; nothing changes', () => {
    const before = numbers();
    const r = run('restore', older, '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'lacks 5 issued document(s) the database has: LATO-2018-0001, LATO-2018-0002, LATO-2018-0003, LATO-2018-0004, LATO-2018-0005',
    );
    expect(r.stderr).toContain('--force');
    expect(numbers()).toBe(before);
  });

  it('refuses a backup whose schema differs from what lato creates (a trigger dropped)', () => {
    const bad = join(dir, 'no-trigger.db');
    expect(run('backup', bad).code).toBe(0);
    sqlite3(bad, 'DROP TRIGGER invoices_issued_frozen;');
    const r = run('restore', bad, '--yes', '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('its schema differs from what lato creates');
    expect(r.stderr).toContain('trigger invoices_issued_frozen is missing (dropped)');
    // the same backup with the trigger put back exactly as lato made it is restored
    const trigger = sqlite3Out(db, "SELECT sql FROM sqlite_schema WHERE name = 'invoices_issued_frozen'");
    sqlite3(bad, `${trigger};`);
    expect(run('restore', bad, '--yes').code).toBe(0);
  });

  it('after a forced restore the lost numbers are never given again: the series and the chain remember', () => {
    const r = run('restore', older, '--yes', '--force', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).lost).toEqual([
      'LATO-2018-0001',
      'LATO-2018-0002',
      'LATO-2018-0003',
      'LATO-2018-0004',
      'LATO-2018-0005',
    ]);
    expect(numbers()).toBe('');
    expect(sqlite3Out(db, "SELECT group_concat(entry || ':' || number, ',') FROM document_chain")).toBe(
      'lost:LATO-2018-0001,lost:LATO-2018-0002,lost:LATO-2018-0003,lost:LATO-2018-0004,lost:LATO-2018-0005',
    );
    const again = run('invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-16');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('LATO-2018-0006 to LATO-2018-0010');
    const check = lato(['check', '--json', '--db', db], { cwd: dir });
    const failing = (JSON.parse(check.stdout) as CheckJson).checks.filter((c) => !c.ok);
    expect(failing.map((c) => c.name)).toEqual([]);
    // a second older restore keeps remembering them
    const r2 = run('restore', older, '--yes');
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('lacks 10 issued document(s)');
  });
});
