// Reading and changing the invoice settings: stored values over the defaults of
// data/reference.json (so that a database created before a setting existed still works), and
// `lato settings set KEY.PATH VALUE` with the checks that keep bad values out.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_JSON_DEPTH, jsonDepth } from '../domain/json-depth.js';
import { LatoError, type Problem } from '../domain/errors.js';
import {
  INVOICE_SETTING_KEYS,
  checkIssuer,
  checkSeries,
  checkVat,
  issuerField,
  normaliseIban,
  type InvoiceSettings,
  type Issuer,
  type NumberSeries,
  type VatSettings,
} from '../domain/invoice-settings.js';
import {
  closingDayProblems,
  creditorIdProblem,
  normaliseCreditorId,
  type DirectDebitSettings,
} from '../domain/direct-debit.js';
import type { Db } from '../db/connection.js';
import { getSetting, setSetting } from '../db/settings.js';
import { seriesStarted } from '../db/invoices.js';
import { DATA_DIR } from '../io/paths.js';
import { writeTransaction } from '../db/transaction.js';
import { normaliseText, textProblem } from '../domain/text.js';

let defaults: Record<string, unknown> | undefined;

/** The settings of data/reference.json, without `$comment` keys. */
export function referenceSettings(): Record<string, unknown> {
  if (!defaults) {
    const ref = JSON.parse(readFileSync(join(DATA_DIR, 'reference.json'), 'utf8')) as {
      settings: Record<string, unknown>;
    };
    defaults = Object.fromEntries(Object.entries(ref.settings).filter(([k]) => !k.startsWith('$')));
  }
  return defaults;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, anything else replaces. */
export function merge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

export function settingValue<T>(db: Db, key: string): T {
  return merge(referenceSettings()[key], getSetting(db, key)) as T;
}

export function loadInvoiceSettings(db: Db): InvoiceSettings {
  return {
    issuer: getSetting<Issuer>(db, 'issuer'),
    invoicing: settingValue(db, 'invoicing'),
    invoiceSeries: settingValue(db, 'invoice_series'),
    creditSeries: settingValue(db, 'credit_note_series'),
    vat: settingValue(db, 'vat'),
    texts: settingValue(db, 'invoice_texts'),
  };
}

/** Every setting: stored values over the defaults, by key. */
export function allSettings(db: Db): Record<string, unknown> {
  const rows = db.prepare('SELECT key FROM settings ORDER BY key').all() as { key: string }[];
  const keys = new Set([...Object.keys(referenceSettings()), ...rows.map((r) => r.key)]);
  return Object.fromEntries([...keys].sort().map((k) => [k, settingValue(db, k)]));
}

/** Reads a value as typed on the command line: JSON where it parses as such, else text (digits
 * with a leading zero, like an OIN or a phone number, are text). */
export function parseSettingValue(raw: string): unknown {
  const s = raw.trim();
  if (/^(true|false|null)$/.test(s) || /^-?(0|[1-9]\d*)$/.test(s) || /^[[{"]/.test(s)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      throw new LatoError(`"${raw}" looks like JSON but does not parse`, {
        exitCode: 2,
        hint: 'quote text for the shell, e.g. \'"0123"\' for text that looks like a number',
      });
    }
    if (jsonDepth(parsed) > MAX_JSON_DEPTH)
      throw new LatoError(`the value is nested more than ${MAX_JSON_DEPTH} levels deep`, {
        hint: 'settings are a few levels deep; check the value',
      });
    return parsed;
  }
  return raw;
}

/** Problems with one setting's whole value (empty when it may be stored). */
export function checkSetting(key: string, value: unknown, changedPath?: string, db?: Db): Problem[] {
  switch (key) {
    case 'issuer': {
      if (!isObject(value)) return [{ column: key, message: 'the issuer must be an object' }];
      // while it is being filled in field by field, only the field just set must be right
      const problems = checkIssuer(value as Partial<Issuer>);
      return changedPath ? problems.filter((p) => p.column === `issuer.${changedPath}`) : problems;
    }
    case 'invoice_series':
    case 'credit_note_series':
      return [
        ...checkSeries(value as NumberSeries, key),
        ...(db ? startedSeriesProblems(db, key, value as NumberSeries) : []),
      ];
    case 'vat':
      return checkVat(value as VatSettings);
    case 'invoicing': {
      const v = value as { payment_term_days?: unknown; ubl_customization?: unknown };
      const problems: Problem[] = [];
      if (!Number.isInteger(v.payment_term_days) || (v.payment_term_days as number) < 0) {
        problems.push({ column: 'invoicing.payment_term_days', message: 'must be a whole number of days' });
      }
      if (!['nlcius', 'peppol'].includes(String(v.ubl_customization))) {
        problems.push({ column: 'invoicing.ubl_customization', message: 'must be nlcius or peppol' });
      }
      return problems;
    }
    case 'direct_debit': {
      if (!isObject(value)) return [{ column: key, message: 'direct_debit must be an object' }];
      const v = value as unknown as DirectDebitSettings;
      const problems: Problem[] = [];
      if (typeof v.creditor_id === 'string' && v.creditor_id.trim() !== '') {
        const p = creditorIdProblem(v.creditor_id);
        if (p) problems.push({ column: 'direct_debit.creditor_id', message: p });
      }
      for (const m of closingDayProblems(Array.isArray(v.closing_days) ? v.closing_days : []))
        problems.push({ column: 'direct_debit.closing_days', message: m });
      for (const k of ['lead_business_days', 'prenotification_days', 'expiry_months'] as const)
        if (!Number.isInteger(v[k]) || v[k] < 0)
          problems.push({ column: `direct_debit.${k}`, message: 'must be a whole number' });
      return problems;
    }
    case 'backups.keep':
      return Number.isInteger(value) && (value as number) >= 0
        ? []
        : [{ column: key, message: 'must be a whole number of backups (0 turns automatic backups off)' }];
    default:
      return [];
  }
}

/** Every text in a setting's value normalised (NFC, trimmed, whitespace collapsed). */
export function normaliseSettingTexts(value: unknown): unknown {
  if (typeof value === 'string') return normaliseText(value);
  if (Array.isArray(value)) return value.map(normaliseSettingTexts);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseSettingTexts(v)]));
  return value;
}

