// SEPA direct debit (automatische incasso): mandates (`lato mandates`, `lato import mandates`), the
// direct debit an invoice announces when it is issued, the collection run that writes the pain.008
// file for the bank (`lato invoices collect`), and the collections and returns (storno) a bank
// statement brings (called from `lato payments import`).

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { LatoError, UsageError, type Problem } from '../domain/errors.js';
import {
  addBusinessDays,
  checkDirectDebitSettings,
  checkMandate,
  earliestCollectionDate,
  isBusinessDay,
  mandateExpired,
  nextSequenceType,
  normaliseCreditorId,
  plannedCollectionDate,
  sequenceAfterReturn,
  type DirectDebitSettings,
  type Mandate,
  type MandateInput,
  type SequenceType,
} from '../domain/direct-debit.js';
import { formatEuro } from '../domain/money.js';
import { openCents, type Invoice } from '../domain/invoice.js';
import { normaliseIban, type Issuer } from '../domain/invoice-settings.js';
import { addDays, parseDate } from '../domain/dates.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/connection.js';
import {
  activeMandateOf,
  countCollections,
  findMandates,
  insertCollection,
  insertCollectionItem,
  insertInvoiceDirectDebit,
  insertMandate,
  batchIds,
  itemsOfBatch,
  itemsOfInvoice,
  mandateById,
  mandateByReference,
  markItemPaid,
  markItemReturned,
  revokeMandateRow,
  setMandateSequence,
  updateMandate,
  type CollectionItem,
} from '../db/direct-debit.js';
import { findInvoices } from '../db/invoices.js';
import { findPartner, requirePartner } from '../db/partners.js';
import { getSetting } from '../db/settings.js';
import { writeTransaction } from '../db/transaction.js';
import { checkOutputFile, writeAtomic } from '../io/files.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import { settingValue } from './invoice-settings.js';
import { requireDate, requireYear, today } from './options.js';
import { runImport } from './import-run.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { cellProblem, isBlank } from './import-cells.js';

export function directDebitSettings(db: Db): DirectDebitSettings {
  return settingValue<DirectDebitSettings>(db, 'direct_debit');
}

interface Creditor {
  id: string;
  name: string;
  iban: string;
  bic: string | null;
}

/** The creditor of the collections, or every problem with the settings at once. */
function requireCreditor(db: Db, s: DirectDebitSettings, what: string): Creditor {
  const issuer = getSetting<Issuer>(db, 'issuer');
  const fallback = { name: issuer?.name, iban: issuer?.iban, bic: issuer?.bic };
  const problems = checkDirectDebitSettings(s, fallback);
  if (problems.length > 0) {
    throw new LatoError(`${what}: the direct-debit settings are incomplete or wrong`, {
      problems,
      hint: '`lato settings get direct_debit` shows them; `lato settings set direct_debit.KEY VALUE` changes one',
    });
  }
  return {
    id: normaliseCreditorId(s.creditor_id),
    name: s.creditor_name || fallback.name!,
    iban: normaliseIban(s.iban || fallback.iban!),
    bic: s.bic || (s.iban ? '' : fallback.bic) || null,
  };
}

// ---------------------------------------------------------------------------------------------
// mandates

/** A mandate as `mandates list|show --json` give it. */
export interface MandateView {
  reference: string;
  partner: string;
  name: string;
  signed_on: string;
  iban: string;
  bic: string | null;
  account_holder: string | null;
  type: 'recurring' | 'one-off';
  status: Mandate['status'];
  sequence: Mandate['sequence'];
  /** the sequence type of its next collection; null when it cannot be used */
  next_sequence_type: SequenceType | null;
  revoked_on: string | null;
  last_collected_on: string | null;
}

export function toMandateView(m: Mandate): MandateView {
  const next = nextSequenceType(m);
  return {
    reference: m.reference,
    partner: m.partner,
    name: m.partnerName,
    signed_on: m.signedOn,
    iban: m.iban,
    bic: m.bic,
    account_holder: m.accountHolder,
    type: m.kind === 'one_off' ? 'one-off' : 'recurring',
    status: m.status,
    sequence: m.sequence,
    next_sequence_type: next.ok ? next.type : null,
    revoked_on: m.revokedOn,
    last_collected_on: m.lastCollectedOn,
  };
}

function dateOrNull(s: string): string | null {
  const d = parseDate(s);
  return d.ok ? d.date : null;
}

/** The option of `mandates add` that gives a field, for messages. */
const OPTION_OF: Record<string, string> = {
  reference: '--reference',
  signed_on: '--signed',
  iban: '--iban',
  bic: '--bic',
  type: '--type',
  sequence: '--sequence',
};

