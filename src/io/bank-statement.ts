// Reading bank statements: ISO 20022 CAMT.053 (XML, every Dutch bank offers it) and the own
// exports of the three large Dutch banks: ING (CSV, "Af Bij"), Rabobank (CSV, "IBAN/BBAN") and
// ABN AMRO (TXT/TAB, no header). The format is recognised from the content, not the file name.
// Anything else is refused with a message that says which formats lato reads.

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { create } from 'xmlbuilder2';
import { LatoError, throwIfProblems, type Problem } from '../domain/errors.js';
import { amountBoundError } from '../domain/money.js';
import { parseDate } from '../domain/dates.js';
import { CsvParser, detectDelimiter } from './csv.js';

export type StatementFormat = 'camt053' | 'ing' | 'rabobank' | 'abnamro';

export interface BankLine {
  /** where the line is: a line number for text files, the entry number for CAMT */
  line: number;
  /** booking date, ISO */
  date: string;
  /** signed: positive is money received */
  amountCents: number;
  description: string;
  counterparty: string | null;
  counterpartyIban: string | null;
  /** the bank's own reference of the transaction, when the format has one */
  bankReference: string | null;
  /** why this line can be no payment (a pending entry, another currency), when it cannot */
  skip?: string;
  /** CAMT.053: the end-to-end id the creditor gave (a collection's: the invoice number) */
  endToEndId?: string | null;
  /** CAMT.053: the message and payment-information ids of the batch this line books, if any */
  batchRefs?: string[];
  /** CAMT.053: the ISO 20022 reason code of a returned transaction (RtrInf), if any */
  returnReason?: string | null;
  /** CAMT.053: the entry reverses an earlier one (RvslInd) */
  reversal?: boolean;
}

export interface Statement {
  format: StatementFormat;
  account: string | null;
  lines: BankLine[];
}

const KNOWN =
  'lato reads CAMT.053 XML statements and the CSV/TAB exports of ING, Rabobank and ABN AMRO; download the statement again in one of those formats';

function notAStatement(name: string, why: string): LatoError {
  return new LatoError(`${name} is not a bank statement: ${why}`, { hint: KNOWN });
}

