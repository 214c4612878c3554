-- The reference for `lato import partners`: sqlite3 loading the same partner list into lato's
-- partners table (new by code, else updated), the boards linked by code, and one audit entry per
-- row, in one transaction. {{file}}: the list (bench/partners-file.mjs), filled in by bench/lib.mjs.
BEGIN;
DROP TABLE IF EXISTS temp_stage;
.mode csv
.separator ;
.import {{file}} temp_stage
INSERT INTO partners (code, name, sector, kind, municipality, kvk, membership, joined_on, created_at, updated_at)
  SELECT Code, Naam, Sector, Soort, Gemeente, nullif(KvK, ''), Lidmaatschap, nullif("Lid sinds", ''),
         strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')
    FROM temp_stage WHERE true
  ON CONFLICT (code) DO UPDATE SET name = excluded.name, sector = excluded.sector, kind = excluded.kind,
    municipality = excluded.municipality, kvk = excluded.kvk, membership = excluded.membership,
    joined_on = excluded.joined_on, updated_at = excluded.updated_at
  WHERE name IS NOT excluded.name OR sector IS NOT excluded.sector OR kind IS NOT excluded.kind
     OR municipality IS NOT excluded.municipality OR kvk IS NOT excluded.kvk
     OR membership IS NOT excluded.membership OR joined_on IS NOT excluded.joined_on;
UPDATE partners SET parent_id = b.id
  FROM temp_stage s JOIN partners b ON b.code = s.Bestuur
 WHERE s.Code = partners.code AND partners.parent_id IS NOT b.id;
INSERT INTO audit_log (at, os_user, command, entity, entity_id, action, before, after)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ'), 'bench', 'sqlite3', 'partner', Code, 'import', NULL,
         json_object('code', Code, 'name', Naam, 'sector', Sector, 'kvk', KvK, 'parent', Bestuur)
    FROM temp_stage;
COMMIT;
