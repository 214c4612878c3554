-- The covenant's rules and promises (issue 16, points 2-8).

-- A partner's change of membership (basis -> uitgebreid) through the application procedure of
-- rule 2, from a date: partners.membership holds the latest, this table what held before when.
CREATE TABLE membership_changes (
  id              INTEGER PRIMARY KEY,
  partner_id      INTEGER NOT NULL REFERENCES partners(id),
  from_membership TEXT NOT NULL CHECK (from_membership IN ('covenant', 'basis', 'extended', 'funder', 'none')),
  to_membership   TEXT NOT NULL CHECK (to_membership IN ('covenant', 'basis', 'extended', 'funder', 'none')),
  effective_from  TEXT NOT NULL CHECK (date(effective_from) = effective_from),
  application_id  INTEGER REFERENCES applications(id),
  note            TEXT,
  recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX membership_changes_partner ON membership_changes(partner_id, effective_from);

-- Provenance: a batch marked illustrative holds invented data (the example's counts and
-- realisation); every output that uses it says so where it is used.
ALTER TABLE imports ADD COLUMN illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1));
ALTER TABLE imports ADD COLUMN illustrative_note TEXT;
