// Reading a partner from text values (an import row, or the flags of `partners add/edit`):
// every problem of the record is returned at once, each naming its field.

import { parseDate } from './dates.js';
import {
  emailAddress,
  kvkNumber,
  oinNumber,
  postalCode,
  text as textField,
  type FieldResult,
} from './fields.js';
import { closest, codeFromName, KINDS, parseKind, parseMembership, type PartnerFields } from './partner.js';
import { normaliseText, type TextKind } from './text.js';

export type PartnerField =
  | 'code'
  | 'name'
  | 'sector'
  | 'kind'
  | 'municipality'
  | 'kvk'
  | 'oin'
  | 'street'
  | 'postalCode'
  | 'city'
  | 'contactName'
  | 'contactEmail'
  | 'invoiceEmail'
  | 'invoiceStreet'
  | 'invoicePostalCode'
  | 'invoiceCity'
  | 'buyerReference'
  | 'membership'
  | 'parent'
  | 'joinedOn'
  | 'leftOn'
  | 'notes'
  | 'locations';

export interface FieldProblem {
  field: PartnerField;
  message: string;
  hint?: string;
}

export interface PartnerInput {
  fields: Omit<PartnerFields, 'parentCode'>;
  /** the parent board as written (code or name), resolved by the caller */
  parentRef: string | null;
}

export interface KnownValues {
  sectors: ReadonlySet<string>;
  municipalities: ReadonlySet<string>;
}

/** Free-text fields: the kind of limit each has, and how messages name it. */
const TEXT_FIELDS: Partial<Record<PartnerField, { kind: TextKind; what: string }>> = {
  name: { kind: 'name', what: 'the name' },
  street: { kind: 'line', what: 'the street' },
  city: { kind: 'line', what: 'the city' },
  contactName: { kind: 'line', what: 'the contact person' },
  invoiceStreet: { kind: 'line', what: 'the invoice street' },
  invoiceCity: { kind: 'line', what: 'the invoice city' },
  buyerReference: { kind: 'line', what: 'the buyer reference' },
  parent: { kind: 'name', what: 'the parent board' },
  municipality: { kind: 'line', what: 'the municipality' },
  notes: { kind: 'long', what: 'the notes' },
};

/**
 * `get(field)` returns the text as given ('' when empty or absent); it is normalised here (NFC,
 * trimmed, whitespace collapsed) and checked field by field, every problem at once.
 */
export function readPartner(
  getRaw: (f: PartnerField) => string,
  known: KnownValues,
): { input?: PartnerInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: PartnerField, message: string, hint?: string) =>
    problems.push({ field, message, ...(hint ? { hint } : {}) });
  const get = (f: PartnerField) => normaliseText(getRaw(f), { multiline: f === 'notes' });
  for (const [f, t] of Object.entries(TEXT_FIELDS) as [PartnerField, { kind: TextKind; what: string }][]) {
    const v = get(f);
    if (!v) continue;
    const r = textField(v, t.kind, t.what, { multiline: f === 'notes' });
    if (!r.ok) bad(f, r.error);
  }
  const opt = (f: PartnerField) => get(f) || null;
  /** a field with a validator: the stored form, or null (a problem reported) */
  const checked = (f: PartnerField, check: (raw: string) => FieldResult, hint?: string) => {
    if (!get(f)) return null;
    const r = check(get(f));
    if (!r.ok) bad(f, r.error, hint);
    return r.ok ? r.value : null;
  };
  const sectorList = [...known.sectors].join(', ');

  const name = get('name');
  if (!name) bad('name', 'the name is empty');
  const sector = get('sector').toUpperCase();
  if (!sector) bad('sector', 'the sector is empty', `use one of ${sectorList}`);
  else if (!known.sectors.has(sector))
    bad('sector', `unknown sector "${get('sector')}"`, `use one of ${sectorList}`);
  const membership = parseMembership(get('membership'));
  if (!membership) {
    bad(
      'membership',
      get('membership') ? `unknown membership "${get('membership')}"` : 'the membership is empty',
      'use convenant, basis, uitgebreid, financier or geen',
    );
  }
  let kind = 'other';
  if (get('kind')) {
    const k = parseKind(get('kind'));
    if (!k) bad('kind', `unknown kind "${get('kind')}"`, `use one of ${KINDS.join(', ')}`);
    else kind = k;
  }
  let municipality: string | null = null;
  if (get('municipality')) {
    const m = get('municipality');
    municipality = [...known.municipalities].find((x) => x.toLowerCase() === m.toLowerCase()) ?? null;
    if (!municipality) {
      const guess = closest(m, known.municipalities);
      bad(
        'municipality',
        `unknown municipality "${m}"`,
        guess ? `did you mean "${guess}"?` : 'write it as CBS does, like Kaag en Braassem',
      );
    }
  }
  const kvk = checked('kvk', kvkNumber, 'like 12345678');
  const oin = checked('oin', oinNumber, 'like 00000001234567890000');
  const postal = {
    postalCode: checked('postalCode', postalCode),
    invoicePostalCode: checked('invoicePostalCode', postalCode),
  };
  const email = {
    contactEmail: checked('contactEmail', emailAddress),
    invoiceEmail: checked('invoiceEmail', emailAddress),
  };
  const date = (f: PartnerField) => {
    if (!get(f)) return null;
    const d = parseDate(get(f));
    if (!d.ok) bad(f, d.error);
    return d.ok ? d.date : null;
  };
  const joinedOn = date('joinedOn');
  const leftOn = date('leftOn');
  if (joinedOn && leftOn && leftOn < joinedOn)
    bad('leftOn', `leaves (${leftOn}) before joining (${joinedOn})`);
  const locations = parseLocationList(get('locations'), (c) =>
    bad(
      'locations',
      `"${c}" is not a DUO vestigingscode`,
      'a vestigingscode is the 4-character instellingscode plus 2 digits, like 20DP00',
    ),
  );
  const code = (get('code') || codeFromName(name)).toUpperCase();
  if (get('code') && !/^[A-Z0-9][A-Z0-9._-]*$/.test(code)) {
    bad('code', `"${get('code')}" is not a usable partner code`, 'use letters, digits, dots, dashes');
  }
  if (problems.length || !membership) return { problems };
  return {
    problems,
    input: {
      parentRef: opt('parent'),
      fields: {
        code,
        name,
        sector,
        kind,
        municipality,
        kvk,
        oin,
        street: opt('street'),
        postalCode: postal.postalCode,
        city: opt('city'),
        contactName: opt('contactName'),
        contactEmail: email.contactEmail,
        invoiceEmail: email.invoiceEmail,
        invoiceStreet: opt('invoiceStreet'),
        invoicePostalCode: postal.invoicePostalCode,
        invoiceCity: opt('invoiceCity'),
        buyerReference: opt('buyerReference'),
        membership,
        joinedOn,
        leftOn,
        notes: opt('notes'),
        locations,
      },
    },
  };
}

/** `02VD00, 02VD04` → codes; each bad code reported through `onBad`. */
export function parseLocationList(raw: string, onBad: (code: string) => void): string[] {
  const codes = raw
    .split(/[\s,;|]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  for (const c of codes) if (!/^[0-9A-Z]{4}\d{2}$/.test(c)) onBad(c);
  return codes;
}
