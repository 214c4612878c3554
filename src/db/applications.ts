// Extended-membership applications (aanvragen uitgebreid lidmaatschap): the nomination, profile,
// references, the project group's votes and the outcome. Every change is audited.

import type {
  ApplicationRecord,
  ApplicationReference,
  ApplicationStatus,
  RecordedVote,
  VoteChoice,
} from '../domain/applications.js';

export type { ApplicationRecord, ApplicationReference, RecordedVote };
import type { Kind } from '../domain/partner.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';

interface Row {
  id: number;
  organisation: string;
  partner_id: number | null;
  partner_code: string | null;
  municipality: string | null;
  sector: string | null;
  kind: string | null;
  kvk: string | null;
  nominated_by: string;
  nominated_on: string;
  profile: string | null;
  doubt: number;
  doubt_note: string | null;
  status: ApplicationStatus;
  decided_by: 'projectgroep' | 'regiegroep' | null;
  decided_on: string | null;
  decision_note: string | null;
  referred_on: string | null;
  effective_from: string | null;
  created_at: string;
}

const SELECT = `SELECT a.*, p.code AS partner_code FROM applications a LEFT JOIN partners p ON p.id = a.partner_id`;

function toRecord(db: Db, r: Row): ApplicationRecord {
  return {
    id: r.id,
    organisation: r.organisation,
    partnerId: r.partner_id,
    partner: r.partner_code,
    municipality: r.municipality,
    sector: r.sector,
    kind: r.kind as Kind | null,
    kvk: r.kvk,
    nominatedBy: r.nominated_by,
    nominatedOn: r.nominated_on,
    profile: r.profile,
    doubt: r.doubt === 1,
    doubtNote: r.doubt_note,
    status: r.status,
    decidedBy: r.decided_by,
    decidedOn: r.decided_on,
    decisionNote: r.decision_note,
    referredOn: r.referred_on,
    effectiveFrom: r.effective_from,
    createdAt: r.created_at,
    references: db
      .prepare(
        'SELECT id, name, organisation, contact FROM application_references WHERE application_id = ? ORDER BY id',
      )
      .all(r.id) as ApplicationReference[],
    votes: (
      db
        .prepare(
          `SELECT v.member_id, m.name, v.vote, v.cast_on FROM application_votes v
           JOIN project_group_members m ON m.id = v.member_id WHERE v.application_id = ? ORDER BY v.rowid`,
        )
        .all(r.id) as { member_id: number; name: string; vote: VoteChoice; cast_on: string }[]
    ).map((v) => ({ memberId: v.member_id, member: v.name, vote: v.vote, castOn: v.cast_on })),
  };
}

export function getApplication(db: Db, id: number): ApplicationRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
  return row ? toRecord(db, row) : undefined;
}

export function listApplications(db: Db, status?: ApplicationStatus): ApplicationRecord[] {
  const rows = (
    status
      ? db.prepare(`${SELECT} WHERE a.status = ? ORDER BY a.id`).all(status)
      : db.prepare(`${SELECT} ORDER BY a.id`).all()
  ) as Row[];
  return rows.map((r) => toRecord(db, r));
}

