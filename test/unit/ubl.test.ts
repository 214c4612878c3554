import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { create } from 'xmlbuilder2';
import { createDrafts, creditInvoice, issueInvoices } from '../../src/app/invoices.js';
import { setSettingPath } from '../../src/app/invoice-settings.js';
import { invoiceByNumber } from '../../src/db/invoices.js';
import { CUSTOMIZATION_IDS, PROFILE_ID, ublProblems, ublXml } from '../../src/render/ubl.js';
import { checkUbl } from '../../src/render/ubl-rules.js';
import type { Invoice } from '../../src/domain/invoice.js';
import { feeLine, invoiceDb, standardFees } from '../invoice-fixtures.js';

const Y = '2019-2020';

/** Issued documents under a VAT treatment: invoices A (2 lines), B (OIN), C, and a credit note of A. */
function documents(vat: 'outside_scope' | 'exempt' | 'standard' = 'outside_scope'): Invoice[] {
  const { db, ids } = invoiceDb();
  if (vat !== 'outside_scope') {
    setSettingPath(db, 'issuer.vat_number', 'NL001234567B01');
    setSettingPath(db, 'vat.treatment', vat);
  }
  const fees = standardFees(ids);
  fees.push(
    feeLine(ids.A!, 'A', { sector: 'VO', category: 'VO', quantity: 33, rateCents: 300, amountCents: 9900 }),
  );
  createDrafts(db, Y, fees);
  issueInvoices(db, Y, { date: '2019-10-01', checkDrafts: false });
  creditInvoice(db, 'LATO-2019-0001', 'Leerlingaantal gecorrigeerd', { date: '2019-11-05' });
  return ['LATO-2019-0001', 'LATO-2019-0002', 'LATO-2019-0003', 'LATO-C-2019-0001'].map((n) =>
    invoiceByNumber(db, n)!,
  );
}

type El = {
  localName: string;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  nodeType: number;
  getAttribute(n: string): string | null;
};
function parse(xml: string): El {
  return create(xml).root().node as unknown as El;
}
/** Elements at a path of local names under the root. */
function at(root: El, path: string): El[] {
  let nodes = [root];
  for (const step of path.split('/'))
    nodes = nodes.flatMap((n) =>
      Array.from(n.childNodes).filter((c) => c.nodeType === 1 && c.localName === step),
    );
  return nodes;
}
const val = (root: El, path: string) => at(root, path)[0]?.textContent ?? undefined;

