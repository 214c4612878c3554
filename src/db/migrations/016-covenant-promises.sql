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

-- What was done of the plan's and the covenant's promises: meetings held (regiegroep three times a
-- year, projectgroep five, network meetings at least twice), the yearly talk with each partner,
-- and the six-monthly monitoring. The promises themselves are data (setting `promises`).
CREATE TABLE activities (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('meeting', 'talk', 'monitoring')),
  held_on    TEXT NOT NULL CHECK (date(held_on) = held_on),
  -- the body that met (regiegroep, projectgroep, netwerk, …): meetings and monitoring
  body       TEXT,
  partner_id INTEGER REFERENCES partners(id),
  who        TEXT,
  note       TEXT,
  import_id  INTEGER REFERENCES imports(id),
  CHECK (kind <> 'talk' OR partner_id IS NOT NULL),
  CHECK (kind <> 'meeting' OR body IS NOT NULL)
) STRICT;
CREATE INDEX activities_held_on ON activities(held_on);

-- The plan's projects (Uitwerking hoofdthema's, 1a-3d): theme, status, lead (trekker), partners,
-- as the plan writes them (partners may be organisations that are no LATO partner).
CREATE TABLE projects (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name      TEXT NOT NULL CHECK (length(name) > 0),
  theme     TEXT,
  status    TEXT,
  lead      TEXT,
  partners  TEXT,
  import_id INTEGER REFERENCES imports(id)
) STRICT;
