-- lato's store, version 1: the whole contract of ../shared/cli.md.
-- Money is integer cents; NULL amount with pm = 1 means PM (pro memorie). Dates are ISO text.
-- School years are text `2018-2019`. Every table is STRICT so SQLite cannot coerce types.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- Sectors (werkvelden) and their counting unit; data, seeded from data/reference.json.
CREATE TABLE sectors (
  code    TEXT PRIMARY KEY CHECK (code = upper(code) AND length(code) BETWEEN 1 AND 16),
  name    TEXT NOT NULL,
  unit    TEXT CHECK (unit IN ('pupils', 'places')),
  position INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Municipalities and the areas they belong to (LATO's own area for rule 1, the areas of the
-- samenwerkingsverbanden PPO Leiden and SWV VO 2801 for rules 4 and 5): data, editable.
CREATE TABLE municipalities (
  name TEXT PRIMARY KEY,
  cbs_code TEXT
) STRICT;

CREATE TABLE areas (
  area         TEXT NOT NULL,
  municipality TEXT NOT NULL REFERENCES municipalities(name) ON UPDATE CASCADE,
  PRIMARY KEY (area, municipality)
) STRICT;

CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  batch         TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  sha256        TEXT NOT NULL,
  school_year   TEXT,
  imported_at   TEXT NOT NULL,
  os_user       TEXT,
  rows_total    INTEGER NOT NULL DEFAULT 0,
  rows_new      INTEGER NOT NULL DEFAULT 0,
  rows_changed  INTEGER NOT NULL DEFAULT 0,
  rows_unchanged INTEGER NOT NULL DEFAULT 0,
  rows_skipped  INTEGER NOT NULL DEFAULT 0,
  details       TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;

CREATE TABLE partners (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name           TEXT NOT NULL CHECK (length(name) > 0),
  sector         TEXT NOT NULL REFERENCES sectors(code),
  -- what kind of organisation: school_board, school, childcare, college, university, museum,
  -- company, foundation, municipality, swv, other
  kind           TEXT NOT NULL DEFAULT 'other',
  municipality   TEXT REFERENCES municipalities(name) ON UPDATE CASCADE,
  kvk            TEXT CHECK (kvk IS NULL OR kvk GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  oin            TEXT,
  street         TEXT,
  postal_code    TEXT,
  city           TEXT,
  contact_name   TEXT,
  contact_email  TEXT,
  invoice_email  TEXT,
  invoice_street TEXT,
  invoice_postal_code TEXT,
  invoice_city   TEXT,
  buyer_reference TEXT,
  -- covenant: a partner paying by sector (per pupil, per place, or fixed); basis / extended:
  -- partners without pupils; funder: pays no fee (municipality, samenwerkingsverbanden); none.
  membership     TEXT NOT NULL CHECK (membership IN ('covenant', 'basis', 'extended', 'funder', 'none')),
  parent_id      INTEGER REFERENCES partners(id),
  joined_on      TEXT CHECK (joined_on IS NULL OR date(joined_on) = joined_on),
  left_on        TEXT CHECK (left_on IS NULL OR date(left_on) = left_on),
  notes          TEXT,
  import_id      INTEGER REFERENCES imports(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on),
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE UNIQUE INDEX partners_kvk ON partners(kvk) WHERE kvk IS NOT NULL AND parent_id IS NULL;
CREATE INDEX partners_parent ON partners(parent_id);

-- School locations as DUO identifies them: instellingscode (BRIN) + vestigingscode.
CREATE TABLE locations (
  id              INTEGER PRIMARY KEY,
  instellingscode TEXT NOT NULL CHECK (length(instellingscode) = 4),
  vestigingscode  TEXT NOT NULL UNIQUE CHECK (length(vestigingscode) BETWEEN 5 AND 6),
  name            TEXT,
  city            TEXT,
  municipality    TEXT,
  partner_id      INTEGER REFERENCES partners(id),
  CHECK (substr(vestigingscode, 1, 4) = instellingscode)
) STRICT;
CREATE INDEX locations_partner ON locations(partner_id);

-- Pupil or childcare-place counts, per location (DUO) or per partner (own lists).
CREATE TABLE counts (
  id           INTEGER PRIMARY KEY,
  school_year  TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  location_id  INTEGER REFERENCES locations(id),
  partner_id   INTEGER REFERENCES partners(id),
  quantity     INTEGER CHECK (quantity IS NULL OR quantity >= 0),
  -- a value the source masked (DUO writes `<5`): kept as written, quantity NULL
  masked       TEXT,
  unit         TEXT NOT NULL CHECK (unit IN ('pupils', 'places')),
  count_date   TEXT NOT NULL CHECK (date(count_date) = count_date),
  import_id    INTEGER REFERENCES imports(id),
  CHECK ((location_id IS NULL) <> (partner_id IS NULL)),
  CHECK ((quantity IS NULL) <> (masked IS NULL))
) STRICT;
CREATE UNIQUE INDEX counts_location_year ON counts(school_year, location_id) WHERE location_id IS NOT NULL;
CREATE UNIQUE INDEX counts_partner_year ON counts(school_year, partner_id) WHERE partner_id IS NOT NULL;
CREATE INDEX counts_import ON counts(import_id);

-- Fee rates per school year. category: a sector code, or BASIS / UITGEBREID for partners
-- without pupils. basis: per pupil, per childcare place, or a fixed amount.
CREATE TABLE rates (
  school_year  TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  category     TEXT NOT NULL,
  basis        TEXT NOT NULL CHECK (basis IN ('pupil', 'place', 'fixed')),
  amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
  pm           INTEGER NOT NULL DEFAULT 0 CHECK (pm IN (0, 1)),
  note         TEXT,
  PRIMARY KEY (school_year, category),
  CHECK ((pm = 1) = (amount_cents IS NULL))
) STRICT;

-- Budget (begroting) and realisation (realisatie) lines, as the source prints them.
CREATE TABLE budget_lines (
  id           INTEGER PRIMARY KEY,
  school_year  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('begroting', 'realisatie')),
  side         TEXT NOT NULL CHECK (side IN ('income', 'costs')),
  category     TEXT,
  label        TEXT NOT NULL,
  -- the sector (or BASIS/UITGEBREID/OVERIG) of a "bijdrage partners" line, to reconcile with fees
  fee_category TEXT,
  amount_cents INTEGER,
  pm           INTEGER NOT NULL DEFAULT 0 CHECK (pm IN (0, 1)),
  position     INTEGER NOT NULL DEFAULT 0,
  import_id    INTEGER REFERENCES imports(id),
  UNIQUE (school_year, kind, side, label),
  CHECK ((pm = 1) = (amount_cents IS NULL))
) STRICT;

-- Totals as a source states them (the plan prints "Totaal EUR 145.086"); never used to compute,
-- only compared with the computed totals.
CREATE TABLE budget_stated_totals (
  school_year  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('begroting', 'realisatie')),
  what         TEXT NOT NULL CHECK (what IN ('income', 'costs', 'result', 'in_kind')),
  amount_cents INTEGER NOT NULL,
  import_id    INTEGER REFERENCES imports(id),
  PRIMARY KEY (school_year, kind, what)
) STRICT;

-- In-kind contributions (bijdrage in natura): hours × hourly rate, or an amount, or PM.
CREATE TABLE in_kind (
  id                INTEGER PRIMARY KEY,
  school_year       TEXT NOT NULL,
  kind              TEXT NOT NULL DEFAULT 'begroting' CHECK (kind IN ('begroting', 'realisatie')),
  label             TEXT NOT NULL,
  partner_id        INTEGER REFERENCES partners(id),
  -- hours in hundredths (150 = 1,5 hours), so that amount = hours × rate stays exact
  hours_centi       INTEGER CHECK (hours_centi IS NULL OR hours_centi >= 0),
  hourly_rate_cents INTEGER CHECK (hourly_rate_cents IS NULL OR hourly_rate_cents >= 0),
  amount_cents      INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
  pm                INTEGER NOT NULL DEFAULT 0 CHECK (pm IN (0, 1)),
  position          INTEGER NOT NULL DEFAULT 0,
  import_id         INTEGER REFERENCES imports(id),
  UNIQUE (school_year, kind, label),
  CHECK ((pm = 1) = (amount_cents IS NULL))
) STRICT;

-- Yearly figures for the report (De Leidse Aanpak in cijfers): participation per sector,
-- partners, newsletter subscribers, social media followers. period: `2015-2016` or `2018`.
CREATE TABLE figures (
  metric      TEXT NOT NULL,
  period      TEXT NOT NULL,
  sector      TEXT NOT NULL DEFAULT '',
  value       INTEGER NOT NULL,
  note        TEXT,
  import_id   INTEGER REFERENCES imports(id),
  PRIMARY KEY (metric, period, sector)
) STRICT;

-- The project group (projectgroep) whose members vote on extended memberships.
CREATE TABLE project_group_members (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  role      TEXT,
  partner_id INTEGER REFERENCES partners(id),
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Extended-membership applications: nomination, profile, references, votes, outcome.
CREATE TABLE applications (
  id             INTEGER PRIMARY KEY,
  organisation   TEXT NOT NULL,
  partner_id     INTEGER REFERENCES partners(id),
  municipality   TEXT,
  sector         TEXT,
  kind           TEXT,
  kvk            TEXT,
  nominated_by   TEXT NOT NULL,
  nominated_on   TEXT NOT NULL,
  profile        TEXT,
  doubt          INTEGER NOT NULL DEFAULT 0 CHECK (doubt IN (0, 1)),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'regiegroep', 'granted', 'refused')),
  decided_by     TEXT CHECK (decided_by IS NULL OR decided_by IN ('projectgroep', 'regiegroep')),
  decided_on     TEXT,
  decision_note  TEXT,
  effective_from TEXT,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE application_references (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  organisation   TEXT,
  contact        TEXT
) STRICT;

CREATE TABLE application_votes (
  application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  member_id      INTEGER NOT NULL REFERENCES project_group_members(id),
  vote           TEXT NOT NULL CHECK (vote IN ('yes', 'no', 'abstain')),
  cast_on        TEXT NOT NULL,
  PRIMARY KEY (application_id, member_id)
) STRICT;

-- Append-only log of every change: who (OS user), when, which command, values before and after.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  os_user   TEXT NOT NULL,
  command   TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  action    TEXT NOT NULL,
  before    TEXT CHECK (before IS NULL OR json_valid(before)),
  after     TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
