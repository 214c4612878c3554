// E-invoices: one UBL 2.1 Invoice or CreditNote per document, following Peppol BIS Billing 3.0
// with the Dutch NLCIUS (SI-UBL 2.0) specification identifier by default (setting
// invoicing.ubl_customization: `nlcius` or `peppol`). Built with xmlbuilder2, element order as the
// UBL 2.1 schema requires. What cannot be made valid (a buyer without KvK or OIN, without an
// address) is reported as problems naming the rule, instead of writing a file that gets rejected.

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Problem } from '../domain/errors.js';
import type { Invoice } from '../domain/invoice.js';
import { normaliseIban } from '../domain/invoice-settings.js';
import { parseSchoolYear } from '../domain/school-year.js';

export const NS = {
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

export const CUSTOMIZATION_IDS = {
  nlcius: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0',
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
} as const;
export const PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** UN/ECE Recommendation 20 unit codes: pupils are persons (IE); places and fixed fees count as one (C62). */
const UNIT_CODES: Record<string, string> = { pupil: 'IE', place: 'C62', fixed: 'C62' };

/** ISO 6523 ICD scheme identifiers used in NL: KvK 0106, OIN 0190; EAS `EM` for an e-mail address. */
export const SCHEME = { kvk: '0106', oin: '0190', email: 'EM' } as const;

/** cents → "3085.00" (always positive in UBL documents: a credit note states positive amounts) */
export function amount(cents: number): string {
  const a = Math.abs(cents);
  return `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function percent(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

type El = XMLBuilder;

// Characters XML 1.0 does not allow at all (C0 controls other than tab, newline and return; lone
// surrogates; U+FFFE, U+FFFF), plus the C1 controls it discourages: none has a meaning in an
// invoice, and the entry checks refuse them; data stored before those checks loses them here.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as it must reach the receiver. xmlbuilder2 leaves anything that looks like an entity
 * (`&amp;`, `&e;`, `&#0;`) unescaped, so that a literal `&amp;` would arrive as `&` and `&e;` would
 * make the file malformed: every `&` is escaped here first, and xmlbuilder2 then keeps `&amp;`.
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;');
}

function add(parent: El, name: string, text?: string, attrs?: Record<string, string>): El {
  const [prefix] = name.split(':') as [keyof typeof NS];
  const safe = attrs && Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, xmlText(v)]));
  const el = parent.ele(NS[prefix], name, safe);
  if (text !== undefined) el.txt(xmlText(text));
  return el;
}

/** Problems that would make the document invalid; empty when it can be written. */
export function ublProblems(doc: Invoice): Problem[] {
  const problems: Problem[] = [];
  const file = doc.number ?? 'draft';
  const s = doc.seller!;
  const b = doc.buyer!;
  if (!s.kvk && !s.oin) {
    problems.push({
      file,
      message: 'the issuer has no KvK number or OIN (BR-NL-1 / NL-R-003, BT-30)',
      hint: 'lato settings set issuer.kvk …',
    });
  }
  if (!s.street || !s.city || !s.postal_code) {
    problems.push({
      file,
      message: 'the issuer address lacks street, city or postal code (BR-NL-3 / NL-R-002)',
    });
  }
  if (!b.kvk && !b.oin) {
    problems.push({
      file,
      message: `buyer ${b.code} has no KvK number or OIN (BR-NL-10 / NL-R-005, BT-47)`,
      hint: `set it with \`lato partners edit ${b.code}\`; new invoices pick it up, an issued one keeps what it was issued with`,
    });
  }
  if (!b.street || !b.city || !b.postal_code) {
    problems.push({
      file,
      message: `buyer ${b.code} lacks street, city or postal code (BR-NL-4 / NL-R-004, BG-8)`,
    });
  }
  return problems;
}

/** The buyer reference (BT-10): the partner's order number, else its debtor code (BR-NL-2, PEPPOL-EN16931-R003). */
export function buyerReference(doc: Invoice): string {
  return doc.buyer!.buyer_reference ?? doc.buyer!.code;
}

