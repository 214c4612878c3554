// A SEPA direct-debit collection file: ISO 20022 pain.008.001.02 (CustomerDirectDebitInitiationV02),
// the version Dutch banks take for SDD Core (NVB implementation guidelines). One payment
// information block per sequence type (FRST, RCUR, OOFF, FNAL), each transaction with the invoice
// number as end-to-end id and in the remittance text. Texts are reduced to the SEPA character set.

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { sepaText, type SequenceType } from '../domain/direct-debit.js';

export const PAIN008_FORMATS = ['pain.008.001.02'] as const;
export type Pain008Format = (typeof PAIN008_FORMATS)[number];

export interface Pain008Transaction {
  endToEndId: string;
  amountCents: number;
  mandateReference: string;
  signedOn: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  remittance: string;
}

export interface Pain008Batch {
  pmtInfId: string;
  sequenceType: SequenceType;
  transactions: Pain008Transaction[];
}

export interface Pain008 {
  messageId: string;
  /** ISO date-time without zone, as the bank's local time */
  createdAt: string;
  collectOn: string;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  creditorId: string;
  batches: Pain008Batch[];
}

type El = XMLBuilder;

function add(parent: El, name: string, text?: string, attrs?: Record<string, string>): El {
  const el = parent.ele(name, attrs);
  if (text !== undefined) el.txt(text);
  return el;
}

function agent(parent: El, name: string, bic: string | null): void {
  const fin = add(add(parent, name), 'FinInstnId');
  // IBAN-only (EU regulation 260/2012): the bank is found from the IBAN
  if (bic) add(fin, 'BIC', bic);
  else add(add(fin, 'Othr'), 'Id', 'NOTPROVIDED');
}

/** 1953.00: the XML decimal of an amount in cents. */
function decimal(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function sum(ts: readonly { amountCents: number }[]): number {
  return ts.reduce((s, t) => s + t.amountCents, 0);
}

/** The XML of the collection file. */
export function renderPain008(p: Pain008): string {
  const all = p.batches.flatMap((b) => b.transactions);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02',
    'Document',
  );
  const root = add(doc, 'CstmrDrctDbtInitn');
  const hdr = add(root, 'GrpHdr');
  add(hdr, 'MsgId', p.messageId);
  add(hdr, 'CreDtTm', p.createdAt);
  add(hdr, 'NbOfTxs', String(all.length));
  add(hdr, 'CtrlSum', decimal(sum(all)));
  add(add(hdr, 'InitgPty'), 'Nm', sepaText(p.creditorName, 70));
  for (const b of p.batches) {
    const inf = add(root, 'PmtInf');
    add(inf, 'PmtInfId', b.pmtInfId);
    add(inf, 'PmtMtd', 'DD');
    // each collection booked on its own, so that a statement names every invoice
    add(inf, 'BtchBookg', 'false');
    add(inf, 'NbOfTxs', String(b.transactions.length));
    add(inf, 'CtrlSum', decimal(sum(b.transactions)));
    const tp = add(inf, 'PmtTpInf');
    add(add(tp, 'SvcLvl'), 'Cd', 'SEPA');
    add(add(tp, 'LclInstrm'), 'Cd', 'CORE');
    add(tp, 'SeqTp', b.sequenceType);
    add(inf, 'ReqdColltnDt', p.collectOn);
    add(add(inf, 'Cdtr'), 'Nm', sepaText(p.creditorName, 70));
    add(add(add(inf, 'CdtrAcct'), 'Id'), 'IBAN', p.creditorIban);
    agent(inf, 'CdtrAgt', p.creditorBic);
    add(inf, 'ChrgBr', 'SLEV');
    const othr = add(add(add(add(inf, 'CdtrSchmeId'), 'Id'), 'PrvtId'), 'Othr');
    add(othr, 'Id', p.creditorId);
    add(add(othr, 'SchmeNm'), 'Prtry', 'SEPA');
    for (const t of b.transactions) {
      const tx = add(inf, 'DrctDbtTxInf');
      add(add(tx, 'PmtId'), 'EndToEndId', t.endToEndId);
      add(tx, 'InstdAmt', decimal(t.amountCents), { Ccy: 'EUR' });
      const mandate = add(add(tx, 'DrctDbtTx'), 'MndtRltdInf');
      add(mandate, 'MndtId', t.mandateReference);
      add(mandate, 'DtOfSgntr', t.signedOn);
      agent(tx, 'DbtrAgt', t.debtorBic);
      add(add(tx, 'Dbtr'), 'Nm', sepaText(t.debtorName, 70));
      add(add(add(tx, 'DbtrAcct'), 'Id'), 'IBAN', t.debtorIban);
      add(add(tx, 'RmtInf'), 'Ustrd', sepaText(t.remittance, 140));
    }
  }
  return doc.end({ prettyPrint: true });
}
