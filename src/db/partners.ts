// The partner registry in the store: partners and the DUO locations linked to them.

import { normaliseText } from '../domain/text.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';
import type { Membership, Partner, PartnerFields } from '../domain/partner.js';
import { LatoError } from '../domain/errors.js';
import { prepared } from './statements.js';

interface PartnerRow {
  id: number;
  code: string;
  name: string;
  sector: string;
  kind: string;
  municipality: string | null;
  kvk: string | null;
  oin: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  contact_name: string | null;
  contact_email: string | null;
  invoice_email: string | null;
  invoice_street: string | null;
  invoice_postal_code: string | null;
  invoice_city: string | null;
  buyer_reference: string | null;
  membership: Membership;
  parent_id: number | null;
  parent_code: string | null;
  joined_on: string | null;
  left_on: string | null;
  notes: string | null;
  locations: string | null;
}

const SELECT = `
  SELECT p.*, parent.code AS parent_code,
    (SELECT group_concat(vestigingscode, ',') FROM (SELECT vestigingscode FROM locations l
       WHERE l.partner_id = p.id ORDER BY vestigingscode)) AS locations
  FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id`;

function toPartner(r: PartnerRow): Partner {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    sector: r.sector,
    kind: r.kind,
    municipality: r.municipality,
    kvk: r.kvk,
    oin: r.oin,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    invoiceEmail: r.invoice_email,
    invoiceStreet: r.invoice_street,
    invoicePostalCode: r.invoice_postal_code,
    invoiceCity: r.invoice_city,
    buyerReference: r.buyer_reference,
    membership: r.membership,
    parentId: r.parent_id,
    parentCode: r.parent_code,
    joinedOn: r.joined_on,
    leftOn: r.left_on,
    notes: r.notes,
    locations: r.locations ? r.locations.split(',') : [],
  };
}

/** The sector codes the database knows, in their order. */
export function sectorCodes(db: Db): string[] {
  return db.prepare('SELECT code FROM sectors ORDER BY position, code').pluck().all() as string[];
}

export function listPartners(db: Db, filter: { sector?: string } = {}): Partner[] {
  const rows = filter.sector
    ? db.prepare(`${SELECT} WHERE p.sector = ? ORDER BY p.sector, p.name`).all(filter.sector.toUpperCase())
    : db.prepare(`${SELECT} ORDER BY p.name`).all();
  return (rows as PartnerRow[]).map(toPartner);
}

export function findPartner(
  db: Db,
  by: { code?: string; kvk?: string; name?: string; id?: number },
): Partner | undefined {
  // each lookup by an index (partners_code_nocase, partners_name_nocase: migration 017), each
  // statement prepared once per connection: an import looks up every row
  let row: PartnerRow | undefined;
  // matched as stored: NFC, trimmed, whitespace collapsed (domain/text.ts)
  if (by.code) by = { ...by, code: normaliseText(by.code) };
  if (by.kvk) by = { ...by, kvk: normaliseText(by.kvk) };
  if (by.name) by = { ...by, name: normaliseText(by.name) };
  if (by.id !== undefined)
    row = prepared(db, `${SELECT} WHERE p.id = ?`).get(by.id) as PartnerRow | undefined;
  else if (by.code)
    row = prepared(db, `${SELECT} WHERE p.code = ? COLLATE NOCASE`).get(by.code) as PartnerRow | undefined;
  else if (by.kvk)
    row = prepared(db, `${SELECT} WHERE p.kvk = ? AND p.parent_id IS NULL`).get(by.kvk) as
      PartnerRow | undefined;
  else if (by.name)
    row = prepared(db, `${SELECT} WHERE p.name = ? COLLATE NOCASE`).get(by.name) as PartnerRow | undefined;
  return row ? toPartner(row) : undefined;
}

/** A partner by code, KvK number or exact name; a clear error when there is none. */
export function requirePartner(db: Db, ref: string): Partner {
  const p = findPartner(db, { code: ref }) ?? findPartner(db, { kvk: ref }) ?? findPartner(db, { name: ref });
  if (!p) {
    throw new LatoError(`no partner "${ref}"`, {
      hint: 'give a partner code, KvK number or name; `lato partners list` shows them',
    });
  }
  return p;
}

function columns(f: PartnerFields, parentId: number | null) {
  return {
    code: f.code,
    name: f.name,
    sector: f.sector,
    kind: f.kind,
    municipality: f.municipality,
    kvk: f.kvk,
    oin: f.oin,
    street: f.street,
    postal_code: f.postalCode,
    city: f.city,
    contact_name: f.contactName,
    contact_email: f.contactEmail,
    invoice_email: f.invoiceEmail,
    invoice_street: f.invoiceStreet,
    invoice_postal_code: f.invoicePostalCode,
    invoice_city: f.invoiceCity,
    buyer_reference: f.buyerReference,
    membership: f.membership,
    parent_id: parentId,
    joined_on: f.joinedOn,
    left_on: f.leftOn,
    notes: f.notes,
  };
}

