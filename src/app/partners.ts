// Adding, editing and ending partners from the command line (flags, or prompts in a terminal).
// The same reading and checks as the partner import (domain/partner-input.ts).

import type { Db } from '../db/connection.js';
import { LatoError, type Problem } from '../domain/errors.js';
import { samePartnerFields, type Partner } from '../domain/partner.js';
import { readPartner, type PartnerField } from '../domain/partner-input.js';
import { parseDate } from '../domain/dates.js';
import {
  findPartner,
  insertPartner,
  locationHolders,
  parentChain,
  partnerFieldsOf,
  requirePartner,
  updatePartner,
} from '../db/partners.js';
import { formatInteger } from '../domain/money.js';
import { knownValues } from '../db/reference.js';
import { audit } from '../db/audit.js';
import { writeTransaction } from '../db/transaction.js';

// read as they are stored, for the commands that list them
export { listPartners, requirePartner, sectorCodes } from '../db/partners.js';

/** What `partners add` and `edit` are given, flag by flag (commander's option names). */
export interface PartnerFlagOptions {
  code?: string;
  name?: string;
  sector?: string;
  kind?: string;
  municipality?: string;
  kvk?: string;
  oin?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  contact?: string;
  email?: string;
  invoiceEmail?: string;
  buyerReference?: string;
  membership?: string;
  parent?: string;
  joined?: string;
  notes?: string;
  addLocation?: string[];
  removeLocation?: string[];
  /** take an added location away from the partner that holds it */
  move?: boolean;
}

const FLAG_OF: Partial<Record<PartnerField, keyof PartnerFlagOptions>> = {
  code: 'code',
  name: 'name',
  sector: 'sector',
  kind: 'kind',
  municipality: 'municipality',
  kvk: 'kvk',
  oin: 'oin',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
  contactName: 'contact',
  contactEmail: 'email',
  invoiceEmail: 'invoiceEmail',
  buyerReference: 'buyerReference',
  membership: 'membership',
  parent: 'parent',
  joinedOn: 'joined',
  notes: 'notes',
};

