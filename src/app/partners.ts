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
  partnerFieldsOf,
  requirePartner,
  updatePartner,
} from '../db/partners.js';
import { knownValues } from '../db/reference.js';
import { audit } from '../db/audit.js';
import type { PartnerFlagOptions } from '../cli/commands/partners.js';
import { writeTransaction } from '../db/transaction.js';

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

export async function addPartner(db: Db, given: PartnerFlagOptions, interactive: boolean): Promise<Partner> {
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
    const id = insertPartner(db, { ...f, parentCode: parent?.code ?? null }, parent?.id ?? null);
    return findPartner(db, { id })!;
  });
}

export function editPartner(
  db: Db,
  ref: string,
  opts: PartnerFlagOptions,
): { partner: Partner; changed: boolean } {
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
    if (parent?.id === before.id) throw new LatoError(`${before.code} cannot be its own parent`);
    const after = { ...f, parentCode: parent?.code ?? null, locations: f.locations ?? [] };
    const changed = !samePartnerFields(after, current);
    if (changed) updatePartner(db, before, after, parent?.id ?? null);
    return { partner: findPartner(db, { id: before.id })!, changed };
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
