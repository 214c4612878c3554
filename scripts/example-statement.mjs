// Writes data/example/afschrift-2018-10.xml, the illustrative bank statement (CAMT.053) of the
// README's walkthrough: it pays the example year's invoices issued on 1 October 2018, so that
// `lato payments import` has something real to match. Invented, as the manifest says.
//
//   node scripts/example-statement.mjs INVOICES.json > data/example/afschrift-2018-10.xml
//
// INVOICES.json is `lato invoices list --year 2018-2019 --json` after the walkthrough's issue.
// What it holds: every invoice paid in full by its number (booked 15-26 October), except
//   - the fifth invoice: half paid, the rest left open;
//   - the last four: not paid (they show in `lato invoices outstanding`);
// plus a transfer nobody can match (left for the administration) and an outgoing payment
// (skipped: lato books only money that comes in).
import { readFileSync } from 'node:fs';

const invoices = JSON.parse(readFileSync(process.argv[2], 'utf8')).filter((i) => i.kind === 'invoice');
const amount = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const entries = [];
let ref = 0;
function entry({ cents, credit = true, day, name, iban, text }) {
  ref++;
  const date = `2018-10-${String(day).padStart(2, '0')}`;
  entries.push(`      <Ntry>
        <Amt Ccy="EUR">${amount(cents)}</Amt>
        <CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt>
        <ValDt><Dt>${date}</Dt></ValDt>
        <AcctSvcrRef>201810${String(ref).padStart(6, '0')}</AcctSvcrRef>
        <NtryDtls>
          <TxDtls>
            <RltdPties>
              <${credit ? 'Dbtr' : 'Cdtr'}><Nm>${esc(name)}</Nm></${credit ? 'Dbtr' : 'Cdtr'}>
              <${credit ? 'DbtrAcct' : 'CdtrAcct'}><Id><IBAN>${iban}</IBAN></Id></${credit ? 'DbtrAcct' : 'CdtrAcct'}>
            </RltdPties>
            <RmtInf><Ustrd>${esc(text)}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>`);
}
const paid = invoices.slice(0, invoices.length - 4);
let total = 0;
paid.forEach((inv, k) => {
  const cents = k === 4 ? Math.round(inv.total_cents / 2) : inv.total_cents;
  total += cents;
  entry({
    cents,
    day: 15 + (k % 12),
    name: inv.name,
    iban: 'NL20INGB0001234567',
    text: `Factuur ${inv.number} abonnementsgeld ${inv.year}`,
  });
});
entry({ cents: 25000, day: 29, name: 'Onbekende gever', iban: 'NL44RABO0123456789', text: 'gift' });
total += 25000;
entry({
  cents: 1250,
  credit: false,
  day: 30,
  name: 'Drukkerij',
  iban: 'NL44RABO0123456789',
  text: 'drukwerk',
});
total -= 1250;
process.stdout.write(`<?xml version="1.0" encoding="UTF-8"?>
<!-- Illustrative bank statement of the example year (invented): see scripts/example-statement.mjs -->
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>CAMT053-20181031-0001</MsgId>
      <CreDtTm>2018-10-31T18:00:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>NL91ABNA0417164300-2018-10</Id>
      <CreDtTm>2018-10-31T18:00:00</CreDtTm>
      <Acct>
        <Id><IBAN>NL91ABNA0417164300</IBAN></Id>
        <Ccy>EUR</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">10000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2018-10-01</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">${amount(1_000_000 + total)}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2018-10-31</Dt></Dt>
      </Bal>
${entries.join('\n')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`);