export interface AddMandateInput {
  partner: string;
  reference: string;
  signedOn?: string;
  iban: string;
  bic?: string;
  accountHolder?: string;
  type?: string;
  sequence?: string;
}

/** `lato mandates add`: a signed mandate of a partner; refused when the partner already has an active one. */
export function addMandate(db: Db, input: AddMandateInput, opts: { dryRun?: boolean } = {}): MandateView {
  const s = directDebitSettings(db);
  return writeTransaction(
    db,
    () => {
      const partner = requirePartner(db, input.partner);
      const raw: MandateInput = {
        partner: partner.code,
        reference: input.reference,
        signedOn: input.signedOn ?? '',
        iban: input.iban,
        bic: input.bic ?? '',
        accountHolder: input.accountHolder ?? '',
        kind: input.type ?? '',
        sequence: input.sequence ?? '',
      };
      const checked = checkMandate(raw, {
        today: today(),
        bicRequired: s.bic_required_countries,
        parseDate: dateOrNull,
      });
      const problems: Problem[] = checked.ok
        ? []
        : checked.problems.map((p) => ({ ...p, column: OPTION_OF[p.column!] ?? p.column! }));
      const existing = mandateByReference(db, input.reference.trim());
      if (existing)
        problems.push({
          message: `mandate reference ${existing.reference} is already used (partner ${existing.partner})`,
          hint: 'a mandate reference is unique; give the reference on the signed form',
        });
      const active = activeMandateOf(db, partner.id);
      if (active)
        problems.push({
          message: `partner ${partner.code} already has an active mandate (${active.reference})`,
          hint: `revoke it first: lato mandates revoke ${active.reference}`,
        });
      if (problems.length > 0 || !checked.ok)
        throw new LatoError(`mandate not added for partner ${partner.code}`, { problems });
      const id = insertMandate(db, partner.id, checked.mandate);
      audit(db, {
        entity: 'mandate',
        entityId: checked.mandate.reference,
        action: 'add',
        after: { partner: partner.code, ...checked.mandate },
      });
      return toMandateView(mandateById(db, id)!);
    },
    { dryRun: !!opts.dryRun },
  );
}

export function listMandates(db: Db, opts: { status?: string } = {}): MandateView[] {
  if (opts.status !== undefined && opts.status !== 'active' && opts.status !== 'revoked')
    throw new UsageError(`--status ${opts.status} is not active or revoked`);
  return findMandates(db, opts.status ? { status: opts.status } : {}).map(toMandateView);
}

export function requireMandate(db: Db, reference: string): Mandate {
  const m = mandateByReference(db, reference.trim());
  if (!m)
    throw new LatoError(`no mandate with reference ${reference}`, {
      hint: '`lato mandates list` shows the references',
    });
  return m;
}

export interface MandateDetail extends MandateView {
  collections: {
    message_id: string;
    collect_on: string;
    number: string;
    sequence_type: SequenceType;
    amount_cents: number;
    status: CollectionItem['status'];
    return_reason: string | null;
  }[];
}

export function showMandate(db: Db, reference: string): MandateDetail {
  const m = requireMandate(db, reference);
  const rows = db
    .prepare('SELECT DISTINCT invoice_id FROM collection_items WHERE mandate_id = ?')
    .pluck()
    .all(m.id) as number[];
  const items = rows.flatMap((id) => itemsOfInvoice(db, id)).filter((i) => i.mandateId === m.id);
  items.sort((a, b) => a.id - b.id);
  return {
    ...toMandateView(m),
    collections: items.map((i) => ({
      message_id: i.messageId,
      collect_on: i.collectOn,
      number: i.number,
      sequence_type: i.sequenceType,
      amount_cents: i.amountCents,
      status: i.status,
      return_reason: i.returnReason,
    })),
  };
}

/** `lato mandates revoke REF`: the partner withdrew it; nothing is collected under it any more. */
export function revokeMandate(
  db: Db,
  reference: string,
  rawDate: string | undefined,
  opts: { dryRun?: boolean } = {},
): MandateView {
  const date = requireDate(rawDate);
  return writeTransaction(
    db,
    () => {
      const m = requireMandate(db, reference);
      if (m.status === 'revoked')
        throw new LatoError(
          `mandate ${m.reference} (partner ${m.partner}) was already revoked on ${m.revokedOn}`,
        );
      if (date < m.signedOn)
        throw new LatoError(
          `mandate ${m.reference} was signed on ${m.signedOn}: it cannot be revoked before`,
        );
      revokeMandateRow(db, m.id, date);
      audit(db, {
        entity: 'mandate',
        entityId: m.reference,
        action: 'revoke',
        before: { status: m.status },
        after: { status: 'revoked', revoked_on: date },
      });
      return toMandateView(mandateById(db, m.id)!);
    },
    { dryRun: !!opts.dryRun },
  );
}

