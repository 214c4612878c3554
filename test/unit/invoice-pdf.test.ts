import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDrafts,
  creditInvoice,
  issueInvoices,
  remindOverdue,
  writePdfs,
} from '../../src/app/invoices.js';
import { addPayment } from '../../src/app/payments.js';
import { invoiceByNumber } from '../../src/db/invoices.js';
import { TypstRenderer } from '../../src/render/typst.js';
import { feeLine, invoiceDb, standardFees } from '../invoice-fixtures.js';
import { tempDir } from '../helpers.js';

const has = (cmd: string) => spawnSync(cmd, ['-v']).error === undefined;
const pdftotext = has('pdftotext');
const zbar = spawnSync('zbarimg', ['--version']).status === 0 && has('pdftoppm');
const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** pdftotext keeps words; collapse runs of spaces so that phrases can be searched. */
const flat = (s: string) => s.replace(/[ \t]+/g, ' ');
function expectFields(t: string, fields: string[]): void {
  for (const field of fields) expect(t, field).toContain(field);
}

describe('invoice PDFs (Typst, PDF/A)', () => {
  const dir = tempDir();
  const { db, ids } = invoiceDb();
  const fees = standardFees(ids);
  fees.push(
    feeLine(ids.A!, 'A', {
      sector: 'VSE',
      category: 'VSE',
      basis: 'place',
      quantity: 56,
      rateCents: 150,
      amountCents: 8400,
    }),
  );
  createDrafts(db, '2019-2020', fees);
  issueInvoices(db, '2019-2020', { date: '2019-10-01', checkDrafts: false });
  creditInvoice(db, 'LATO-2019-0003', 'Lidmaatschap opgezegd per 1 augustus', { date: '2019-11-05' });
  const docs = ['LATO-2019-0001', 'LATO-2019-0002', 'LATO-C-2019-0001'].map((n) => invoiceByNumber(db, n)!);
  let files: string[] = [];

  it('writes one PDF/A-2b file per document, named by its number (made anew: issued here without its documents)', async () => {
    files = await writePdfs(db, docs, join(dir, 'out'));
    expect(files.map((f) => f.slice(dir.length + 5))).toEqual([
      'LATO-2019-0001-opnieuw-opgemaakt.pdf',
      'LATO-2019-0002-opnieuw-opgemaakt.pdf',
      'LATO-C-2019-0001-opnieuw-opgemaakt.pdf',
    ]);
    const pdf = readFileSync(files[0]!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/pdfaid:part>2</);
    expect(pdf.toString('latin1')).toMatch(/pdfaid:conformance>B</);
  });

  it.skipIf(!pdftotext)('holds every mandatory field of a Dutch invoice, in Dutch', () => {
    expectFields(flat(text(files[0]!)), [
      'FACTUUR',
      // the issuer: name, address, KvK, IBAN
      'Samenwerkingsverband Passend Onderwijs VO 2801',
      'Voorbeeldweg 1',
      '2311 AA Leiden',
      'KvK 12345678',
      'NL91 ABNA 0417 1643 00',
      // the buyer: name and address, printed as written (# ] * are not Typst markup here)
      'Stichting # Onderwijs ] *Leiden*',
      'Breestraat 1',
      '2312 AB Leiden',
      // number, dates, period of the service
      'Factuurnummer LATO-2019-0001',
      'Factuurdatum 1 oktober 2019',
      'Vervaldatum 31 oktober 2019',
      'Schooljaar 2019-2020',
      '1 aug. 2019 t/m 31 jul. 2020',
      // what was delivered and the amounts
      'Abonnementsgeld De Leidse Aanpak 2019-2020: 1.234 leerlingen PO à € 2,50',
      'Abonnementsgeld De Leidse Aanpak 2019-2020: 56 kindplaatsen VSE à € 1,50',
      '€ 3.085,00',
      '€ 84,00',
      'Subtotaal (excl. btw) € 3.169,00',
      // the VAT, or the reason for its absence
      'Btw (niet van toepassing) € 0,00',
      'buiten de reikwijdte van de omzetbelasting',
      'Totaal te betalen € 3.169,00',
      // payment term, IBAN, reference
      'Betalingstermijn 30 dagen',
      'onder vermelding van factuurnummer LATO-2019-0001',
    ]);
  });

  it.skipIf(!pdftotext)('prints a credit note with its reference, reason and negative amounts', () => {
    expectFields(flat(text(files[2]!)), [
      'CREDITNOTA',
      'Creditnotanummer LATO-C-2019-0001',
      'Betreft factuur LATO-2019-0003',
      'Creditering van factuur LATO-2019-0003 van 1 oktober 2019',
      'Reden: Lidmaatschap opgezegd per 1 augustus',
      'Totaal creditnota -€ 150,00',
    ]);
  });

  it.skipIf(!zbar)('carries an EPC QR code a scanner reads as the payment', () => {
    const png = join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', files[0]!, png]);
    const out = execFileSync('zbarimg', ['-q', '--raw', `${png}.png`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const lines = out.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
    expect(lines.slice(5)).toEqual([
      'Samenwerkingsverband Passend Onderwijs VO 2801',
      'NL91ABNA0417164300',
      'EUR3169.00',
      '',
      '',
      'LATO-2019-0001',
    ]);
  });

  it.skipIf(!pdftotext)(
    'writes reminders for overdue invoices with the open amount, and records them',
    async () => {
      addPayment(db, 'LATO-2019-0001', '1.000,00', '2019-10-20');
      const list = await remindOverdue(db, join(dir, 'rem'), { asOf: '2019-11-30', minDays: 14 });
      expect(list.map((r) => [r.number, r.open_cents, r.days_overdue, r.level])).toEqual([
        ['LATO-2019-0001', 216_900, 30, 1],
        ['LATO-2019-0002', 120_000, 30, 1],
      ]);
      const t = flat(text(list[0]!.file!));
      expect(t).toContain('BETALINGSHERINNERING');
      expect(t).toContain('Openstaand € 2.169,00');
      expect(t).toContain('Ontvangen € 1.000,00');
      const again = await remindOverdue(db, join(dir, 'rem'), {
        asOf: '2019-12-31',
        minDays: 14,
        dryRun: true,
      });
      expect(again.map((r) => r.level)).toEqual([2, 2]);
    },
  );

  it.skipIf(!pdftotext)('uses a template from the user folder, and explains a broken one', async () => {
    const user = join(dir, 'mine');
    mkdirSync(user);
    writeFileSync(
      join(user, 'invoice.typ'),
      '#import "lato.typ": *\n#show: doc-setup.with(data)\n= Eigen sjabloon\n#data.number voor #data.buyer.name\n',
    );
    const [f] = await writePdfs(db, [docs[0]!], join(dir, 'own'), { templatesDir: user });
    expect(flat(text(f!))).toContain('LATO-2019-0001 voor Stichting # Onderwijs ] *Leiden*');
    writeFileSync(join(user, 'invoice.typ'), '#let x = (\n');
    await expect(writePdfs(db, [docs[0]!], join(dir, 'own'), { templatesDir: user })).rejects.toThrow(
      /your template invoice.typ does not compile/,
    );
  });

  it('renders from data only: the same data gives the same bytes', async () => {
    const r = await TypstRenderer.create();
    const { invoiceDocument } = await import('../../src/render/invoice-document.js');
    const { loadInvoiceSettings } = await import('../../src/app/invoice-settings.js');
    const data = invoiceDocument(docs[1]!, loadInvoiceSettings(db).texts);
    expect(r.pdf('invoice.typ', data).equals(r.pdf('invoice.typ', data))).toBe(true);
  });
});
