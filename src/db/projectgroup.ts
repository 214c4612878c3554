// The project group (projectgroep): the members who vote on extended memberships. A member who
// leaves is marked inactive, so that the votes they cast stay attributable.

import type { Db } from './connection.js';
import { audit } from './audit.js';
import type { ProjectGroupMember } from '../domain/applications.js';

export type { ProjectGroupMember };

interface Row {
  id: number;
  name: string;
  role: string | null;
  partner_id: number | null;
  code: string | null;
  active: number;
}

const SELECT = `SELECT m.id, m.name, m.role, m.partner_id, p.code, m.active
  FROM project_group_members m LEFT JOIN partners p ON p.id = m.partner_id`;

function toMember(r: Row): ProjectGroupMember {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    partner: r.code,
    partnerId: r.partner_id,
    active: r.active === 1,
  };
}

export function listMembers(db: Db, opts: { includeInactive?: boolean } = {}): ProjectGroupMember[] {
  const where = opts.includeInactive ? '' : 'WHERE m.active = 1';
  return (db.prepare(`${SELECT} ${where} ORDER BY m.id`).all() as Row[]).map(toMember);
}

/** A member by name (case-insensitive) or by number (`3` or `#3`). */
export function findMember(db: Db, ref: string): ProjectGroupMember | undefined {
  const s = ref.trim();
  const id = /^#?(\d+)$/.exec(s);
  if (!id) return findMemberByName(db, s);
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(Number(id[1])) as Row | undefined;
  return row ? toMember(row) : undefined;
}

/** The member of this name (case-insensitive); a name of digits is a name here, not an id. */
export function findMemberByName(db: Db, name: string): ProjectGroupMember | undefined {
  const row = db.prepare(`${SELECT} WHERE lower(m.name) = lower(?)`).get(name.trim()) as Row | undefined;
  return row ? toMember(row) : undefined;
}

/** Adds a member, or reactivates a former one of the same name with the new role and partner. */
export function addMember(
  db: Db,
  m: { name: string; role: string | null; partnerId: number | null },
): ProjectGroupMember {
  const before = findMemberByName(db, m.name);
  if (before) {
    db.prepare('UPDATE project_group_members SET role = ?, partner_id = ?, active = 1 WHERE id = ?').run(
      m.role,
      m.partnerId,
      before.id,
    );
  } else {
    db.prepare('INSERT INTO project_group_members (name, role, partner_id, active) VALUES (?, ?, ?, 1)').run(
      m.name,
      m.role,
      m.partnerId,
    );
  }
  const after = findMemberByName(db, m.name)!;
  audit(db, {
    entity: 'project_group_member',
    entityId: after.id,
    action: before ? 'update' : 'create',
    before,
    after,
  });
  return after;
}

export function deactivateMember(db: Db, member: ProjectGroupMember): void {
  db.prepare('UPDATE project_group_members SET active = 0 WHERE id = ?').run(member.id);
  audit(db, {
    entity: 'project_group_member',
    entityId: member.id,
    action: 'deactivate',
    before: member,
    after: { ...member, active: false },
  });
}

/** How a member is paid: `time` by the employer (in kind) or `money` by LATO. */
export function memberCompensation(db: Db, id: number): 'time' | 'money' {
  return (
    db.prepare('SELECT compensation FROM project_group_members WHERE id = ?').get(id) as {
      compensation: 'time' | 'money';
    }
  ).compensation;
}

export function setMemberCompensation(db: Db, id: number, compensation: 'time' | 'money'): void {
  const before = memberCompensation(db, id);
  if (before === compensation) return;
  db.prepare('UPDATE project_group_members SET compensation = ? WHERE id = ?').run(compensation, id);
  audit(db, {
    entity: 'project_group_member',
    entityId: id,
    action: 'update',
    before: { compensation: before },
    after: { compensation },
  });
}

/**
 * `lato in-kind compensation NAME`: sets how the member of that name is paid; the name as stored,
 * or null when there is no such member.
 */
export function setCompensationByName(db: Db, name: string, how: 'time' | 'money'): string | null {
  const row = db
    .prepare('SELECT id, name FROM project_group_members WHERE name = ? COLLATE NOCASE')
    .get(name) as { id: number; name: string } | undefined;
  if (!row) return null;
  setMemberCompensation(db, row.id, how);
  return row.name;
}
