// Partners (convenantpartners): who they are, and reading a partner from what people type.

import { emailAddress, kvkNumber, postalCode } from './fields.js';

export type Membership = 'covenant' | 'basis' | 'extended' | 'funder' | 'none';

export interface Partner {
  id: number;
  code: string;
  name: string;
  sector: string;
  kind: string;
  municipality: string | null;
  kvk: string | null;
  oin: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  contactName: string | null;
  contactEmail: string | null;
  invoiceEmail: string | null;
  invoiceStreet: string | null;
  invoicePostalCode: string | null;
  invoiceCity: string | null;
  buyerReference: string | null;
  membership: Membership;
  parentId: number | null;
  parentCode: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  notes: string | null;
  /** DUO location codes (vestigingscodes) linked to this partner */
  locations: string[];
}

/** The editable fields of a partner, as an import row or `partners add/edit` gives them. */
export type PartnerFields = Omit<Partner, 'id' | 'parentId' | 'locations'> & { locations: string[] | null };

export const MEMBERSHIPS: Record<Membership, string> = {
  covenant: 'covenant partner paying by sector (per pupil, per place, or fixed)',
  basis: 'basis membership (partner without pupils)',
  extended: 'extended membership (uitgebreid; partner without pupils)',
  funder: 'funder or in-kind partner: pays no subscription fee',
  none: 'not a member (yet)',
};

const MEMBERSHIP_ALIASES: Record<string, Membership> = {
  covenant: 'covenant',
  convenant: 'covenant',
  convenantpartner: 'covenant',
  partner: 'covenant',
  sector: 'covenant',
  basis: 'basis',
  basic: 'basis',
  basislidmaatschap: 'basis',
  extended: 'extended',
  uitgebreid: 'extended',
  uitgebreidlidmaatschap: 'extended',
  funder: 'funder',
  financier: 'funder',
  financer: 'funder',
  innatura: 'funder',
  inkind: 'funder',
  none: 'none',
  geen: 'none',
  kandidaat: 'none',
  candidate: 'none',
};

export function parseMembership(raw: string): Membership | undefined {
  return MEMBERSHIP_ALIASES[raw.toLowerCase().replace(/[\s_-]+/g, '')];
}

export const KINDS = [
  'school_board',
  'school',
  'childcare',
  'college',
  'university',
  'institute',
  'museum',
  'company',
  'foundation',
  'municipality',
  'swv',
  'other',
] as const;
export type Kind = (typeof KINDS)[number];

const KIND_ALIASES: Record<string, Kind> = {
  schoolbestuur: 'school_board',
  bestuur: 'school_board',
  schoolboard: 'school_board',
  board: 'school_board',
  school: 'school',
  kinderopvang: 'childcare',
  childcare: 'childcare',
  peuterspeelzaal: 'childcare',
  hogeschool: 'college',
  college: 'college',
  universiteit: 'university',
  university: 'university',
  instituut: 'institute',
  institute: 'institute',
  museum: 'museum',
  bedrijf: 'company',
  company: 'company',
  stichting: 'foundation',
  foundation: 'foundation',
  gemeente: 'municipality',
  municipality: 'municipality',
  samenwerkingsverband: 'swv',
  swv: 'swv',
  overig: 'other',
  other: 'other',
};

export function parseKind(raw: string): Kind | undefined {
  return KIND_ALIASES[raw.toLowerCase().replace(/[\s_-]+/g, '')];
}

/** KvK numbers have 8 digits; people write them with spaces or dots (the validator: fields.ts). */
export function normaliseKvk(raw: string): string | undefined {
  const r = kvkNumber(raw);
  return r.ok ? r.value : undefined;
}

/** Dutch postal code `2311 EJ` (the validator: fields.ts). */
export function normalisePostalCode(raw: string): string | undefined {
  const r = postalCode(raw);
  return r.ok ? r.value : undefined;
}

export function isEmail(raw: string): boolean {
  return emailAddress(raw).ok;
}

/** A code from a name, for partners imported without one: `Museum Boerhaave` → `MUSEUM-BOERHAAVE`. */
export function codeFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

/** Do two partner records hold the same values (locations compared as sets)? */
export function samePartnerFields(a: PartnerFields, b: PartnerFields): boolean {
  // field by field, as their JSON would compare (undefined as null), without building it: an
  // import compares every row
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (!keys.includes('locations')) keys.push('locations');
  const other = new Set(Object.keys(y));
  other.add('locations');
  if (other.size !== keys.length) return false;
  for (const k of keys) {
    if (!other.has(k)) return false;
    if (k === 'locations') {
      const l = a.locations ?? [];
      const m = b.locations ?? [];
      if (l.length !== m.length) return false;
      const ls = [...l].sort();
      const ms = [...m].sort();
      if (ls.some((v, i) => v !== ms[i])) return false;
      continue;
    }
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (JSON.stringify(u ?? null) !== JSON.stringify(v ?? null)) return false;
  }
  return true;
}

/** Is the partner a member on some day of the period [start, end] (ISO dates)? */
export function isMemberDuring(
  p: Pick<Partner, 'joinedOn' | 'leftOn' | 'membership'>,
  start: string,
  end: string,
): boolean {
  if (p.membership === 'none') return false;
  return (p.joinedOn === null || p.joinedOn <= end) && (p.leftOn === null || p.leftOn >= start);
}

/** Closest known name, for "did you mean" hints (Levenshtein distance ≤ 3). */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  const a = name.toLowerCase();
  for (const k of known) {
    const d = distance(a, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** A change of membership from a date (basis → uitgebreid through an application). */
export interface MembershipChange {
  from: Membership;
  to: Membership;
  effectiveFrom: string;
  applicationId: number | null;
}

/**
 * The membership on a date: the latest change in force on it, else what held before the first
 * change; `current` (the registry's) when there are no changes.
 */
export function membershipOn(
  current: Membership,
  changes: readonly MembershipChange[],
  date: string,
): Membership {
  if (changes.length === 0) return current;
  const sorted = [...changes].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  let m = sorted[0]!.from;
  for (const c of sorted) if (c.effectiveFrom <= date) m = c.to;
  return m;
}
