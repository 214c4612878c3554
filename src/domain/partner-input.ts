// Reading a partner from text values (an import row, or the flags of `partners add/edit`):
// every problem of the record is returned at once, each naming its field.

import { parseDate } from './dates.js';
import {
  closest,
  codeFromName,
  isEmail,
  KINDS,
  normaliseKvk,
  normalisePostalCode,
  parseKind,
  parseMembership,
  type PartnerFields,
} from './partner.js';

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

/** `get(field)` returns the trimmed text, '' when empty or absent. */
export function readPartner(
  get: (f: PartnerField) => string,
  known: KnownValues,
): { input?: PartnerInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: PartnerField, message: string, hint?: string) =>
    problems.push({ field, message, ...(hint ? { hint } : {}) });
  const opt = (f: PartnerField) => get(f) || null;
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
  let kvk: string | null = null;
  if (get('kvk')) {
    kvk = normaliseKvk(get('kvk')) ?? null;
    if (!kvk) bad('kvk', `"${get('kvk')}" is not a KvK number`, 'a KvK number has 8 digits');
  }
  const postal = (f: PartnerField) => {
    if (!get(f)) return null;
    const pc = normalisePostalCode(get(f));
    if (!pc) bad(f, `"${get(f)}" is not a Dutch postal code`, 'write it like 2311 EJ');
    return pc ?? null;
  };
  const email = (f: PartnerField) => {
    if (get(f) && !isEmail(get(f))) bad(f, `"${get(f)}" is not an e-mail address`);
    return opt(f);
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
        oin: opt('oin'),
        street: opt('street'),
        postalCode: postal('postalCode'),
        city: opt('city'),
        contactName: opt('contactName'),
        contactEmail: email('contactEmail'),
        invoiceEmail: email('invoiceEmail'),
        invoiceStreet: opt('invoiceStreet'),
        invoicePostalCode: postal('invoicePostalCode'),
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
