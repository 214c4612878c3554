// A check of the UBL e-invoices lato writes, against the business rules that apply to such an
// invoice: EN 16931 (BR-*, BR-CO-*, BR-O/E/S-*), Peppol BIS Billing 3.0 (PEPPOL-EN16931-*), and the
// Dutch NLCIUS (BR-NL-*, in Peppol as NL-R-*). Not a full Schematron validator: the subset that a
// document with these parts (lines, one VAT category, SEPA transfer, no allowances) can break.
// Every export runs it, so that a defect shows here instead of at the receiving municipality.

import { create } from 'xmlbuilder2';
import { CUSTOMIZATION_IDS, NS } from './ubl.js';
import { mulDivRound } from '../domain/money.js';
import { parseVatRate } from '../domain/invoice-settings.js';

export interface RuleViolation {
  rule: string;
  message: string;
}

type Node = {
  nodeType: number;
  localName: string;
  namespaceURI: string | null;
  textContent: string | null;
  childNodes: ArrayLike<Node>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
};

function children(el: Node, qname: string): Node[] {
  const [prefix, local] = qname.split(':') as [keyof typeof NS, string];
  return Array.from(el.childNodes).filter(
    (n) => n.nodeType === 1 && n.localName === local && n.namespaceURI === NS[prefix],
  );
}

function all(el: Node, path: string): Node[] {
  let nodes = [el];
  for (const step of path.split('/')) nodes = nodes.flatMap((n) => children(n, step));
  return nodes;
}

function one(el: Node, path: string): Node | undefined {
  return all(el, path)[0];
}

function text(el: Node | undefined, path?: string): string | undefined {
  const n = el && (path ? one(el, path) : el);
  const t = n?.textContent?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** "3085.00" → 308500; undefined when absent or not a decimal with at most 2 decimals. */
function cents(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+(\.\d{1,2})?$/.test(s)) return undefined;
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = Number(i) * 100 + Number((f + '00').slice(0, 2));
  return neg ? -v : v;
}

function descendants(el: Node): Node[] {
  const out: Node[] = [];
  for (const c of Array.from(el.childNodes)) {
    if (c.nodeType !== 1) continue;
    out.push(c, ...descendants(c));
  }
  return out;
}