type MandateField = 'partner' | 'reference' | 'signed_on' | 'iban' | 'bic' | 'holder' | 'type' | 'sequence';

const MANDATE_FIELDS: FieldSpec<MandateField>[] = [
  { key: 'partner', aliases: ['partnercode', 'code', 'debiteur', 'debiteurnummer'], required: true },
  {
    key: 'reference',
    aliases: ['kenmerk', 'machtigingskenmerk', 'mandaat', 'mandate', 'mandate reference'],
    required: true,
  },
  {
    key: 'signed_on',
    aliases: ['datum ondertekening', 'ondertekend', 'ondertekend op', 'datum', 'signed', 'date of signature'],
    required: true,
  },
  { key: 'iban', aliases: ['rekening', 'rekeningnummer', 'account'], required: true },
  { key: 'bic', aliases: ['bic-code', 'swift'] },
  {
    key: 'holder',
    aliases: ['rekeninghouder', 'tenaamstelling', 'naam rekeninghouder', 'account holder', 'account_holder'],
  },
  { key: 'type', aliases: ['soort', 'soort machtiging', 'kind'] },
  { key: 'sequence', aliases: ['volgorde', 'status incasso', 'sequence state'] },
];

const FIELD_OF: Record<string, MandateField> = {
  reference: 'reference',
  signed_on: 'signed_on',
  iban: 'iban',
  bic: 'bic',
  type: 'type',
  sequence: 'sequence',
};

/**
 * `lato import mandates FILE`: one mandate per line (partner code, reference, date of signature,
 * IBAN, optional BIC, account holder, type, sequence). Upserts by reference; a partner gets at
 * most one active mandate. Every bad line is reported, and nothing is written then.
 */
export async function importMandates(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const s = directDebitSettings(db);
  return runImport(db, 'mandates', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, MANDATE_FIELDS);
    for (const p of problems) run.problems.add(p);
    if (run.problems.length > 0) return;
    const seenRef = new Map<string, number>();
    const seenPartner = new Map<number, number>();
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const code = map.get(rec, 'partner');
      const partner = code ? findPartner(db, { code }) : undefined;
      if (!partner) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          code ? `no partner with code "${code}"` : 'the partner code is empty',
          '`lato partners list` shows the codes',
        );
      }
      const checked = checkMandate(
        {
          partner: code,
          reference: map.get(rec, 'reference'),
          signedOn: map.get(rec, 'signed_on'),
          iban: map.get(rec, 'iban'),
          bic: map.get(rec, 'bic'),
          accountHolder: map.get(rec, 'holder'),
          kind: map.get(rec, 'type'),
          sequence: map.get(rec, 'sequence'),
        },
        { today: today(), bicRequired: s.bic_required_countries, parseDate: dateOrNull },
      );
      if (!checked.ok) {
        for (const p of checked.problems) cellProblem(run, rec, map, FIELD_OF[p.column!]!, p.message, p.hint);
        continue;
      }
      if (!partner) continue;
      const m = checked.mandate;
      const dupRef = seenRef.get(m.reference);
      if (dupRef !== undefined) {
        cellProblem(run, rec, map, 'reference', `mandate ${m.reference} is already on line ${dupRef}`);
        continue;
      }
      seenRef.set(m.reference, rec.line);
      const dupPartner = seenPartner.get(partner.id);
      if (dupPartner !== undefined) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          `partner ${partner.code} already has a mandate on line ${dupPartner}; a partner has one active mandate`,
        );
        continue;
      }
      seenPartner.set(partner.id, rec.line);
      const existing = mandateByReference(db, m.reference);
      if (existing) {
        if (existing.partnerId !== partner.id) {
          cellProblem(
            run,
            rec,
            map,
            'reference',
            `mandate ${m.reference} belongs to partner ${existing.partner}, not ${partner.code}`,
          );
          continue;
        }
        const same =
          existing.signedOn === m.signedOn &&
          existing.iban === m.iban &&
          existing.bic === m.bic &&
          existing.accountHolder === m.accountHolder &&
          existing.kind === m.kind &&
          (existing.sequence === m.sequence || existing.lastCollectedOn !== null);
        if (same) {
          run.rows.unchanged++;
          continue;
        }
        if (existing.status === 'revoked') {
          cellProblem(
            run,
            rec,
            map,
            'reference',
            `mandate ${m.reference} (partner ${partner.code}) was revoked on ${existing.revokedOn}; it cannot be changed`,
            'add a new mandate with its own reference',
          );
          continue;
        }
        if (existing.lastCollectedOn !== null) {
          cellProblem(
            run,
            rec,
            map,
            'reference',
            `mandate ${m.reference} (partner ${partner.code}) has been collected under; its account and date cannot change`,
            'a new account needs a new mandate (or an amendment the bank is told of): add one with its own reference',
          );
          continue;
        }
        updateMandate(db, existing.id, m);
        run.rows.changed++;
        continue;
      }
      const active = activeMandateOf(db, partner.id);
      if (active) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          `partner ${partner.code} already has an active mandate (${active.reference})`,
          `revoke it first: lato mandates revoke ${active.reference}`,
        );
        continue;
      }
      insertMandate(db, partner.id, m);
      run.rows.new++;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// issue: the invoice announces the direct debit

