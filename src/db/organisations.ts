// Partners as the admission rules see them (Organisation), found by reference, and the one write
// the extended-membership procedure makes to the registry: a granted applicant becomes a partner.

import type { Membership, Organisation, OrganisationKind } from '../domain/eligibility.js';
import { ORGANISATION_KINDS } from '../domain/eligibility.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';

interface PartnerRow {
  id: number;
  code: string;
  name: string;
  sector: string;
  kind: string;
  municipality: string | null;
  postal_code: string | null;
  kvk: string | null;
  membership: Membership;
  joined_on: string | null;
  left_on: string | null;
  board_code: string | null;
  board_name: string | null;
  board_municipality: string | null;
}

const SELECT = `SELECT p.id, p.code, p.name, p.sector, p.kind, p.municipality, p.postal_code, p.kvk,
    p.membership, p.joined_on, p.left_on,
    b.code AS board_code, b.name AS board_name, b.municipality AS board_municipality
  FROM partners p LEFT JOIN partners b ON b.id = p.parent_id`;

export interface PartnerOrganisation {
  partnerId: number;
  org: Organisation;
}

function toKind(k: string): OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(k) ? (k as OrganisationKind) : 'other';
}

function toOrganisation(r: PartnerRow, sectorWithoutPupils: string): PartnerOrganisation {
  return {
    partnerId: r.id,
    org: {
      ref: r.code,
      name: r.name,
      kind: toKind(r.kind),
      sector: r.sector,
      municipality: r.municipality,
      postalCode: r.postal_code,
      // the registry knows pupils by sector: partners without pupils are in their own sector
      hasPupils: r.sector !== sectorWithoutPupils,
      membership: r.membership,
      joinedOn: r.joined_on,
      leftOn: r.left_on,
      board: r.board_code
        ? { ref: r.board_code, name: r.board_name ?? r.board_code, municipality: r.board_municipality }
        : null,
    },
  };
}

export function allPartnerOrganisations(db: Db, sectorWithoutPupils: string): PartnerOrganisation[] {
  return (db.prepare(`${SELECT} ORDER BY p.code`).all() as PartnerRow[]).map((r) =>
    toOrganisation(r, sectorWithoutPupils),
  );
}

/** A partner by code (case-insensitive), else KvK number, else exact name (case-insensitive). */
export function findPartnerOrganisation(
  db: Db,
  ref: string,
  sectorWithoutPupils: string,
): PartnerOrganisation | undefined {
  const s = ref.trim();
  const row =
    (db.prepare(`${SELECT} WHERE lower(p.code) = lower(?)`).get(s) as PartnerRow | undefined) ??
    (db.prepare(`${SELECT} WHERE p.kvk = ?`).get(s) as PartnerRow | undefined) ??
    (db.prepare(`${SELECT} WHERE lower(p.name) = lower(?)`).get(s) as PartnerRow | undefined);
  return row ? toOrganisation(row, sectorWithoutPupils) : undefined;
}

/** A partner's id by code, KvK number or name. */
export function findPartnerId(db: Db, ref: string): number | undefined {
  return findPartnerOrganisation(db, ref, '')?.partnerId;
}

/** Partners that are the same organisation as an applicant: same name or same KvK number. */
export function partnersMatching(db: Db, name: string, kvk: string | null): { code: string; name: string }[] {
  return db
    .prepare('SELECT code, name FROM partners WHERE lower(name) = lower(?) OR (kvk IS NOT NULL AND kvk = ?)')
    .all(name.trim(), kvk) as { code: string; name: string }[];
}

export function partnerCodeTaken(db: Db, code: string): boolean {
  return db.prepare('SELECT 1 FROM partners WHERE lower(code) = lower(?)').get(code) !== undefined;
}

export interface NewPartner {
  code: string;
  name: string;
  sector: string;
  kind: OrganisationKind;
  municipality: string | null;
  kvk: string | null;
  membership: Membership;
  joinedOn: string;
  notes: string;
}

export function insertPartner(db: Db, p: NewPartner): number {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO partners (code, name, sector, kind, municipality, kvk, membership, joined_on, notes,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      p.code,
      p.name,
      p.sector,
      p.kind,
      p.municipality,
      p.kvk,
      p.membership,
      p.joinedOn,
      p.notes,
      now,
      now,
    );
  const id = Number(info.lastInsertRowid);
  audit(db, { entity: 'partner', entityId: p.code, action: 'create', after: { id, ...p } });
  return id;
}

export function knownSectors(db: Db): string[] {
  return (db.prepare('SELECT code FROM sectors ORDER BY position, code').all() as { code: string }[]).map(
    (r) => r.code,
  );
}