export function readStatement(file: string): Statement {
  const name = basename(file);
  let buf: Buffer;
  try {
    if (!statSync(file).isFile()) throw new LatoError(`${file} is not a file`);
    buf = readFileSync(file);
  } catch (e) {
    if (e instanceof LatoError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new LatoError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (buf.length === 0) throw notAStatement(name, 'the file is empty');
  if (buf.includes(0)) throw notAStatement(name, 'it is a binary file (a PDF or spreadsheet?)');
  const hasBom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = hasBom ? buf.subarray(3) : buf;
  const text = isUtf8(body) ? body.toString('utf8') : new TextDecoder('windows-1252').decode(body);
  const head = text.trimStart();
  if (head.startsWith('<')) return readCamt(name, head);
  const records = parseDelimited(text, name);
  const first = records[0];
  if (!first) throw notAStatement(name, 'it has no lines');
  const header = first.cells.map((c) => c.trim().toLowerCase());
  if (header.includes('af bij') && header.some((h) => h.startsWith('naam / omschrijving')))
    return readIng(name, records);
  if (header.includes('iban/bban') && header.includes('volgnr')) return readRabobank(name, records);
  if (
    first.cells.length >= 8 &&
    /^(EUR)$/.test(first.cells[1]?.trim() ?? '') &&
    /^\d{8}$/.test(first.cells[2]?.trim() ?? '')
  ) {
    return readAbnAmro(name, records);
  }
  throw notAStatement(name, 'its columns are not those of a known bank export');
}

function parseDelimited(text: string, name: string): { line: number; cells: string[] }[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const parser = new CsvParser(detectDelimiter(firstLine), name);
  const out = [...parser.push(text.endsWith('\n') ? text : `${text}\n`), ...parser.end(name)];
  return out.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** Where a cell is, for a problem: a line and column of a CSV export, or an entry of a CAMT.053 file. */
type Where = { line: number; column?: string } | { entry: number; element: string };

/**
 * The problems of a statement's lines: every bad line is collected, and one error lists them all
 * (a value that could not be read stands in as 0 or '' until then; nothing uses it).
 */
class LineProblems {
  readonly list: Problem[] = [];
  constructor(readonly name: string) {}

  add(where: Where, message: string): void {
    this.list.push(
      'entry' in where
        ? { file: this.name, message: `entry ${where.entry}, ${where.element}: ${message}` }
        : { file: this.name, line: where.line, ...(where.column ? { column: where.column } : {}), message },
    );
  }

  /** An amount read by the format's own grammar (see AMOUNT_GRAMMARS), within MAX_AMOUNT_CENTS. */
  amount(where: Where, raw: string, grammar: AmountGrammar): number {
    const s = raw.trim();
    const m = grammar.pattern.exec(s);
    if (!m) {
      this.add(where, `"${raw}" is not an amount (${grammar.says})`);
      return 0;
    }
    const [, sign = '', euros = '', decimals = ''] = m;
    if (/[1-9]/.test(decimals.slice(2))) {
      this.add(where, `"${raw}" has more than two decimals (${grammar.says})`);
      return 0;
    }
    const cents = Number(BigInt(euros) * 100n + BigInt((decimals + '00').slice(0, 2)));
    const tooLarge = amountBoundError(cents, s);
    if (tooLarge) {
      this.add(where, tooLarge);
      return 0;
    }
    return sign === '-' && cents !== 0 ? -cents : cents;
  }

  date(where: Where, raw: string): string {
    const s = raw.trim();
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    const d = parseDate(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : s);
    if (d.ok) return d.date;
    this.add(where, `"${raw}" is not a date`);
    return '';
  }

  /** The statement, or one error listing every bad line. */
  done(statement: Statement): Statement {
    const n = this.list.length;
    throwIfProblems(
      `${this.name}: ${n} problem${n === 1 ? '' : 's'} in the bank statement; nothing was imported`,
      this.list,
      KNOWN,
    );
    return statement;
  }
}

/**
 * Each format reads its amounts by its own grammar, never by guessing (docs/money.md, "Reading amounts"):
 * groups: sign, euros, decimals.
 */
interface AmountGrammar {
  pattern: RegExp;
  says: string;
}
const AMOUNT_GRAMMARS = {
  // XML Schema decimal (ISO 20022 ActiveOrHistoricCurrencyAndAmount): a dot as decimal mark, no grouping
  camt053: {
    pattern: /^()(\d{1,18})(?:\.(\d{1,5}))?$/,
    says: 'CAMT.053 amounts are XML decimals like 1500.00, with a dot as decimal mark',
  },
  // ING "Bedrag (EUR)": unsigned (the sign is in "Af Bij"), decimal comma, no grouping
  ing: {
    pattern: /^()(\d{1,16})(?:,(\d{1,2}))?$/,
    says: 'ING amounts are written like 1234,56: a decimal comma and no thousands dots',
  },
  // Rabobank "Bedrag": signed, decimal comma, no grouping
  rabobank: {
    pattern: /^([+-]?)(\d{1,16})(?:,(\d{1,2}))?$/,
    says: 'Rabobank amounts are written like +1234,56: a sign, a decimal comma and no thousands dots',
  },
  // ABN AMRO TAB: signed, decimal comma, no grouping
  abnamro: {
    pattern: /^(-?)(\d{1,16})(?:,(\d{1,2}))?$/,
    says: 'ABN AMRO amounts are written like -1234,56: a decimal comma and no thousands dots',
  },
} satisfies Record<StatementFormat, AmountGrammar>;

function column(header: string[], ...names: string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.findIndex((h) => h === n || h.startsWith(n));
    if (i >= 0) return i;
  }
  return -1;
}

/** ING: Datum;Naam / Omschrijving;Rekening;Tegenrekening;Code;Af Bij;Bedrag (EUR);Mutatiesoort;Mededelingen;… */
function readIng(name: string, records: { line: number; cells: string[] }[]): Statement {
  const header = records[0]!.cells;
  const at = (line: number, i: number): Where => ({ line, column: header[i]!.trim() });
  const c = {
    date: column(header, 'datum'),
    name: column(header, 'naam / omschrijving'),
    account: column(header, 'rekening'),
    counter: column(header, 'tegenrekening'),
    sign: column(header, 'af bij'),
    amount: column(header, 'bedrag'),
    notes: column(header, 'mededelingen'),
  };
  if (c.date < 0 || c.amount < 0 || c.sign < 0)
    throw notAStatement(name, 'the ING columns Datum, Af Bij and Bedrag are not all there');
  let account: string | null = null;
  const bad = new LineProblems(name);
  const lines = records.slice(1).map((r) => {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    const sign = cell(c.sign).toLowerCase();
    if (sign !== 'af' && sign !== 'bij') bad.add(at(r.line, c.sign), `"${cell(c.sign)}" is not Af or Bij`);
    account ??= cell(c.account) || null;
    const amount = bad.amount(at(r.line, c.amount), cell(c.amount), AMOUNT_GRAMMARS.ing);
    return {
      line: r.line,
      date: bad.date(at(r.line, c.date), cell(c.date)),
      amountCents: sign === 'bij' ? amount : -amount,
      description: [cell(c.notes), cell(c.name)].filter(Boolean).join(' '),
      counterparty: cell(c.name) || null,
      counterpartyIban: cell(c.counter) || null,
      bankReference: null,
    };
  });
  return bad.done({ format: 'ing', account, lines });
}

/** Rabobank: "IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag",…,"Omschrijving-1",… */
function readRabobank(name: string, records: { line: number; cells: string[] }[]): Statement {
  const header = records[0]!.cells;
  const at = (line: number, i: number): Where => ({ line, column: header[i]!.trim() });
  const c = {
    account: column(header, 'iban/bban'),
    seq: column(header, 'volgnr'),
    date: column(header, 'datum'),
    amount: column(header, 'bedrag'),
    counter: column(header, 'tegenrekening iban/bban', 'tegenrekening'),
    name: column(header, 'naam tegenpartij'),
    reference: column(header, 'betalingskenmerk'),
    e2e: column(header, 'transactiereferentie'),
  };
  const descr = header.flatMap((h, i) => (/^omschrijving/i.test(h.trim()) ? [i] : []));
  if (c.date < 0 || c.amount < 0)
    throw notAStatement(name, 'the Rabobank columns Datum and Bedrag are not both there');
  let account: string | null = null;
  const bad = new LineProblems(name);
  const lines = records.slice(1).map((r) => {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    account ??= cell(c.account) || null;
    const seq = cell(c.seq);
    return {
      line: r.line,
      date: bad.date(at(r.line, c.date), cell(c.date)),
      amountCents: bad.amount(at(r.line, c.amount), cell(c.amount), AMOUNT_GRAMMARS.rabobank),
      description: [...descr.map(cell), cell(c.reference)].filter(Boolean).join(' '),
      counterparty: cell(c.name) || null,
      counterpartyIban: cell(c.counter) || null,
      bankReference: seq ? `${cell(c.account)}/${seq}` : cell(c.e2e) || null,
    };
  });
  return bad.done({ format: 'rabobank', account, lines });
}

/** ABN AMRO TXT/TAB: account, currency, date, start balance, end balance, value date, amount, description. */
function readAbnAmro(name: string, records: { line: number; cells: string[] }[]): Statement {
  let account: string | null = null;
  const bad = new LineProblems(name);
  const lines = records.flatMap((r) => {
    if (r.cells.length < 8) {
      bad.add({ line: r.line }, `${r.cells.length} columns, an ABN AMRO line has 8`);
      return [];
    }
    const [acc, , date, , , , amount, ...rest] = r.cells.map((x) => x.trim());
    account ??= acc || null;
    const description = rest.join(' ').trim();
    const tag = (t: string) => new RegExp(`/${t}/([^/]*)`).exec(description)?.[1]?.trim() || null;
    const label = (l: string) =>
      new RegExp(`${l}:\\s*(.+?)(?:\\s{2,}|\\s+\\w+:|$)`).exec(description)?.[1]?.trim() || null;
    return {
      line: r.line,
      date: bad.date({ line: r.line, column: '3 (date)' }, date!),
      amountCents: bad.amount({ line: r.line, column: '7 (amount)' }, amount!, AMOUNT_GRAMMARS.abnamro),
      description,
      counterparty: tag('NAME') ?? label('Naam'),
      counterpartyIban: tag('IBAN') ?? label('IBAN'),
      bankReference: null,
    };
  });
  return bad.done({ format: 'abnamro', account, lines });
}

type XmlNode = {
  nodeType: number;
  localName: string;
  namespaceURI: string | null;
  textContent: string | null;
  childNodes: ArrayLike<XmlNode>;
  getAttribute(name: string): string | null;
};

function kids(n: XmlNode | undefined, local: string): XmlNode[] {
  if (!n) return [];
  return Array.from(n.childNodes).filter((c) => c.nodeType === 1 && c.localName === local);
}

function at(n: XmlNode | undefined, path: string): XmlNode[] {
  let nodes = n ? [n] : [];
  for (const step of path.split('/')) nodes = nodes.flatMap((x) => kids(x, step));
  return nodes;
}

function txt(n: XmlNode | undefined, path: string): string | null {
  return at(n, path)[0]?.textContent?.trim() || null;
}

/**
 * What a CAMT.053 entry says about direct-debit collections: the end-to-end id, the batch it books
 * (NtryDtls/Btch, or the transaction's MsgId and PmtInfId), the reason of a return (RtrInf) and
 * whether the entry is a reversal (RvslInd).
 */
function collectionFacts(
  ntry: XmlNode,
  tx: XmlNode | undefined,
): Pick<BankLine, 'endToEndId' | 'batchRefs' | 'returnReason' | 'reversal'> {
  const e2e = (tx && txt(tx, 'Refs/EndToEndId')) ?? null;
  const refs = [
    ...at(ntry, 'NtryDtls/Btch').flatMap((b) => [txt(b, 'PmtInfId'), txt(b, 'MsgId')]),
    ...(tx ? [txt(tx, 'Refs/PmtInfId'), txt(tx, 'Refs/MsgId')] : []),
  ].filter((r): r is string => !!r);
  return {
    endToEndId: e2e && e2e.toUpperCase() !== 'NOTPROVIDED' ? e2e : null,
    batchRefs: [...new Set(refs)],
    returnReason: (tx && (txt(tx, 'RtrInf/Rsn/Cd') ?? txt(tx, 'RtrInf/Rsn/Prtry'))) ?? null,
    reversal: txt(ntry, 'RvslInd') === 'true',
  };
}

/** CAMT.053 (any version 001.02 … 001.13): Document/BkToCstmrStmt/Stmt/Ntry. */
function readCamt(name: string, xml: string): Statement {
  let root: XmlNode;
  try {
    root = create(xml).root().node as unknown as XmlNode;
  } catch (e) {
    throw notAStatement(name, `it is not well-formed XML (${(e as Error).message.split('\n')[0]})`);
  }
  const ns = root.namespaceURI ?? '';
  if (root.localName !== 'Document' || !/camt\.053\./.test(ns)) {
    throw notAStatement(
      name,
      `it is XML, but a <${root.localName}>${ns ? ` in ${ns}` : ''}, not a CAMT.053 statement`,
    );
  }
  const stmts = at(root, 'BkToCstmrStmt/Stmt');
  if (stmts.length === 0) throw notAStatement(name, 'the CAMT.053 document holds no statement (Stmt)');
  const lines: BankLine[] = [];
  let account: string | null = null;
  const bad = new LineProblems(name);
  let entry = 0;
  for (const stmt of stmts) {
    account ??= txt(stmt, 'Acct/Id/IBAN') ?? txt(stmt, 'Acct/Id/Othr/Id');
    for (const ntry of kids(stmt, 'Ntry')) {
      entry++;
      const sign = txt(ntry, 'CdtDbtInd');
      const date =
        txt(ntry, 'BookgDt/Dt') ?? txt(ntry, 'BookgDt/DtTm')?.slice(0, 10) ?? txt(ntry, 'ValDt/Dt');
      if (!date || (sign !== 'CRDT' && sign !== 'DBIT')) {
        bad.add(
          { entry, element: !date ? 'BookgDt' : 'CdtDbtInd' },
          'the entry lacks a booking date or credit/debit indicator',
        );
        continue;
      }
      // only booked entries are money on the account; pending (PDNG) or information (INFO) are not
      const status = txt(ntry, 'Sts');
      const notBooked =
        status === 'BOOK'
          ? undefined
          : status
            ? `entry status ${status}, not booked (BOOK)`
            : 'entry without a status (Sts), not booked';
      const txs = at(ntry, 'NtryDtls/TxDtls');
      const parts = txs.length > 1 ? txs : [txs[0]];
      for (const tx of parts) {
        const amtNode = (tx && (at(tx, 'Amt')[0] ?? at(tx, 'AmtDtls/TxAmt/Amt')[0])) ?? at(ntry, 'Amt')[0];
        const amt = bad.amount(
          { entry, element: 'Amt' },
          amtNode?.textContent ?? '',
          AMOUNT_GRAMMARS.camt053,
        );
        const ccy = amtNode?.getAttribute('Ccy') ?? null;
        const skip = notBooked ?? (ccy === 'EUR' ? undefined : `amount in ${ccy ?? 'no currency'}, not EUR`);
        const txSign = (tx && txt(tx, 'CdtDbtInd')) ?? sign;
        const party = txSign === 'CRDT' ? 'Dbtr' : 'Cdtr';
        const remittance = [
          ...at(tx, 'RmtInf/Ustrd').map((n) => n.textContent?.trim() ?? ''),
          ...at(tx, 'RmtInf/Strd/CdtrRefInf/Ref').map((n) => n.textContent?.trim() ?? ''),
          (tx && txt(tx, 'AddtlTxInf')) ?? '',
          txt(ntry, 'AddtlNtryInf') ?? '',
        ].filter(Boolean);
        lines.push({
          line: entry,
          date: bad.date({ entry, element: 'BookgDt' }, date),
          amountCents: txSign === 'DBIT' ? -Math.abs(amt) : Math.abs(amt),
          description: remittance.join(' '),
          counterparty:
            (tx && (txt(tx, `RltdPties/${party}/Nm`) ?? txt(tx, `RltdPties/${party}/Pty/Nm`))) ?? null,
          counterpartyIban: (tx && txt(tx, `RltdPties/${party}Acct/Id/IBAN`)) ?? null,
          bankReference:
            (tx && txt(tx, 'Refs/AcctSvcrRef')) ??
            txt(ntry, 'AcctSvcrRef') ??
            (tx && txt(tx, 'Refs/EndToEndId')) ??
            null,
          ...(skip ? { skip } : {}),
          ...collectionFacts(ntry, tx),
        });
      }
    }
  }
  return bad.done({ format: 'camt053', account, lines });
}
