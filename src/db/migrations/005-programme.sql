-- The programme of a school year (Programma schooljaar 2018/2019): the activities per sector
-- (werkveld) and the network meetings for all. Imported with `lato import figures` (a programme
-- file); shown in the yearly report.
CREATE TABLE programme (
  id          INTEGER PRIMARY KEY,
  school_year TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  -- activity: for the partners of one sector; network: a network meeting (netwerkbijeenkomst)
  kind        TEXT NOT NULL DEFAULT 'activity' CHECK (kind IN ('activity', 'network')),
  sector      TEXT REFERENCES sectors(code),
  activity    TEXT NOT NULL CHECK (length(activity) > 0),
  position    INTEGER NOT NULL DEFAULT 0,
  import_id   INTEGER REFERENCES imports(id),
  CHECK ((kind = 'activity') = (sector IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX programme_item ON programme (school_year, kind, coalesce(sector, ''), activity);