export function insertPartner(
  db: Db,
  f: PartnerFields,
  parentId: number | null,
  importId: number | null = null,
): number {
  const now = new Date().toISOString();
  const cols = { ...columns(f, parentId), import_id: importId, created_at: now, updated_at: now };
  const names = Object.keys(cols);
  const info = prepared(
    db,
    `INSERT INTO partners (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`,
  ).run(cols);
  const id = Number(info.lastInsertRowid);
  if (f.locations) setPartnerLocations(db, id, f.locations);
  audit(db, { entity: 'partner', entityId: f.code, action: 'create', after: f });
  return id;
}

export function updatePartner(db: Db, before: Partner, f: PartnerFields, parentId: number | null): void {
  // only the columns that change (the others would update their indexes and check their keys for
  // nothing)
  const now = columns(f, parentId) as Record<string, unknown>;
  const was = columns(partnerFieldsOf(before), before.parentId) as Record<string, unknown>;
  const cols: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(now)) if ((v ?? null) !== (was[k] ?? null)) cols[k] = v;
  cols.updated_at = new Date().toISOString();
  const names = Object.keys(cols);
  prepared(db, `UPDATE partners SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({
    ...cols,
    id: before.id,
  });
  if (f.locations) setPartnerLocations(db, before.id, f.locations);
  audit(db, {
    entity: 'partner',
    entityId: f.code,
    action: 'update',
    before: partnerFieldsOf(before),
    after: f,
  });
}

/** Links exactly these DUO locations to the partner (creating location rows as needed). */
export function setPartnerLocations(db: Db, partnerId: number, codes: string[]): void {
  prepared(db, 'UPDATE locations SET partner_id = NULL WHERE partner_id = ?').run(partnerId);
  const upsert = prepared(
    db,
    `INSERT INTO locations (instellingscode, vestigingscode, partner_id) VALUES (?, ?, ?)
     ON CONFLICT (vestigingscode) DO UPDATE SET partner_id = excluded.partner_id`,
  );
  for (const c of codes) upsert.run(c.slice(0, 4), c, partnerId);
}

/** The comparable content of a partner, to tell changed from unchanged. */
export function partnerFieldsOf(p: Partner): PartnerFields {
  const { id: _id, parentId: _parentId, locations, ...rest } = p;
  return { ...rest, locations };
}

/**
 * The chain of parents above a partner, nearest first (the partner itself not included); stops
 * where the chain loops back, so it ends.
 */
export function parentChain(db: Db, id: number): { id: number; code: string }[] {
  const step = prepared(
    db,
    'SELECT p.id, p.code FROM partners c JOIN partners p ON p.id = c.parent_id WHERE c.id = ?',
  );
  const chain: { id: number; code: string }[] = [];
  const seen = new Set<number>([id]);
  let cur = step.get(id) as { id: number; code: string } | undefined;
  while (cur && !seen.has(cur.id)) {
    chain.push(cur);
    seen.add(cur.id);
    cur = step.get(cur.id) as { id: number; code: string } | undefined;
  }
  if (cur) chain.push(cur);
  return chain;
}

/** Every loop in the parent relation, each as the partner codes around it (smallest code first). */
export function findParentLoops(db: Db): string[][] {
  const rows = db.prepare('SELECT id, code, parent_id FROM partners').all() as {
    id: number;
    code: string;
    parent_id: number | null;
  }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const loops = new Map<string, string[]>();
  const clear = new Set<number>();
  for (const r of rows) {
    const path: number[] = [];
    const onPath = new Map<number, number>();
    let cur: number | null = r.id;
    while (cur !== null && !clear.has(cur) && !onPath.has(cur)) {
      onPath.set(cur, path.length);
      path.push(cur);
      cur = byId.get(cur)?.parent_id ?? null;
    }
    if (cur !== null && onPath.has(cur)) {
      const codes = path.slice(onPath.get(cur)).map((id) => byId.get(id)!.code);
      const first = codes.indexOf([...codes].sort()[0]!);
      const loop = [...codes.slice(first), ...codes.slice(0, first)];
      loops.set(loop.join('>'), loop);
    }
    for (const id of path) clear.add(id);
  }
  return [...loops.values()].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** Who holds each of these DUO locations now, and the latest count of each (null: never counted). */
export function locationHolders(
  db: Db,
  codes: readonly string[],
): {
  location: string;
  partnerId: number;
  partner: string;
  name: string;
  quantity: number | null;
  masked: string | null;
  unit: string | null;
  year: string | null;
}[] {
  const one = db.prepare(
    `SELECT l.vestigingscode AS location, p.id AS partnerId, p.code AS partner, p.name,
            c.quantity, c.masked, c.unit, c.school_year AS year
       FROM locations l JOIN partners p ON p.id = l.partner_id
       LEFT JOIN counts c ON c.id = (SELECT id FROM counts WHERE location_id = l.id
                                      ORDER BY school_year DESC LIMIT 1)
      WHERE l.vestigingscode = ?`,
  );
  return codes.flatMap((c) => {
    const r = one.get(c) as ReturnType<typeof locationHolders>[number] | undefined;
    return r ? [r] : [];
  });
}