/** The UBL XML of an issued invoice or credit note. */
export function ublXml(doc: Invoice, opts: { customization?: keyof typeof CUSTOMIZATION_IDS } = {}): string {
  const isCredit = doc.kind === 'credit_note';
  const s = doc.seller!;
  const b = doc.buyer!;
  const vat = doc.vat!;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    isCredit ? NS.cn : NS.inv,
    isCredit ? 'CreditNote' : 'Invoice',
  );
  root.att('http://www.w3.org/2000/xmlns/', 'xmlns:cac', NS.cac);
  root.att('http://www.w3.org/2000/xmlns/', 'xmlns:cbc', NS.cbc);
  const eur = { currencyID: 'EUR' };

  add(root, 'cbc:CustomizationID', CUSTOMIZATION_IDS[opts.customization ?? 'nlcius']); // BT-24
  add(root, 'cbc:ProfileID', PROFILE_ID); // BT-23
  add(root, 'cbc:ID', doc.number!); // BT-1
  add(root, 'cbc:IssueDate', doc.issuedOn!); // BT-2
  if (!isCredit) add(root, 'cbc:DueDate', doc.dueOn!); // BT-9
  add(root, isCredit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', isCredit ? '381' : '380'); // BT-3
  if (isCredit && doc.reason) add(root, 'cbc:Note', doc.reason); // BT-22, at most one (PEPPOL-EN16931-R002)
  add(root, 'cbc:DocumentCurrencyCode', 'EUR'); // BT-5
  add(root, 'cbc:BuyerReference', buyerReference(doc)); // BT-10

  const sy = parseSchoolYear(doc.schoolYear);
  if (sy.ok) {
    const period = add(root, 'cac:InvoicePeriod'); // BG-14: the school year the fee is for
    add(period, 'cbc:StartDate', sy.year.start);
    add(period, 'cbc:EndDate', sy.year.end);
  }
  if (isCredit) {
    // BT-25, without its issue date (BR-NL-24)
    add(
      add(add(root, 'cac:BillingReference'), 'cac:InvoiceDocumentReference'),
      'cbc:ID',
      doc.credits!.number,
    );
  }

  // BG-4 seller
  const sp = add(add(root, 'cac:AccountingSupplierParty'), 'cac:Party');
  const sellerId = s.oin ? { scheme: SCHEME.oin, id: s.oin } : { scheme: SCHEME.kvk, id: s.kvk ?? '' };
  add(sp, 'cbc:EndpointID', sellerId.id, { schemeID: sellerId.scheme }); // BT-34
  // BT-90: the creditor identifier of a direct debit
  if (!isCredit && doc.directDebit)
    add(add(sp, 'cac:PartyIdentification'), 'cbc:ID', doc.directDebit.creditorId, { schemeID: 'SEPA' });
  add(add(sp, 'cac:PartyName'), 'cbc:Name', s.name); // BT-28
  address(sp, { street: s.street, city: s.city, postal: s.postal_code, country: s.country });
  if (vat.category !== 'O' && s.vat_number) {
    // BT-31; absent with category O (BR-O-02)
    const pts = add(sp, 'cac:PartyTaxScheme');
    add(pts, 'cbc:CompanyID', s.vat_number);
    add(add(pts, 'cac:TaxScheme'), 'cbc:ID', 'VAT');
  }
  const sle = add(sp, 'cac:PartyLegalEntity');
  add(sle, 'cbc:RegistrationName', s.name); // BT-27
  add(sle, 'cbc:CompanyID', sellerId.id, { schemeID: sellerId.scheme }); // BT-30 (BR-NL-1)
  const sc = add(sp, 'cac:Contact'); // BG-6
  if (s.contact_name) add(sc, 'cbc:Name', s.contact_name);
  if (s.phone) add(sc, 'cbc:Telephone', s.phone);
  add(sc, 'cbc:ElectronicMail', s.email);

  // BG-7 buyer
  const bp = add(add(root, 'cac:AccountingCustomerParty'), 'cac:Party');
  const legal = b.oin ? { scheme: SCHEME.oin, id: b.oin } : b.kvk ? { scheme: SCHEME.kvk, id: b.kvk } : null;
  const endpoint = legal ?? (b.email ? { scheme: SCHEME.email, id: b.email } : null);
  if (endpoint) add(bp, 'cbc:EndpointID', endpoint.id, { schemeID: endpoint.scheme }); // BT-49
  add(add(bp, 'cac:PartyIdentification'), 'cbc:ID', b.code); // BT-46: the debtor code
  add(add(bp, 'cac:PartyName'), 'cbc:Name', b.name); // BT-45
  address(bp, { street: b.street, city: b.city, postal: b.postal_code, country: b.country });
  const ble = add(bp, 'cac:PartyLegalEntity');
  add(ble, 'cbc:RegistrationName', b.name); // BT-44
  if (legal) add(ble, 'cbc:CompanyID', legal.id, { schemeID: legal.scheme }); // BT-47 (BR-NL-10)
  if (b.contact_name || b.email) {
    const bc = add(bp, 'cac:Contact');
    if (b.contact_name) add(bc, 'cbc:Name', b.contact_name);
    if (b.email) add(bc, 'cbc:ElectronicMail', b.email);
  }

  if (!isCredit && doc.directDebit) {
    // BG-16: SEPA direct debit (59, allowed by BR-NL-12) under the mandate (BT-89), from the
    // debited account (BT-91)
    const pm = add(root, 'cac:PaymentMeans');
    add(pm, 'cbc:PaymentMeansCode', '59');
    add(pm, 'cbc:PaymentID', doc.number!);
    const mandate = add(pm, 'cac:PaymentMandate');
    add(mandate, 'cbc:ID', doc.directDebit.mandateReference);
    add(add(mandate, 'cac:PayerFinancialAccount'), 'cbc:ID', doc.directDebit.iban);
  } else if (!isCredit) {
    // BG-16: SEPA credit transfer (58, allowed by BR-NL-12), the invoice number as remittance (BT-83)
    const pm = add(root, 'cac:PaymentMeans');
    add(pm, 'cbc:PaymentMeansCode', '58');
    add(pm, 'cbc:PaymentID', doc.number!);
    add(add(pm, 'cac:PayeeFinancialAccount'), 'cbc:ID', normaliseIban(s.iban)); // BT-84
  }
  const terms = isCredit
    ? `Creditering van factuur ${doc.credits!.number}; een betaald bedrag wordt verrekend of terugbetaald.`
    : doc.directDebit
      ? `Automatische incasso op ${doc.directDebit.collectOn} onder machtiging ${doc.directDebit.mandateReference}, incassant-ID ${doc.directDebit.creditorId}.`
      : `Betaling binnen ${doc.paymentTermDays} dagen, uiterlijk ${doc.dueOn}, onder vermelding van ${doc.number}.`;
  add(add(root, 'cac:PaymentTerms'), 'cbc:Note', terms); // BT-20 (BR-CO-25)

  // BG-23: one VAT breakdown; the amount computed on the taxable total (BR-CO-17)
  const tt = add(root, 'cac:TaxTotal');
  add(tt, 'cbc:TaxAmount', amount(doc.vatCents), eur); // BT-110
  const sub = add(tt, 'cac:TaxSubtotal');
  add(sub, 'cbc:TaxableAmount', amount(doc.netCents), eur); // BT-116
  add(sub, 'cbc:TaxAmount', amount(doc.vatCents), eur); // BT-117
  const cat = add(sub, 'cac:TaxCategory');
  add(cat, 'cbc:ID', vat.category); // BT-118
  if (vat.category !== 'O') add(cat, 'cbc:Percent', percent(vat.rate_bp ?? 0)); // BT-119
  if (vat.category !== 'S') add(cat, 'cbc:TaxExemptionReason', vat.text); // BT-120 (BR-O-10, BR-E-10)
  add(add(cat, 'cac:TaxScheme'), 'cbc:ID', 'VAT');

  // BG-22
  const lmt = add(root, 'cac:LegalMonetaryTotal');
  add(lmt, 'cbc:LineExtensionAmount', amount(doc.netCents), eur); // BT-106
  add(lmt, 'cbc:TaxExclusiveAmount', amount(doc.netCents), eur); // BT-109
  add(lmt, 'cbc:TaxInclusiveAmount', amount(doc.totalCents), eur); // BT-112
  add(lmt, 'cbc:PayableAmount', amount(doc.totalCents), eur); // BT-115

  // BG-25
  for (const l of doc.lines) {
    const line = add(root, isCredit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
    add(line, 'cbc:ID', String(l.position)); // BT-126
    add(line, isCredit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', String(l.quantity), {
      unitCode: UNIT_CODES[l.basis] ?? 'C62',
    }); // BT-129, BT-130
    add(line, 'cbc:LineExtensionAmount', amount(l.amountCents), eur); // BT-131
    const item = add(line, 'cac:Item');
    add(item, 'cbc:Name', l.description); // BT-153
    const ctc = add(item, 'cac:ClassifiedTaxCategory');
    add(ctc, 'cbc:ID', vat.category); // BT-151
    if (vat.category !== 'O') add(ctc, 'cbc:Percent', percent(vat.rate_bp ?? 0)); // BT-152 (BR-O-05)
    add(add(ctc, 'cac:TaxScheme'), 'cbc:ID', 'VAT');
    add(add(line, 'cac:Price'), 'cbc:PriceAmount', amount(l.unitPriceCents), eur); // BT-146
  }
  return root.end({ prettyPrint: true });
}

function address(
  party: El,
  a: { street: string | null; city: string | null; postal: string | null; country: string },
): void {
  // BG-5 / BG-8; no address line 3 or country subdivision (BR-NL-27, BR-NL-28)
  const pa = add(party, 'cac:PostalAddress');
  if (a.street) add(pa, 'cbc:StreetName', a.street);
  if (a.city) add(pa, 'cbc:CityName', a.city);
  if (a.postal) add(pa, 'cbc:PostalZone', a.postal);
  add(add(pa, 'cac:Country'), 'cbc:IdentificationCode', a.country);
}