export interface DirectDebitPlan {
  problems: Problem[];
  warnings: string[];
  /** the mandate an invoice of this partner is collected under */
  mandates: Map<number, Mandate>;
  settings: DirectDebitSettings;
  creditorId: string;
}

/**
 * Which of these partners' invoices will be collected: those with an active, usable mandate. When
 * any has one, the creditor settings must be complete (the invoice prints the creditor id).
 */
export function planDirectDebits(db: Db, partnerIds: readonly number[], issuedOn: string): DirectDebitPlan {
  const settings = directDebitSettings(db);
  const plan: DirectDebitPlan = { problems: [], warnings: [], mandates: new Map(), settings, creditorId: '' };
  for (const id of partnerIds) {
    const m = activeMandateOf(db, id);
    if (!m) continue;
    const next = nextSequenceType(m);
    if (!next.ok) {
      plan.warnings.push(`partner ${m.partner}: ${next.reason}; its invoice asks for a transfer`);
      continue;
    }
    if (mandateExpired(m, issuedOn, settings.expiry_months)) {
      plan.warnings.push(
        `partner ${m.partner}: mandate ${m.reference} has not been used for ${settings.expiry_months} months and has expired; its invoice asks for a transfer`,
      );
      continue;
    }
    plan.mandates.set(id, m);
  }
  if (plan.mandates.size > 0) {
    try {
      plan.creditorId = requireCreditor(db, settings, 'cannot issue').id;
    } catch (e) {
      if (!(e instanceof LatoError)) throw e;
      const who = [...plan.mandates.values()].map((m) => m.partner).join(', ');
      plan.problems.push(
        ...e.problems.map((p) => ({ ...p, message: `${p.message} (partners with a mandate: ${who})` })),
      );
    }
  }
  return plan;
}

/** Records, with the issued invoice, the direct debit it announces. */
export function announceDirectDebit(
  db: Db,
  plan: DirectDebitPlan,
  inv: { id: number; partnerId: number },
  issuedOn: string,
  dueOn: string,
): string | null {
  const m = plan.mandates.get(inv.partnerId);
  if (!m) return null;
  const collectOn = plannedCollectionDate(issuedOn, dueOn, plan.settings);
  insertInvoiceDirectDebit(db, inv.id, {
    mandateId: m.id,
    mandateReference: m.reference,
    iban: m.iban,
    creditorId: plan.creditorId,
    collectOn,
  });
  return collectOn;
}

// ---------------------------------------------------------------------------------------------
// collect: the pain.008 file

export interface CollectOptions {
  year: string;
  date: string | undefined;
  out?: string;
  format?: string;
  invoices?: string[];
  dryRun?: boolean;
}

export interface CollectItem {
  number: string;
  partner: string;
  mandate: string;
  sequence_type: SequenceType;
  amount_cents: number;
}

export interface CollectSummary {
  year: string;
  collect_on: string;
  dry_run: boolean;
  format: string;
  message_id: string | null;
  file: string | null;
  transactions: number;
  control_sum_cents: number;
  by_sequence_type: Partial<Record<SequenceType, { transactions: number; control_sum_cents: number }>>;
  items: CollectItem[];
  already_collected: string[];
  skipped: { number: string; partner: string; reason: string }[];
}

const SEQUENCE_ORDER: SequenceType[] = ['FRST', 'RCUR', 'OOFF', 'FNAL'];

function compactDate(iso: string): string {
  return iso.replace(/-/g, '');
}

function latestItem(items: readonly CollectionItem[]): CollectionItem | undefined {
  return items[items.length - 1];
}

/**
 * `lato invoices collect --year Y --date D`: the open invoices of the year that announce a direct
 * debit become one pain.008 file; each is recorded so that it is never collected twice. Every
 * problem (settings, date, revoked or expired mandate, an invoice named that is already collected)
 * is reported at once, and nothing is written then.
 */