describe('UBL e-invoices (Peppol BIS Billing 3.0, NLCIUS)', () => {
  const docs = documents();
  const [inv, invOin, , credit] = docs;

  it('pass the EN 16931, Peppol and NLCIUS rule check, for every VAT treatment', () => {
    for (const treatment of ['outside_scope', 'exempt', 'standard'] as const) {
      for (const d of documents(treatment)) {
        expect(ublProblems(d)).toEqual([]);
        expect(checkUbl(ublXml(d)), `${treatment} ${d.number}`).toEqual([]);
        expect(checkUbl(ublXml(d, { customization: 'peppol' }), { customization: 'peppol' })).toEqual([]);
      }
    }
  });

  it('carry the identifiers: BT-24 NLCIUS, BT-23 Peppol billing, BT-1, BT-2, BT-9, BT-3 380, BT-5 EUR, BT-10', () => {
    const r = parse(ublXml(inv!));
    expect(r.localName).toBe('Invoice');
    expect(val(r, 'CustomizationID')).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0');
    expect(val(r, 'ProfileID')).toBe(PROFILE_ID);
    expect(val(r, 'ID')).toBe('LATO-2019-0001');
    expect(val(r, 'IssueDate')).toBe('2019-10-01');
    expect(val(r, 'DueDate')).toBe('2019-10-31');
    expect(val(r, 'InvoiceTypeCode')).toBe('380');
    expect(val(r, 'DocumentCurrencyCode')).toBe('EUR');
    expect(val(r, 'BuyerReference')).toBe('A'); // no order number: the debtor code (BR-NL-2)
    expect(val(r, 'InvoicePeriod/StartDate')).toBe('2019-08-01');
    expect(val(r, 'InvoicePeriod/EndDate')).toBe('2020-07-31');
    expect(ublXml(inv!, { customization: 'peppol' })).toContain(CUSTOMIZATION_IDS.peppol);
  });

  it('name both parties with KvK (0106) or OIN (0190): BT-30, BT-47, BT-34, BT-49 (BR-NL-1, BR-NL-10)', () => {
    const r = parse(ublXml(inv!));
    const s = 'AccountingSupplierParty/Party';
    expect(val(r, `${s}/PartyLegalEntity/RegistrationName`)).toBe(
      'Samenwerkingsverband Passend Onderwijs VO 2801',
    );
    expect(at(r, `${s}/PartyLegalEntity/CompanyID`)[0]!.getAttribute('schemeID')).toBe('0106');
    expect(at(r, `${s}/EndpointID`)[0]!.getAttribute('schemeID')).toBe('0106');
    expect(val(r, `${s}/PostalAddress/StreetName`)).toBe('Voorbeeldweg 1');
    expect(val(r, 'AccountingCustomerParty/Party/PartyLegalEntity/RegistrationName')).toBe(
      'Stichting # Onderwijs ] *Leiden*',
    );
    const b = parse(ublXml(invOin!));
    const oin = at(b, 'AccountingCustomerParty/Party/PartyLegalEntity/CompanyID')[0]!;
    expect([oin.getAttribute('schemeID'), oin.textContent]).toEqual(['0190', '00000001234567890000']);
  });

  it('add up: BT-106 = Σ BT-131, BT-109, BT-110 = Σ BT-117, BT-112 = BT-109 + BT-110, BT-115 (BR-CO-10 … 16)', () => {
    const r = parse(ublXml(inv!));
    const lines = at(r, 'InvoiceLine').map((l) => Number(val(l, 'LineExtensionAmount')));
    expect(lines).toEqual([3085, 99]);
    expect(Number(val(r, 'LegalMonetaryTotal/LineExtensionAmount'))).toBe(3184);
    expect(val(r, 'LegalMonetaryTotal/TaxExclusiveAmount')).toBe('3184.00');
    expect(val(r, 'TaxTotal/TaxAmount')).toBe('0.00');
    expect(val(r, 'LegalMonetaryTotal/TaxInclusiveAmount')).toBe('3184.00');
    expect(val(r, 'LegalMonetaryTotal/PayableAmount')).toBe('3184.00');
    expect(val(r, 'InvoiceLine/InvoicedQuantity')).toBe('1234');
    expect(at(r, 'InvoiceLine/InvoicedQuantity')[0]!.getAttribute('unitCode')).toBe('IE');
    expect(val(r, 'InvoiceLine/Price/PriceAmount')).toBe('2.50');
  });

  it('state "not subject to VAT" as category O with the reason, no rate, no VAT number (BR-O-02, 05, 10)', () => {
    const r = parse(ublXml(inv!));
    expect(val(r, 'TaxTotal/TaxSubtotal/TaxCategory/ID')).toBe('O');
    expect(at(r, 'TaxTotal/TaxSubtotal/TaxCategory/Percent')).toEqual([]);
    expect(val(r, 'TaxTotal/TaxSubtotal/TaxCategory/TaxExemptionReason')).toMatch(/buiten de reikwijdte/);
    expect(at(r, 'InvoiceLine/Item/ClassifiedTaxCategory/Percent')).toEqual([]);
    expect(at(r, 'AccountingSupplierParty/Party/PartyTaxScheme')).toEqual([]);
  });

  it('compute a standard rate once on the total (BR-S-08, BR-CO-17) and carry the VAT number (BR-S-02)', () => {
    const [s] = documents('standard');
    const r = parse(ublXml(s!));
    expect(val(r, 'TaxTotal/TaxSubtotal/TaxableAmount')).toBe('3184.00');
    expect(val(r, 'TaxTotal/TaxSubtotal/TaxAmount')).toBe('668.64');
    expect(val(r, 'TaxTotal/TaxSubtotal/TaxCategory/Percent')).toBe('21');
    expect(val(r, 'LegalMonetaryTotal/PayableAmount')).toBe('3852.64');
    expect(val(r, 'AccountingSupplierParty/Party/PartyTaxScheme/CompanyID')).toBe('NL001234567B01');
  });

  it('pay by SEPA credit transfer (58) to the IBAN with the invoice number (BG-16, BT-83, BT-84; BR-NL-11, 12)', () => {
    const r = parse(ublXml(inv!));
    expect(val(r, 'PaymentMeans/PaymentMeansCode')).toBe('58');
    expect(val(r, 'PaymentMeans/PaymentID')).toBe('LATO-2019-0001');
    expect(val(r, 'PaymentMeans/PayeeFinancialAccount/ID')).toBe('NL91ABNA0417164300');
  });

  it('make a credit note a CreditNote (381) referring to the invoice, amounts positive (BR-NL-8, NL-R-001)', () => {
    const r = parse(ublXml(credit!));
    expect(r.localName).toBe('CreditNote');
    expect(val(r, 'CreditNoteTypeCode')).toBe('381');
    expect(val(r, 'BillingReference/InvoiceDocumentReference/ID')).toBe('LATO-2019-0001');
    expect(at(r, 'BillingReference/InvoiceDocumentReference/IssueDate')).toEqual([]); // BR-NL-24
    expect(val(r, 'Note')).toBe('Leerlingaantal gecorrigeerd');
    expect(val(r, 'LegalMonetaryTotal/PayableAmount')).toBe('3184.00');
    expect(at(r, 'CreditNoteLine').map((l) => val(l, 'CreditedQuantity'))).toEqual(['1234', '33']);
    expect(val(r, 'PaymentTerms/Note')).toMatch(/LATO-2019-0001/); // BR-CO-25
  });

  it('report, instead of writing, what would be rejected: a buyer without KvK or OIN, without address', () => {
    const bad = { ...inv!, buyer: { ...inv!.buyer!, kvk: null, oin: null, street: null } };
    expect(ublProblems(bad).map((p) => p.message)).toEqual([
      'buyer A has no KvK number or OIN (BR-NL-10 / NL-R-005, BT-47)',
      'buyer A lacks street, city or postal code (BR-NL-4 / NL-R-004, BG-8)',
    ]);
  });

  it('has a rule check that fails on broken documents, naming the rule', () => {
    const xml = ublXml(inv!);
    const broken: [string, string, string][] = [
      [
        '<cbc:LineExtensionAmount currencyID="EUR">3184.00</cbc:LineExtensionAmount>',
        '<cbc:LineExtensionAmount currencyID="EUR">3185.00</cbc:LineExtensionAmount>',
        'BR-CO-10',
      ],
      [
        '<cbc:PayableAmount currencyID="EUR">3184.00</cbc:PayableAmount>',
        '<cbc:PayableAmount currencyID="EUR">3000.00</cbc:PayableAmount>',
        'BR-CO-16',
      ],
      [
        '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        '<cbc:PaymentMeansCode>31</cbc:PaymentMeansCode>',
        'BR-NL-12',
      ],
      ['<cbc:BuyerReference>A</cbc:BuyerReference>', '', 'BR-NL-2'],
      [
        '<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>',
        '<cbc:CompanyID schemeID="0088">12345678</cbc:CompanyID>',
        'BR-NL-1',
      ],
      [
        '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
        '<cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode>',
        'BR-NL-8',
      ],
      [
        '<cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>',
        '<cbc:TaxAmount currencyID="EUR">1.00</cbc:TaxAmount>',
        'BR-CO-14',
      ],
      [
        '<cbc:PriceAmount currencyID="EUR">2.50</cbc:PriceAmount>',
        '<cbc:PriceAmount currencyID="EUR">2.51</cbc:PriceAmount>',
        'PEPPOL-EN16931-R120',
      ],
      [
        '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
        '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:Note>a</cbc:Note><cbc:Note>b</cbc:Note>',
        'PEPPOL-EN16931-R002',
      ],
    ];
    for (const [from, to, rule] of broken) {
      expect(xml, `fixture for ${rule}`).toContain(from);
      expect(
        checkUbl(xml.replace(from, to)).map((v) => v.rule),
        rule,
      ).toContain(rule);
    }
    const withRate = xml.replace(
      /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>O<\/cbc:ID>)/,
      '$1<cbc:Percent>0</cbc:Percent>',
    );
    expect(withRate).not.toBe(xml);
    expect(checkUbl(withRate).map((v) => v.rule)).toContain('BR-O-05');
    const [std] = documents('standard');
    const stdXml = ublXml(std!);
    const wrongVat = stdXml.replace(
      /(<cac:TaxSubtotal>[\s\S]*?<cbc:TaxAmount currencyID="EUR">)668\.64/,
      '$1668.65',
    );
    expect(wrongVat).not.toBe(stdXml);
    expect(checkUbl(wrongVat).map((v) => v.rule)).toContain('BR-CO-17');
    const cn = ublXml(credit!);
    expect(
      checkUbl(cn.replace(/<cac:BillingReference>[\s\S]*?<\/cac:BillingReference>/, '')).map((v) => v.rule),
    ).toContain('NL-R-001');
    expect(checkUbl(xml, { customization: 'peppol' }).map((v) => v.rule)).toContain('PEPPOL-EN16931-R004');
    expect(checkUbl('<Invoice x=1/>').map((v) => v.rule)).toEqual(['XML']);
    expect(checkUbl('<Order/>').map((v) => v.rule)).toEqual(['UBL']);
  });

  const xmllint = spawnSync('xmllint', ['--version']).status === 0;
  it.skipIf(!xmllint)('is well-formed for xmllint, and escapes what must be escaped', () => {
    const d = { ...inv!, buyer: { ...inv!.buyer!, name: 'A & B <Onderwijs> "Leiden"' } };
    const xml = ublXml(d);
    const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(val(parse(xml), 'AccountingCustomerParty/Party/PartyName/Name')).toBe(
      'A & B <Onderwijs> "Leiden"',
    );
  });
});