/** The latest application of a partner (the one that made it an extended member). */
export function applicationOfPartner(db: Db, partnerId: number): ApplicationRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE a.partner_id = ? ORDER BY a.id DESC LIMIT 1`).get(partnerId) as
    Row | undefined;
  return row ? toRecord(db, row) : undefined;
}

/** Open applications (not yet decided) of an organisation by name or KvK. */
export function openApplicationsOf(
  db: Db,
  organisation: string,
  kvk: string | null,
  partnerId?: number,
): number[] {
  return (
    db
      .prepare(
        `SELECT id FROM applications WHERE status IN ('open', 'regiegroep')
         AND (lower(organisation) = lower(?) OR (kvk IS NOT NULL AND kvk = ?)
              OR (partner_id IS NOT NULL AND partner_id = ?))`,
      )
      .all(organisation.trim(), kvk, partnerId ?? null) as { id: number }[]
  ).map((r) => r.id);
}

export interface NewApplication {
  /** an existing partner applying for a change of membership; null for a new organisation */
  partnerId?: number | null;
  organisation: string;
  municipality: string;
  sector: string;
  kind: Kind;
  kvk: string | null;
  nominatedBy: string;
  nominatedOn: string;
  profile: string | null;
  doubtNote: string | null;
}

export function insertApplication(db: Db, a: NewApplication): number {
  const info = db
    .prepare(
      `INSERT INTO applications (partner_id, organisation, municipality, sector, kind, kvk, nominated_by,
         nominated_on, profile, doubt, doubt_note, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    )
    .run(
      a.partnerId ?? null,
      a.organisation,
      a.municipality,
      a.sector,
      a.kind,
      a.kvk,
      a.nominatedBy,
      a.nominatedOn,
      a.profile,
      a.doubtNote ? 1 : 0,
      a.doubtNote,
      new Date().toISOString(),
    );
  const id = Number(info.lastInsertRowid);
  audit(db, { entity: 'application', entityId: id, action: 'create', after: a });
  return id;
}

export function insertReference(db: Db, applicationId: number, r: Omit<ApplicationReference, 'id'>): void {
  db.prepare(
    'INSERT INTO application_references (application_id, name, organisation, contact) VALUES (?, ?, ?, ?)',
  ).run(applicationId, r.name, r.organisation, r.contact);
  audit(db, { entity: 'application_reference', entityId: applicationId, action: 'create', after: r });
}

export function insertVote(
  db: Db,
  applicationId: number,
  memberId: number,
  vote: VoteChoice,
  castOn: string,
): void {
  db.prepare(
    'INSERT INTO application_votes (application_id, member_id, vote, cast_on) VALUES (?, ?, ?, ?)',
  ).run(applicationId, memberId, vote, castOn);
  audit(db, {
    entity: 'application_vote',
    entityId: `${applicationId}/${memberId}`,
    action: 'create',
    after: { application: applicationId, member: memberId, vote, cast_on: castOn },
  });
}

/** The application's fields that change after the nomination. */
export interface ApplicationChange {
  profile?: string | null;
  doubt?: boolean;
  doubtNote?: string | null;
  status?: ApplicationStatus;
  decidedBy?: 'projectgroep' | 'regiegroep' | null;
  decidedOn?: string | null;
  decisionNote?: string | null;
  referredOn?: string | null;
  effectiveFrom?: string | null;
  partnerId?: number | null;
}

const COLUMNS: Record<keyof ApplicationChange, string> = {
  profile: 'profile',
  doubt: 'doubt',
  doubtNote: 'doubt_note',
  status: 'status',
  decidedBy: 'decided_by',
  decidedOn: 'decided_on',
  decisionNote: 'decision_note',
  referredOn: 'referred_on',
  effectiveFrom: 'effective_from',
  partnerId: 'partner_id',
};

export function updateApplication(db: Db, before: ApplicationRecord, change: ApplicationChange): void {
  const keys = (Object.keys(change) as (keyof ApplicationChange)[]).filter((k) => change[k] !== undefined);
  if (keys.length === 0) return;
  const values = keys.map((k) => (k === 'doubt' ? (change[k] ? 1 : 0) : change[k]));
  db.prepare(`UPDATE applications SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`).run(
    ...values,
    before.id,
  );
  const old = Object.fromEntries(keys.map((k) => [k, (before as unknown as Record<string, unknown>)[k]]));
  audit(db, {
    entity: 'application',
    entityId: before.id,
    action: change.status && change.status !== before.status ? change.status : 'update',
    before: old,
    after: Object.fromEntries(keys.map((k) => [k, change[k]])),
  });
}
