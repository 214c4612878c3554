// Partners of the registry (db/partners.ts) as the admission rules see them: an Organisation with
// its board, found by code, KvK number or name.

import type { Organisation } from '../domain/eligibility.js';
import type { Partner } from '../domain/partner.js';
import type { Db } from './connection.js';
import { findPartner, listPartners } from './partners.js';
import { listCovenantParties } from './covenant.js';

export interface PartnerOrganisation {
  partnerId: number;
  org: Organisation;
}

function toOrganisation(
  p: Partner,
  board: Partner | undefined,
  sectorWithoutPupils: string,
  parties: ReadonlyMap<number, string>,
): PartnerOrganisation {
  return {
    partnerId: p.id,
    org: {
      ref: p.code,
      name: p.name,
      kind: p.kind as Organisation['kind'],
      sector: p.sector,
      municipality: p.municipality,
      postalCode: p.postalCode,
      // the registry knows pupils by sector: partners without pupils have their own sector
      hasPupils: p.sector !== sectorWithoutPupils,
      membership: p.membership,
      joinedOn: p.joinedOn,
      leftOn: p.leftOn,
      board: board
        ? {
            ref: board.code,
            name: board.name,
            municipality: board.municipality,
            covenantParty: parties.get(board.id) ?? null,
          }
        : null,
      covenantParty: parties.get(p.id) ?? null,
    },
  };
}

export function allPartnerOrganisations(db: Db, sectorWithoutPupils: string): PartnerOrganisation[] {
  const all = listPartners(db);
  const byId = new Map(all.map((p) => [p.id, p]));
  const parties = partyMap(db);
  return all.map((p) =>
    toOrganisation(p, p.parentId === null ? undefined : byId.get(p.parentId), sectorWithoutPupils, parties),
  );
}

/** A partner by code, else KvK number, else exact name (case-insensitive); undefined when none. */
export function findPartnerByRef(db: Db, ref: string): Partner | undefined {
  const s = ref.trim();
  return findPartner(db, { code: s }) ?? findPartner(db, { kvk: s }) ?? findPartner(db, { name: s });
}

export function findPartnerOrganisation(
  db: Db,
  ref: string,
  sectorWithoutPupils: string,
): PartnerOrganisation | undefined {
  const p = findPartnerByRef(db, ref);
  if (!p) return undefined;
  const board = p.parentId === null ? undefined : findPartner(db, { id: p.parentId });
  return toOrganisation(p, board, sectorWithoutPupils, partyMap(db));
}

/** partner id → the party as the covenant writes it */
function partyMap(db: Db): Map<number, string> {
  return new Map(listCovenantParties(db).map((c) => [c.partnerId, c.party]));
}