function flagProblems(problems: { field: PartnerField; message: string; hint?: string }[]): Problem[] {
  return problems.map((p) => ({
    column: `--${String(FLAG_OF[p.field] ?? p.field).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
}

async function promptMissing(db: Db, opts: PartnerFlagOptions): Promise<PartnerFlagOptions> {
  const { input, select } = await import('@inquirer/prompts');
  const known = knownValues(db);
  const filled = { ...opts };
  filled.name ??= await input({ message: 'Name of the organisation', required: true });
  filled.code ??= (await input({ message: 'Partner code (empty: made from the name)' })) || undefined;
  filled.sector ??= await select({
    message: 'Sector',
    choices: [...known.sectors].map((s) => ({ value: s })),
  });
  filled.membership ??= await select({
    message: 'Membership',
    choices: [
      { value: 'convenant', name: 'convenant partner (pays by sector)' },
      { value: 'basis', name: 'basis membership (without pupils)' },
      { value: 'uitgebreid', name: 'extended membership (without pupils)' },
      { value: 'financier', name: 'funder / in-kind partner (no fee)' },
      { value: 'geen', name: 'not a member yet' },
    ],
  });
  filled.municipality ??= (await input({ message: 'Municipality (gemeente)' })) || undefined;
  filled.joined ??= (await input({ message: 'Member since (YYYY-MM-DD, empty: unknown)' })) || undefined;
  return filled;
}

/** A DUO location taken from the partner that held it (`--add-location … --move`). */
export type MovedLocation = ReturnType<typeof locationHolders>[number];

export function pupilsText(h: MovedLocation): string {
  if (h.year === null) return 'no count';
  const what = h.unit === 'places' ? 'childcare places' : 'pupils';
  return `${h.quantity === null ? (h.masked ?? '?') : formatInteger(h.quantity)} ${what} in ${h.year}`;
}

/** "30GD00 moved from SGL (Stedelijk Gymnasium Leiden; 790 pupils in 2018-2019) to BPLUSC". */
export function movedText(h: MovedLocation, to: string): string {
  return `location ${h.location} moved from ${h.partner} (${h.name}) to ${to}: ${h.partner} no longer counts its ${pupilsText(h)}`;
}

/**
 * The locations being linked to a partner that another partner holds: refused unless `move`
 * (the message names who loses each and the pupils of its latest count); with `move`, the list.
 */
function locationsTaken(
  db: Db,
  who: { id: number | null; code: string },
  codes: readonly string[],
  move: boolean | undefined,
): MovedLocation[] {
  const taken = locationHolders(db, codes).filter((h) => h.partnerId !== who.id);
  if (taken.length === 0 || move) return taken;
  throw new LatoError(
    `${taken.length === 1 ? 'a location belongs' : `${taken.length} locations belong`} to another partner; ${who.code} was not changed`,
    {
      problems: taken.map((h) => ({
        column: '--add-location',
        message: `${h.location} belongs to ${h.partner} (${h.name}), with ${pupilsText(h)}: linking it to ${who.code} takes it away from ${h.partner}`,
      })),
      hint: `if ${who.code} should count it from now on, add --move`,
    },
  );
}

/** A parent that is the partner itself or sits under it would make a loop: refused, naming the chain. */
function refuseLoop(
  db: Db,
  partner: { id: number; code: string },
  parent: { id: number; code: string },
): void {
  if (parent.id === partner.id) throw new LatoError(`${partner.code} cannot be its own parent`);
  const chain = parentChain(db, parent.id);
  const at = chain.findIndex((c) => c.id === partner.id);
  if (at < 0) return;
  const path = [parent.code, ...chain.slice(0, at + 1).map((c) => c.code)].join(' → ');
  throw new LatoError(
    `${parent.code} cannot be the parent of ${partner.code}: ${parent.code} belongs to ${partner.code} (${path}), so the boards would form a loop and both would drop out of the fees`,
    { hint: `first give ${parent.code} another parent (or none: --parent "")` },
  );
}

export async function addPartner(
  db: Db,
  given: PartnerFlagOptions,
  interactive: boolean,
): Promise<{ partner: Partner; moved: MovedLocation[] }> {
  const opts =
    interactive && (!given.name || !given.sector || !given.membership)
      ? await promptMissing(db, given)
      : given;
  const get = (f: PartnerField): string => {
    if (f === 'locations') return (opts.addLocation ?? []).join(',');
    const flag = FLAG_OF[f];
    return flag ? String(opts[flag] ?? '').trim() : '';
  };
  const { input, problems } = readPartner(get, knownValues(db));
  if (!input) throw new LatoError('the partner was not added', { problems: flagProblems(problems) });
  const f = input.fields;
  return writeTransaction(db, () => {
    const clash = findPartner(db, { code: f.code }) ?? (f.kvk ? findPartner(db, { kvk: f.kvk }) : undefined);
    if (clash) {
      throw new LatoError(
        `partner ${clash.code} (${clash.name}) already exists with this ${clash.code === f.code ? 'code' : 'KvK number'}`,
        {
          hint: `change it with lato partners edit ${clash.code}`,
        },
      );
    }
    const parent = input.parentRef ? requirePartner(db, input.parentRef) : null;
    const moved = locationsTaken(db, { id: null, code: f.code }, f.locations ?? [], opts.move);
    const id = insertPartner(db, { ...f, parentCode: parent?.code ?? null }, parent?.id ?? null);
    auditMoves(db, moved, f.code);
    return { partner: findPartner(db, { id })!, moved };
  });
}

export function editPartner(
  db: Db,
  ref: string,
  opts: PartnerFlagOptions,
): { partner: Partner; changed: boolean; moved: MovedLocation[] } {
  return writeTransaction(db, () => {
    const before = requirePartner(db, ref);
    const current = partnerFieldsOf(before);
    const text: Record<string, string> = {};
    for (const [k, v] of Object.entries(current))
      text[k] = Array.isArray(v) ? v.join(',') : v === null ? '' : String(v);
    text.parent = before.parentCode ?? '';
    for (const [field, flag] of Object.entries(FLAG_OF)) {
      const v = opts[flag as keyof PartnerFlagOptions];
      if (v !== undefined) text[field] = String(v).trim();
    }
    const remove = new Set((opts.removeLocation ?? []).map((c) => c.toUpperCase()));
    for (const c of remove) {
      if (!before.locations.includes(c)) throw new LatoError(`location ${c} is not linked to ${before.code}`);
    }
    const locations = [
      ...before.locations.filter((c) => !remove.has(c)),
      ...(opts.addLocation ?? []).map((c) => c.toUpperCase()),
    ];
    text.locations = [...new Set(locations)].join(',');
    const { input, problems } = readPartner((f) => text[f] ?? '', knownValues(db));
    if (!input)
      throw new LatoError(`partner ${before.code} was not changed`, { problems: flagProblems(problems) });
    const f = input.fields;
    if (f.code !== before.code && findPartner(db, { code: f.code }))
      throw new LatoError(`partner code ${f.code} is already taken`);
    const parent = input.parentRef ? requirePartner(db, input.parentRef) : null;
    if (parent) refuseLoop(db, before, parent);
    const added = (f.locations ?? []).filter((c) => !before.locations.includes(c));
    const moved = locationsTaken(db, before, added, opts.move);
    const after = { ...f, parentCode: parent?.code ?? null, locations: f.locations ?? [] };
    const changed = !samePartnerFields(after, current);
    if (changed) updatePartner(db, before, after, parent?.id ?? null);
    auditMoves(db, moved, before.code);
    return { partner: findPartner(db, { id: before.id })!, changed, moved };
  });
}

/** The partners that lost a location get their own line in the audit log. */
function auditMoves(db: Db, moved: readonly MovedLocation[], to: string): void {
  for (const m of moved)
    audit(db, {
      entity: 'partner',
      entityId: m.partner,
      action: 'move-location',
      before: { location: m.location, partner: m.partner },
      after: { location: m.location, partner: to },
    });
}

export function leavePartner(db: Db, ref: string, rawDate: string): Partner {
  const d = parseDate(rawDate);
  if (!d.ok) throw new LatoError(`--date: ${d.error}`);
  return writeTransaction(db, () => {
    const p = requirePartner(db, ref);
    if (p.joinedOn && d.date < p.joinedOn) {
      throw new LatoError(`${p.code} joined on ${p.joinedOn}; it cannot leave before that (${d.date})`);
    }
    if (p.leftOn)
      throw new LatoError(`${p.code} already left on ${p.leftOn}`, {
        hint: `to change the date: lato partners edit ${p.code}`,
      });
    db.prepare('UPDATE partners SET left_on = ?, updated_at = ? WHERE id = ?').run(
      d.date,
      new Date().toISOString(),
      p.id,
    );
    audit(db, {
      entity: 'partner',
      entityId: p.code,
      action: 'leave',
      before: { left_on: null },
      after: { left_on: d.date },
    });
    return findPartner(db, { id: p.id })!;
  });
}
