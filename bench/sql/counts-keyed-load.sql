-- The reference for `lato import counts`: sqlite3 loading the same file into lato's keyed tables
-- (locations by vestigingscode, counts by school year and location), in one transaction.
-- {{file}}: the counts file (Schooljaar;Vestiging;Aantal), filled in by bench/lib.mjs.
BEGIN;
.mode csv
.separator ;
.import {{file}} temp_stage
INSERT INTO locations (instellingscode, vestigingscode)
  SELECT substr(Vestiging, 1, 4), Vestiging FROM temp_stage WHERE true ON CONFLICT DO NOTHING;
INSERT INTO counts (school_year, location_id, quantity, unit, count_date)
  SELECT Schooljaar, l.id, CAST(Aantal AS INTEGER), 'pupils', '2025-10-01'
    FROM temp_stage s JOIN locations l ON l.vestigingscode = s.Vestiging;
COMMIT;