/** Checks one UBL Invoice or CreditNote; returns the rules it breaks (empty: passes). */
export function checkUbl(
  xml: string,
  opts: { customization?: keyof typeof CUSTOMIZATION_IDS } = {},
): RuleViolation[] {
  const v: RuleViolation[] = [];
  const fail = (rule: string, message: string) => v.push({ rule, message });
  let root: Node;
  try {
    root = create(xml).root().node as unknown as Node;
  } catch (e) {
    return [{ rule: 'XML', message: `not well-formed XML: ${(e as Error).message}` }];
  }
  const isInvoice = root.localName === 'Invoice' && root.namespaceURI === NS.inv;
  const isCredit = root.localName === 'CreditNote' && root.namespaceURI === NS.cn;
  if (!isInvoice && !isCredit)
    return [{ rule: 'UBL', message: 'the root is neither a UBL Invoice nor a CreditNote' }];
  const lineName = isInvoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
  const qtyName = isInvoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity';

  // --- document level: identification (EN 16931 BR-01..05, Peppol, NLCIUS)
  const customization = text(root, 'cbc:CustomizationID');
  if (!customization) fail('BR-01', 'the specification identifier (BT-24) is missing');
  const expected = CUSTOMIZATION_IDS[opts.customization ?? 'nlcius'];
  if (customization && customization !== expected) {
    fail(
      opts.customization === 'peppol' ? 'PEPPOL-EN16931-R004' : 'SI-V20-INV-R000',
      `BT-24 is "${customization}", expected "${expected}"`,
    );
  }
  if (!text(root, 'cbc:ProfileID'))
    fail('PEPPOL-EN16931-R001', 'the business process (BT-23, ProfileID) is missing');
  if (!text(root, 'cbc:ID')) fail('BR-02', 'the invoice number (BT-1) is missing');
  const issueDate = text(root, 'cbc:IssueDate');
  if (!issueDate) fail('BR-03', 'the issue date (BT-2) is missing');
  for (const d of descendants(root).filter((n) => /Date$/.test(n.localName))) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.textContent ?? ''))
      fail('PEPPOL-EN16931-F001', `${d.localName} "${d.textContent}" is not YYYY-MM-DD`);
  }
  const typeCode = text(root, isInvoice ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode');
  if (!typeCode) fail('BR-04', 'the invoice type code (BT-3) is missing');
  else {
    if (!['380', '381', '384', '389'].includes(typeCode))
      fail('BR-NL-7', `type code ${typeCode} is not 380, 381, 384 or 389`);
    if ((typeCode === '381') !== isCredit)
      fail('BR-NL-8', `type code ${typeCode} does not match the ${root.localName} document`);
  }
  if (text(root, 'cbc:DocumentCurrencyCode') !== 'EUR')
    fail('BR-05', 'the invoice currency code (BT-5) must be EUR here');
  if (all(root, 'cbc:Note').length > 1)
    fail('PEPPOL-EN16931-R002', 'no more than one note (BT-22) is allowed');
  if (!text(root, 'cbc:BuyerReference') && !text(root, 'cac:OrderReference/cbc:ID')) {
    fail(
      'BR-NL-2',
      'neither the buyer reference (BT-10) nor the order reference (BT-13) is given (also PEPPOL-EN16931-R003)',
    );
  }
  const period = one(root, 'cac:InvoicePeriod');
  if (period) {
    const start = text(period, 'cbc:StartDate');
    const end = text(period, 'cbc:EndDate');
    if (!start && !end) fail('BR-CO-19', 'an invoicing period (BG-14) needs a start or end date');
    if (start && end && end < start) fail('BR-29', 'the invoicing period ends before it starts');
  }
  if (isCredit && !text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')) {
    fail('NL-R-001', 'a credit note must refer to the invoice it corrects (BT-25)');
  }

  // --- the parties
  const seller = one(root, 'cac:AccountingSupplierParty/cac:Party');
  const buyer = one(root, 'cac:AccountingCustomerParty/cac:Party');
  if (!seller) fail('BR-06', 'the seller (BG-4) is missing');
  if (!buyer) fail('BR-07', 'the buyer (BG-7) is missing');
  const legalIds = (p: Node) =>
    all(p, 'cac:PartyLegalEntity/cbc:CompanyID').filter(
      (c) =>
        ['0106', '0190'].includes(c.getAttribute('schemeID') ?? '') && (c.textContent ?? '').trim() !== '',
    );
  if (seller) {
    if (!text(seller, 'cac:PartyLegalEntity/cbc:RegistrationName'))
      fail('BR-06', 'the seller name (BT-27) is missing');
    const addr = one(seller, 'cac:PostalAddress');
    if (!addr) fail('BR-08', 'the seller postal address (BG-5) is missing');
    else {
      if (!text(addr, 'cac:Country/cbc:IdentificationCode'))
        fail('BR-09', 'the seller country code (BT-40) is missing');
      if (!text(addr, 'cbc:StreetName') || !text(addr, 'cbc:CityName') || !text(addr, 'cbc:PostalZone')) {
        fail('BR-NL-3', "the seller's address lacks street, city or postal code (NL-R-002)");
      }
    }
    if (legalIds(seller).length === 0)
      fail('BR-NL-1', 'the seller has no KvK (0106) or OIN (0190) legal identifier (BT-30; NL-R-003)');
    const ep = one(seller, 'cbc:EndpointID');
    if (!text(ep) || !ep?.getAttribute('schemeID'))
      fail('PEPPOL-EN16931-R020', 'the seller electronic address (BT-34) with its scheme is missing');
    if (
      !text(seller, 'cbc:EndpointID') &&
      legalIds(seller).length === 0 &&
      !text(seller, 'cac:PartyTaxScheme/cbc:CompanyID')
    ) {
      fail('BR-CO-26', 'the seller has no identifier, legal registration or VAT identifier');
    }
  }
  if (buyer) {
    if (!text(buyer, 'cac:PartyLegalEntity/cbc:RegistrationName'))
      fail('BR-07', 'the buyer name (BT-44) is missing');
    const addr = one(buyer, 'cac:PostalAddress');
    const country = addr && text(addr, 'cac:Country/cbc:IdentificationCode');
    if (!addr) fail('BR-10', 'the buyer postal address (BG-8) is missing');
    else if (!country) fail('BR-11', 'the buyer country code (BT-55) is missing');
    if (
      addr &&
      country === 'NL' &&
      (!text(addr, 'cbc:StreetName') || !text(addr, 'cbc:CityName') || !text(addr, 'cbc:PostalZone'))
    ) {
      fail('BR-NL-4', "the buyer's address lacks street, city or postal code (NL-R-004)");
    }
    if (country === 'NL' && legalIds(buyer).length === 0)
      fail('BR-NL-10', 'the Dutch buyer has no KvK (0106) or OIN (0190) legal identifier (BT-47; NL-R-005)');
    const ep = one(buyer, 'cbc:EndpointID');
    if (!text(ep) || !ep?.getAttribute('schemeID'))
      fail('PEPPOL-EN16931-R010', 'the buyer electronic address (BT-49) with its scheme is missing');
  }

  // --- lines (BG-25)
  const lines = all(root, lineName);
  if (lines.length === 0) fail('BR-16', 'the invoice has no lines');
  let lineSum = 0;
  const categories = new Set<string>();
  for (const [i, l] of lines.entries()) {
    const where = `line ${i + 1}`;
    if (!text(l, 'cbc:ID')) fail('BR-21', `${where}: the line identifier (BT-126) is missing`);
    const q = one(l, qtyName);
    if (!text(q)) fail('BR-22', `${where}: the quantity (BT-129) is missing`);
    if (!q?.getAttribute('unitCode')) fail('BR-23', `${where}: the unit of measure (BT-130) is missing`);
    const net = cents(text(l, 'cbc:LineExtensionAmount'));
    if (net === undefined) fail('BR-24', `${where}: the line net amount (BT-131) is missing or malformed`);
    else lineSum += net;
    if (!text(l, 'cac:Item/cbc:Name')) fail('BR-25', `${where}: the item name (BT-153) is missing`);
    const price = cents(text(l, 'cac:Price/cbc:PriceAmount'));
    if (price === undefined) fail('BR-26', `${where}: the item net price (BT-146) is missing`);
    else if (price < 0) fail('BR-27', `${where}: the item net price (BT-146) is negative`);
    const qty = Number(text(q));
    if (price !== undefined && net !== undefined && Number.isFinite(qty) && Math.round(qty * price) !== net) {
      fail('PEPPOL-EN16931-R120', `${where}: quantity × price ≠ line net amount`);
    }
    const cat = one(l, 'cac:Item/cac:ClassifiedTaxCategory');
    const code = text(cat, 'cbc:ID');
    if (!code) fail('BR-CO-04', `${where}: the VAT category code (BT-151) is missing`);
    else categories.add(code);
    const pct = text(cat, 'cbc:Percent');
    if (code === 'O' && pct !== undefined)
      fail('BR-O-05', `${where}: a line not subject to VAT has no VAT rate (BT-152)`);
    if (code === 'E' && Number(pct) !== 0) fail('BR-E-05', `${where}: an exempt line has VAT rate 0`);
    if (code === 'S' && !(Number(pct) > 0))
      fail('BR-S-05', `${where}: a standard-rated line has a VAT rate above 0`);
  }

  // --- VAT breakdown (BG-23)
  const taxTotals = all(root, 'cac:TaxTotal');
  const withSubs = taxTotals.filter((t) => children(t, 'cac:TaxSubtotal').length > 0);
  if (withSubs.length !== 1)
    fail('PEPPOL-EN16931-R053', 'exactly one tax total with tax subtotals is expected');
  const subs = withSubs.flatMap((t) => children(t, 'cac:TaxSubtotal'));
  if (subs.length === 0) fail('BR-CO-18', 'the VAT breakdown (BG-23) is missing');
  const vatTotal = cents(text(withSubs[0], 'cbc:TaxAmount'));
  let subSum = 0;
  const subCats = subs.map((s) => text(s, 'cac:TaxCategory/cbc:ID') ?? '');
  for (const s of subs) {
    const cat = text(s, 'cac:TaxCategory/cbc:ID');
    const taxable = cents(text(s, 'cbc:TaxableAmount'));
    const tax = cents(text(s, 'cbc:TaxAmount'));
    subSum += tax ?? 0;
    const pct = text(s, 'cac:TaxCategory/cbc:Percent');
    const reason =
      text(s, 'cac:TaxCategory/cbc:TaxExemptionReason') ??
      text(s, 'cac:TaxCategory/cbc:TaxExemptionReasonCode');
    if (one(s, 'cac:TaxCategory/cbc:TaxExemptionReasonCode'))
      fail('BR-NL-35', 'a tax exemption reason code is not recommended; give the text');
    if (cat === 'O') {
      if (taxable !== lineSum)
        fail('BR-O-08', 'the taxable amount (BT-116) is not the sum of the line net amounts');
      if (tax !== 0) fail('BR-O-09', 'the VAT amount (BT-117) of category O must be 0');
      if (!reason) fail('BR-O-10', 'category O needs an exemption reason text (BT-120)');
    } else if (cat === 'E') {
      if (taxable !== lineSum)
        fail('BR-E-08', 'the taxable amount (BT-116) is not the sum of the line net amounts');
      if (tax !== 0) fail('BR-E-09', 'the VAT amount (BT-117) of category E must be 0');
      if (!reason) fail('BR-E-10', 'category E needs an exemption reason text (BT-120)');
    } else if (cat === 'S') {
      if (taxable !== lineSum)
        fail('BR-S-08', 'the taxable amount (BT-116) is not the sum of the line net amounts');
      if (reason) fail('BR-S-10', 'a standard-rated breakdown has no exemption reason');
      const bp = parseVatRate(pct ?? '');
      if (bp === null || bp <= 0) fail('BR-S-05', 'a standard-rated breakdown has a VAT rate above 0');
      else if (taxable !== undefined && tax !== undefined && tax !== mulDivRound(taxable, bp, 10_000)) {
        fail('BR-CO-17', 'the VAT amount is not the taxable amount × rate, rounded to cents');
      }
    }
  }
  if (vatTotal === undefined) fail('BR-CO-14', 'the invoice total VAT amount (BT-110) is missing');
  else if (vatTotal !== subSum)
    fail('BR-CO-14', 'the total VAT amount (BT-110) is not the sum of the category amounts (BT-117)');
  if (categories.has('O') && subCats.filter((c) => c === 'O').length !== 1) {
    fail('BR-O-01', 'lines not subject to VAT need exactly one VAT breakdown of category O');
  }
  if (subCats.includes('O') && subCats.some((c) => c !== 'O'))
    fail('BR-O-11', 'a breakdown of category O allows no other breakdowns');
  if (subCats.includes('O') && [...categories].some((c) => c !== 'O'))
    fail('BR-O-12', 'with category O every line is of category O');
  if (categories.has('E') && !subCats.includes('E'))
    fail('BR-E-01', 'exempt lines need a VAT breakdown of category E');
  if (categories.has('S') && !subCats.includes('S'))
    fail('BR-S-01', 'standard-rated lines need a VAT breakdown of category S');
  const sellerVat = seller ? text(seller, 'cac:PartyTaxScheme/cbc:CompanyID') : undefined;
  const buyerVat = buyer ? text(buyer, 'cac:PartyTaxScheme/cbc:CompanyID') : undefined;
  if (categories.has('O') && (sellerVat || buyerVat))
    fail('BR-O-02', 'with category O neither seller nor buyer VAT identifier may be given (BT-31, BT-48)');
  if (categories.has('E') && !sellerVat)
    fail('BR-E-02', 'exempt lines need the seller VAT identifier (BT-31)');
  if (categories.has('S') && !sellerVat)
    fail('BR-S-02', 'standard-rated lines need the seller VAT identifier (BT-31)');

  // --- totals (BG-22)
  const lmt = one(root, 'cac:LegalMonetaryTotal');
  const lineExt = cents(text(lmt, 'cbc:LineExtensionAmount'));
  const taxExcl = cents(text(lmt, 'cbc:TaxExclusiveAmount'));
  const taxIncl = cents(text(lmt, 'cbc:TaxInclusiveAmount'));
  const payable = cents(text(lmt, 'cbc:PayableAmount'));
  const prepaid = cents(text(lmt, 'cbc:PrepaidAmount')) ?? 0;
  const rounding = cents(text(lmt, 'cbc:PayableRoundingAmount')) ?? 0;
  if (lineExt === undefined) fail('BR-12', 'the sum of line net amounts (BT-106) is missing');
  if (taxExcl === undefined) fail('BR-13', 'the total without VAT (BT-109) is missing');
  if (taxIncl === undefined) fail('BR-14', 'the total with VAT (BT-112) is missing');
  if (payable === undefined) fail('BR-15', 'the amount due (BT-115) is missing');
  if (lineExt !== undefined && lineExt !== lineSum)
    fail('BR-CO-10', 'BT-106 is not the sum of the line net amounts (BT-131)');
  if (taxExcl !== undefined && lineExt !== undefined && taxExcl !== lineExt)
    fail('BR-CO-13', 'BT-109 is not BT-106 (there are no allowances or charges)');
  if (
    taxIncl !== undefined &&
    taxExcl !== undefined &&
    vatTotal !== undefined &&
    taxIncl !== taxExcl + vatTotal
  ) {
    fail('BR-CO-15', 'BT-112 is not BT-109 + BT-110');
  }
  if (payable !== undefined && taxIncl !== undefined && payable !== taxIncl - prepaid + rounding)
    fail('BR-CO-16', 'BT-115 is not BT-112 − BT-113 + BT-114');
  for (const a of descendants(root).filter((n) => n.hasAttribute('currencyID'))) {
    if (a.getAttribute('currencyID') !== 'EUR')
      fail('PEPPOL-EN16931-R051', `${a.localName} is not in the document currency`);
  }

  // --- payment
  const due = text(root, 'cbc:DueDate') ?? text(root, 'cac:PaymentMeans/cbc:PaymentDueDate');
  if (payable !== undefined && payable > 0 && !due && !text(root, 'cac:PaymentTerms/cbc:Note')) {
    fail(
      'BR-CO-25',
      'an amount is due, but neither the due date (BT-9) nor the payment terms (BT-20) are given',
    );
  }
  const means = all(root, 'cac:PaymentMeans');
  if (isInvoice && payable !== undefined && payable > 0 && means.length === 0) {
    fail('BR-NL-11', 'the payment instructions (BG-16) are missing (NL-R-007)');
  }
  for (const m of means) {
    const code = text(m, 'cbc:PaymentMeansCode');
    if (!code) fail('BR-49', 'the payment means type code (BT-81) is missing');
    else if (!['30', '48', '49', '57', '58', '59'].includes(code))
      fail('BR-NL-12', `payment means code ${code} is not allowed (NL-R-008)`);
    if (one(m, 'cbc:PaymentMeansCode')?.hasAttribute('name'))
      fail('BR-NL-29', 'a payment means text is not recommended');
    if (['30', '58'].includes(code ?? '') && !text(m, 'cac:PayeeFinancialAccount/cbc:ID')) {
      fail('BR-61', 'a credit transfer needs the payment account identifier (BT-84)');
    }
    if (one(m, 'cac:PayeeFinancialAccount/cbc:Name'))
      fail('BR-NL-30', 'a payment account name is not recommended');
  }
  if (one(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')) {
    fail('BR-NL-24', 'the issue date of the preceding invoice is not recommended');
  }
  for (const n of descendants(root)) {
    const hasElementChild = Array.from(n.childNodes).some((c) => c.nodeType === 1);
    if (!hasElementChild && (n.textContent ?? '').trim() === '')
      fail('PEPPOL-EN16931-R008', `empty element ${n.localName}`);
  }
  return v;
}