/** Texts in a setting that could not be printed on a document (or are too long), by path. */
export function settingTextProblems(path: string, value: unknown): Problem[] {
  if (typeof value === 'string') {
    const p = textProblem(value, 'setting');
    return p ? [{ column: path, message: p }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => settingTextProblems(`${path}[${i}]`, v));
  if (isObject(value))
    return Object.entries(value).flatMap(([k, v]) => settingTextProblems(`${path}.${k}`, v));
  return [];
}

/**
 * A series that has given numbers keeps its yearly reset and its start number: a changed reset
 * starts a counter again (and gives numbers already given), a changed start number does nothing.
 */
function startedSeriesProblems(db: Db, key: string, next: NumberSeries): Problem[] {
  const kind = key === 'invoice_series' ? 'invoice' : 'credit_note';
  if (!seriesStarted(db, kind)) return [];
  const now = settingValue<NumberSeries>(db, key);
  const problems: Problem[] = [];
  if (next.yearly_reset !== now.yearly_reset) {
    problems.push({
      column: `${key}.yearly_reset`,
      message: `the series has given numbers with yearly_reset ${String(now.yearly_reset)}; changing it would start a counter again and repeat numbers`,
      hint: 'keep it; to number differently, start a new series with another prefix',
    });
  }
  if (next.start_number !== now.start_number) {
    problems.push({
      column: `${key}.start_number`,
      message: `the series has given numbers already (it started at ${now.start_number}); a start number applies only to a new series`,
    });
  }
  return problems;
}

/**
 * Splits `issuer.iban` into the setting (`issuer`) and the path inside it (`iban`). Setting names
 * may hold dots themselves (`fees.join_leave_policy`): the longest known name wins. Unknown
 * settings are refused, so that a typo does not create one.
 */
export function resolveSettingPath(db: Db, path: string): { key: string; rest: string[] } {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw new LatoError(`"${path}" is not a setting name`, { exitCode: 2 });
  const stored = (db.prepare('SELECT key FROM settings').all() as { key: string }[]).map((r) => r.key);
  const known = new Set<string>([...Object.keys(referenceSettings()), ...INVOICE_SETTING_KEYS, ...stored]);
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (known.has(key)) return { key, rest: parts.slice(n) };
  }
  throw new LatoError(`there is no setting "${path}"`, {
    hint: `\`lato settings list\` shows them; the keys are ${[...known].sort().join(', ')}`,
  });
}

/** `lato settings set issuer.iban NL91…`: sets a key or a path inside it, checked; audited. */
export function setSettingPath(
  db: Db,
  path: string,
  raw: unknown,
  /** the value as typed, before it was read as JSON (so that an OIN keeps its leading zeros) */
  typed?: string,
): { key: string; before: unknown; after: unknown } {
  const { key, rest } = resolveSettingPath(db, path);
  const before = getSetting(db, key);
  let value: unknown = normaliseSettingTexts(raw);
  if (key === 'issuer' && rest.length === 1) {
    const r = issuerField(rest[0]!, typeof raw === 'number' && typed !== undefined ? typed : raw);
    if (r && !r.ok)
      throw new LatoError(`${path} not set`, { problems: [{ column: path, message: r.error }] });
    if (r) value = r.value;
  }
  if (key === 'direct_debit' && rest[0] === 'creditor_id' && typeof raw === 'string')
    value = normaliseCreditorId(raw);
  if (key === 'direct_debit' && rest[0] === 'iban' && typeof raw === 'string' && raw !== '')
    value = normaliseIban(raw);
  let after: unknown;
  if (rest.length === 0) after = value;
  else {
    const root: Record<string, unknown> = isObject(before) ? structuredClone(before) : {};
    let node = root;
    for (const p of rest.slice(0, -1)) {
      if (!isObject(node[p])) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    node[rest[rest.length - 1]!] = value;
    after = root;
  }
  const effective = merge(referenceSettings()[key], after);
  const problems = [
    ...settingTextProblems(path, value),
    ...checkSetting(key, effective, key === 'issuer' && rest.length === 1 ? rest[0] : undefined, db),
  ];
  if (problems.length > 0) {
    throw new LatoError(`${path} not set`, { problems });
  }
  writeTransaction(db, () => setSetting(db, key, after));
  return { key, before, after };
}