export async function collectInvoices(db: Db, o: CollectOptions): Promise<CollectSummary> {
  const year = requireYear(o.year);
  if (o.date === undefined) throw new UsageError('--date is required: the collection date, e.g. 2026-12-15');
  const date = requireDate(o.date);
  const format = o.format ?? 'pain.008.001.02';
  const { PAIN008_FORMATS, renderPain008 } = await import('../render/pain008.js');
  if (!(PAIN008_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format ${format} is not one lato writes (${PAIN008_FORMATS.join(', ')})`);
  const s = directDebitSettings(db);
  const creditor = requireCreditor(db, s, 'cannot collect');
  const problems: Problem[] = [];
  const now = today();
  const earliest = earliestCollectionDate(now, s);
  if (date < now)
    problems.push({
      column: '--date',
      message: `the collection date ${date} lies in the past`,
      hint: `the earliest possible date is ${earliest}`,
    });
  else if (date < earliest)
    problems.push({
      column: '--date',
      message: `the collection date ${date} is too soon: the bank needs the file ${s.lead_business_days} business day(s) ahead`,
      hint: `the earliest possible date is ${earliest}`,
    });
  if (!isBusinessDay(date, s.closing_days)) {
    const weekday = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
      weekday: 'long',
      timeZone: 'UTC',
    });
    const next = addBusinessDays(addDays(date, 1), 0, s.closing_days);
    problems.push({
      column: '--date',
      message: `the collection date ${date} (${weekday}) is not a business day of the payment system (TARGET2)`,
      hint: `the next business day is ${next}`,
    });
  }
  const named = new Set((o.invoices ?? []).map((n) => n.trim()));
  const all = findInvoices(db, { year, kind: 'invoice', status: 'issued' });
  const byNumber = new Map(all.map((i) => [i.number!, i]));
  for (const n of named) {
    if (!byNumber.has(n))
      problems.push({ column: '--invoice', message: `there is no issued invoice ${n} of ${year}` });
  }
  const summary: CollectSummary = {
    year,
    collect_on: date,
    dry_run: !!o.dryRun,
    format,
    message_id: null,
    file: null,
    transactions: 0,
    control_sum_cents: 0,
    by_sequence_type: {},
    items: [],
    already_collected: [],
    skipped: [],
  };
  const chosen: { inv: Invoice; mandate: Mandate; type: SequenceType; amount: number }[] = [];
  const typeInRun = new Map<number, SequenceType>();
  const candidates = named.size > 0 ? all.filter((i) => named.has(i.number!)) : all;
  for (const inv of candidates.sort((a, b) => a.number!.localeCompare(b.number!))) {
    const explicit = named.has(inv.number!);
    const who = `invoice ${inv.number} (partner ${inv.partner})`;
    const open = openCents(inv);
    if (inv.creditedBy || open <= 0) {
      if (explicit)
        problems.push({
          message: `${who} is ${inv.creditedBy ? `credited by ${inv.creditedBy.number}` : 'paid'}: there is nothing to collect`,
        });
      continue;
    }
    const dd = inv.directDebit;
    if (!dd) {
      if (explicit)
        problems.push({
          message: `${who} does not announce a direct debit (it was issued without an active mandate): it asks for a transfer`,
        });
      else if (activeMandateOf(db, inv.partnerId))
        summary.skipped.push({
          number: inv.number!,
          partner: inv.partner,
          reason: 'issued before the mandate, so it announces no direct debit; it asks for a transfer',
        });
      continue;
    }
    const last = latestItem(itemsOfInvoice(db, inv.id));
    if (last && last.status !== 'returned') {
      if (explicit)
        problems.push({
          message: `${who} is already collected (${last.messageId}, ${last.collectOn}, ${last.status}); an invoice is never collected twice`,
        });
      else summary.already_collected.push(inv.number!);
      continue;
    }
    if (last && !explicit) {
      summary.skipped.push({
        number: inv.number!,
        partner: inv.partner,
        reason: `its collection of ${last.collectOn} was returned (${last.returnReason}); name it with --invoice ${inv.number} to collect it again`,
      });
      continue;
    }
    const mandate = mandateById(db, dd.mandateId)!;
    const next = typeInRun.has(mandate.id)
      ? ({ ok: true, type: 'RCUR' } as const)
      : nextSequenceType(mandate);
    if (mandate.status === 'revoked') {
      problems.push({
        message: `${who}: mandate ${mandate.reference} was revoked on ${mandate.revokedOn}`,
        hint: 'it cannot be collected: ask for a transfer, or credit it and issue it again',
      });
      continue;
    }
    if (!next.ok) {
      problems.push({ message: `${who}: ${next.reason}` });
      continue;
    }
    if (mandateExpired(mandate, date, s.expiry_months)) {
      problems.push({
        message: `${who}: mandate ${mandate.reference} has not been used for ${s.expiry_months} months and has expired`,
        hint: 'ask the partner to sign a new mandate',
      });
      continue;
    }
    if (date < dd.collectOn) {
      problems.push({
        message: `${who} announces the collection on ${dd.collectOn}; it cannot be collected before`,
        hint: `give --date ${dd.collectOn} or later`,
      });
      continue;
    }
    typeInRun.set(mandate.id, next.type);
    chosen.push({ inv, mandate, type: next.type, amount: open });
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new LatoError(`cannot collect: ${n} problem${n === 1 ? '' : 's'}; nothing was written`, {
      problems,
    });
  }
  if (chosen.length === 0) return summary;

  const messageId = `${s.message_prefix}-${compactDate(date)}-${countCollections(db) + 1}`;
  const out = o.out ?? `${messageId}.xml`;
  checkOutputFile(out, db.name);
  const batches = SEQUENCE_ORDER.flatMap((type) => {
    const of = chosen.filter((c) => c.type === type);
    return of.length ? [{ type, of, pmtInfId: `${messageId}-${type}` }] : [];
  });
  const stamp = new Date();
  const xml = renderPain008({
    messageId,
    createdAt: new Date(stamp.getTime() - stamp.getTimezoneOffset() * 60_000).toISOString().slice(0, 19),
    collectOn: date,
    creditorName: creditor.name,
    creditorIban: creditor.iban,
    creditorBic: creditor.bic,
    creditorId: creditor.id,
    batches: batches.map((b) => ({
      pmtInfId: b.pmtInfId,
      sequenceType: b.type,
      transactions: b.of.map((c) => ({
        endToEndId: c.inv.number!,
        amountCents: c.amount,
        mandateReference: c.mandate.reference,
        signedOn: c.mandate.signedOn,
        debtorName: c.mandate.accountHolder ?? c.inv.buyer?.name ?? c.mandate.partnerName,
        debtorIban: c.mandate.iban,
        debtorBic: c.mandate.bic,
        remittance: `Factuur ${c.inv.number} ${c.inv.schoolYear} ${c.inv.buyer?.name ?? ''}`,
      })),
    })),
  });
  summary.message_id = messageId;
  summary.file = resolve(out);
  for (const b of batches) {
    const cents = b.of.reduce((t, c) => t + c.amount, 0);
    summary.by_sequence_type[b.type] = { transactions: b.of.length, control_sum_cents: cents };
    for (const c of b.of)
      summary.items.push({
        number: c.inv.number!,
        partner: c.inv.partner,
        mandate: c.mandate.reference,
        sequence_type: b.type,
        amount_cents: c.amount,
      });
  }
  summary.transactions = chosen.length;
  summary.control_sum_cents = chosen.reduce((t, c) => t + c.amount, 0);
  if (o.dryRun) {
    summary.file = null;
    return summary;
  }
  writeTransaction(db, () => {
    const id = insertCollection(db, {
      messageId,
      format,
      schoolYear: year,
      collectOn: date,
      creditorId: creditor.id,
      creditorIban: creditor.iban,
      transactions: summary.transactions,
      controlSumCents: summary.control_sum_cents,
      fileName: summary.file,
      sha256: createHash('sha256').update(xml).digest('hex'),
    });
    for (const b of batches) {
      for (const c of b.of) {
        insertCollectionItem(db, {
          collectionId: id,
          pmtInfId: b.pmtInfId,
          invoiceId: c.inv.id,
          mandateId: c.mandate.id,
          sequenceType: b.type,
          amountCents: c.amount,
          endToEndId: c.inv.number!,
        });
        // after a first or one-off collection, the mandate has been used
        setMandateSequence(db, c.mandate.id, 'following');
      }
    }
    audit(db, {
      entity: 'collection',
      entityId: messageId,
      action: 'collect',
      after: {
        year,
        collect_on: date,
        file: summary.file,
        transactions: summary.transactions,
        control_sum_cents: summary.control_sum_cents,
        invoices: summary.items.map((i) => [i.number, i.sequence_type, i.amount_cents]),
      },
    });
    writeAtomic(out, xml);
  });
  return summary;
}

// ---------------------------------------------------------------------------------------------
// a bank statement: collections credited, and returned (storno)

/** The collection of an invoice that the bank may still credit or return, if any. */
export function liveCollection(db: Db, invoiceId: number): CollectionItem | undefined {
  const last = latestItem(itemsOfInvoice(db, invoiceId));
  return last && last.status !== 'returned' ? last : undefined;
}

/** A credit on the statement paid this invoice: its collection, if any, is paid. Whether it was. */
export function collectionPaid(db: Db, invoiceId: number): boolean {
  const item = liveCollection(db, invoiceId);
  if (!item || item.status !== 'collected') return false;
  markItemPaid(db, item.id);
  return true;
}

/**
 * A collection came back (storno): the item is returned with its reason, and the mandate's sequence
 * follows the rules (sequenceAfterReturn: a first collection that did not go through leaves the
 * mandate unused; a refund, MD06, does not). Returns notes for the user, such as a reason that
 * says the mandate itself is no good.
 */
export function collectionReturned(db: Db, item: CollectionItem, reason: string, on: string): string[] {
  const s = directDebitSettings(db);
  markItemReturned(db, item.id, reason, on);
  const mandate = mandateById(db, item.mandateId)!;
  const after = sequenceAfterReturn(item.sequenceType, mandate.sequence, reason);
  // a later collection under the mandate that went through keeps it 'following'
  const usedSince = db
    .prepare(
      "SELECT count(*) FROM collection_items WHERE mandate_id = ? AND id <> ? AND status <> 'returned'",
    )
    .pluck()
    .get(mandate.id, item.id) as number;
  if (usedSince === 0 && mandate.status === 'active') setMandateSequence(db, mandate.id, after);
  audit(db, {
    entity: 'collection',
    entityId: item.messageId,
    action: 'return',
    before: { status: item.status, mandate_sequence: mandate.sequence },
    after: {
      invoice: item.number,
      reason,
      returned_on: on,
      mandate: mandate.reference,
      mandate_sequence: usedSince === 0 && mandate.status === 'active' ? after : mandate.sequence,
    },
  });
  const meaning = s.return_reasons[reason];
  const notes = [
    `${item.number}: collection of ${formatEuro(item.amountCents)} returned (${reason}${meaning ? `: ${meaning}` : ''}); the invoice is open again`,
  ];
  if (s.mandate_reasons.includes(reason))
    notes.push(
      `${item.number}: reason ${reason} says mandate ${mandate.reference} (partner ${mandate.partner}) may be no good: check it, or revoke it with \`lato mandates revoke ${mandate.reference}\``,
    );
  return notes;
}

/** The known return reason codes, to find one in a bank line's text. */
export function returnReasonCodes(db: Db): string[] {
  return Object.keys(directDebitSettings(db).return_reasons);
}

/** What a bank line is to the collections: the credit of a batch, a return, or neither. */
export type CollectionLine =
  | { kind: 'batch'; id: string; items: CollectionItem[] }
  | { kind: 'batch-misfit'; id: string; reason: string }
  | { kind: 'return'; item: CollectionItem; reason: string }
  | null;

/** The facts of a bank line the collections are found by. */
export interface CollectionLineFacts {
  amountCents: number;
  description: string;
  endToEndId?: string | null | undefined;
  batchRefs?: string[] | undefined;
  returnReason?: string | null | undefined;
  reversal?: boolean | undefined;
}

/**
 * Finds collections in a statement's lines. A credit that names a collection batch (CAMT.053
 * NtryDtls/Btch or the payment-information id in the text) pays every collection of that batch
 * still open, when the amounts add up. A debit with a return reason (RtrInf, or a known reason code
 * in the text) or marked as reversal, for the amount of a live collection of the invoice it names
 * (end-to-end id, or the invoice number in the text), is a return.
 */
export function collectionMatcher(db: Db): {
  classify(l: CollectionLineFacts, namedInvoice: (text: string) => number | undefined): CollectionLine;
} {
  const ids = new Set(batchIds(db));
  const codes = new Set(returnReasonCodes(db));
  return {
    classify(l, namedInvoice) {
      if (ids.size === 0) return null;
      if (l.amountCents > 0) {
        const ref =
          (l.batchRefs ?? []).find((r) => ids.has(r)) ??
          (l.description.match(/[A-Za-z0-9-]+/g) ?? []).find((t) => ids.has(t));
        if (!ref) return null;
        // one transaction of a batch, booked on its own: the invoice it names
        if (l.endToEndId) {
          const own = itemsOfBatch(db, ref).find((i) => i.endToEndId === l.endToEndId);
          if (own) {
            if (own.status !== 'collected' || own.amountCents !== l.amountCents)
              return own.status === 'collected'
                ? {
                    kind: 'batch-misfit',
                    id: ref,
                    reason: `collection ${own.endToEndId} of batch ${ref} is ${formatEuro(own.amountCents)}, not ${formatEuro(l.amountCents)}; book it with \`lato payments add\``,
                  }
                : null;
            return { kind: 'batch', id: ref, items: [own] };
          }
        }
        const open = itemsOfBatch(db, ref).filter((i) => i.status === 'collected');
        const sum = open.reduce((t, i) => t + i.amountCents, 0);
        if (open.length === 0) return null;
        if (sum !== l.amountCents)
          return {
            kind: 'batch-misfit',
            id: ref,
            reason: `credit of collection batch ${ref}, but its ${open.length} open collection(s) add up to ${formatEuro(sum)}; book them with \`lato payments add\``,
          };
        return { kind: 'batch', id: ref, items: open };
      }
      if (l.amountCents < 0) {
        const found = (l.description.match(/\b[A-Z]{2}[0-9]{2}\b/g) ?? []).find((c) => codes.has(c));
        const reason = l.returnReason ?? found ?? (l.reversal ? 'MS03' : null);
        if (!reason) return null;
        const invoiceId =
          (l.endToEndId ? namedInvoice(l.endToEndId) : undefined) ?? namedInvoice(l.description);
        if (invoiceId === undefined) return null;
        const item = liveCollection(db, invoiceId);
        if (!item || item.amountCents !== -l.amountCents) return null;
        return { kind: 'return', item, reason };
      }
      return null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// what an invoice says about its direct debit (`invoices show`, `invoices outstanding`)

export interface InvoiceCollectionView {
  message_id: string;
  collect_on: string;
  sequence_type: SequenceType;
  amount_cents: number;
  status: CollectionItem['status'];
  return_reason: string | null;
  /** what the return reason means, when it is a known code */
  return_reason_text: string | null;
  returned_on: string | null;
}

export interface InvoiceDirectDebitView {
  mandate: string;
  iban: string;
  creditor_id: string;
  /** the collection date the invoice announced */
  collect_on: string;
  /** its collections, oldest first */
  collections: InvoiceCollectionView[];
}

/** The direct debit an invoice announced and what became of it, or null when it asks for a transfer. */
export function invoiceDirectDebitView(
  db: Db,
  inv: Pick<Invoice, 'id' | 'directDebit'>,
  reasons: Record<string, string> = directDebitSettings(db).return_reasons,
): InvoiceDirectDebitView | null {
  const dd = inv.directDebit;
  if (!dd) return null;
  return {
    mandate: dd.mandateReference,
    iban: dd.iban,
    creditor_id: dd.creditorId,
    collect_on: dd.collectOn,
    collections: itemsOfInvoice(db, inv.id).map((i) => ({
      message_id: i.messageId,
      collect_on: i.collectOn,
      sequence_type: i.sequenceType,
      amount_cents: i.amountCents,
      status: i.status,
      return_reason: i.returnReason,
      return_reason_text: (i.returnReason && reasons[i.returnReason]) || null,
      returned_on: i.returnedOn,
    })),
  };
}

/** One collection in words: `LATO-DD-20261211-1 on 2026-12-11, FRST € 500,00: returned 2026-12-16, AM04 insufficient funds`. */
export function describeCollection(c: InvoiceCollectionView): string {
  const head = `${c.message_id} on ${c.collect_on}, ${c.sequence_type} ${formatEuro(c.amount_cents)}`;
  if (c.status !== 'returned') return `${head}: ${c.status}`;
  return `${head}: returned ${c.returned_on}, ${c.return_reason}${c.return_reason_text ? ` ${c.return_reason_text}` : ''}`;
}

/**
 * The last collection of each of these invoices when it came back (storno), so that they are open
 * again, with a note for each that says what happened and what to do.
 */
export function returnedCollections(
  db: Db,
  invoices: readonly Pick<Invoice, 'id' | 'number' | 'partner' | 'schoolYear' | 'directDebit'>[],
): { byInvoice: Map<number, InvoiceCollectionView>; notes: string[] } {
  const byInvoice = new Map<number, InvoiceCollectionView>();
  const notes: string[] = [];
  const withDebit = invoices.filter((i) => i.directDebit);
  if (withDebit.length === 0) return { byInvoice, notes };
  const reasons = directDebitSettings(db).return_reasons;
  for (const inv of withDebit) {
    const last = invoiceDirectDebitView(db, inv, reasons)?.collections.at(-1);
    if (!last || last.status !== 'returned') continue;
    byInvoice.set(inv.id, last);
    notes.push(
      `${inv.number} (${inv.partner}): collection of ${last.collect_on} returned ${last.returned_on}, ${last.return_reason}${last.return_reason_text ? ` ${last.return_reason_text}` : ''}; collect it again with \`lato invoices collect --year ${inv.schoolYear} --date DATE --invoice ${inv.number}\`, or ask for a transfer`,
    );
  }
  return { byInvoice, notes };
}
