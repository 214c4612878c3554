-- The reference for `lato fees compute --json`: the same computation in SQL on lato's store, for
-- school year {{year}} ({{start}} to {{end}}): who is a member, who bills whom (the topmost paying
-- member on the parent chain), the counts per billed partner and sector in the rate's unit, the
-- rate, the amount or why there is none; the lines printed as one JSON document.
CREATE TEMP TABLE member AS
  SELECT id, code, name, sector, membership, parent_id,
         membership IN ('covenant', 'basis', 'extended') AS pays
    FROM partners
   WHERE (joined_on IS NULL OR joined_on <= '{{end}}') AND (left_on IS NULL OR left_on >= '{{start}}');
CREATE UNIQUE INDEX temp.member_id ON member(id);

CREATE TEMP TABLE billed AS
  WITH RECURSIVE chain (id, cur, billing, depth) AS (
    SELECT id, id, CASE WHEN pays THEN id END, 0 FROM member
    UNION ALL
    SELECT c.id, m.id, CASE WHEN m.pays THEN m.id ELSE c.billing END, c.depth + 1
      FROM chain c JOIN member cm ON cm.id = c.cur JOIN member m ON m.id = cm.parent_id
     WHERE c.depth < 50
  )
  SELECT id, billing FROM (
    SELECT id, billing, row_number() OVER (PARTITION BY id ORDER BY depth DESC) AS n FROM chain)
   WHERE n = 1 AND billing IS NOT NULL;
CREATE UNIQUE INDEX temp.billed_id ON billed(id);

-- the counts per billed partner, sector part (a school's own sector when it is a covenant
-- member, else its board's) and unit
CREATE TEMP TABLE agg AS
  SELECT b.billing, CASE WHEN o.membership = 'covenant' THEN o.sector ELSE p.sector END AS part, c.unit,
         sum(c.quantity) AS quantity, count(c.masked) AS masked, max(c.count_date) AS count_date
    FROM counts c LEFT JOIN locations l ON l.id = c.location_id
    JOIN billed b ON b.id = coalesce(c.partner_id, l.partner_id)
    JOIN member o ON o.id = b.id JOIN member p ON p.id = b.billing
   WHERE c.school_year = '{{year}}'
   GROUP BY 1, 2, 3;
CREATE INDEX temp.agg_key ON agg(billing, part, unit);

WITH
  parts AS (
    SELECT b.billing, p.sector AS part FROM billed b JOIN member p ON p.id = b.billing WHERE b.id = b.billing
    UNION
    SELECT billing, part FROM agg
  ),
  line AS (
    SELECT p.code, p.name, x.part AS sector, p.membership, x.billing,
           CASE p.membership WHEN 'basis' THEN 'BASIS' WHEN 'extended' THEN 'UITGEBREID' ELSE x.part END AS category
      FROM parts x JOIN member p ON p.id = x.billing
  ),
  priced AS (
    SELECT l.*, r.basis, r.amount_cents AS rate, a.quantity, coalesce(a.masked, 0) AS masked,
           (SELECT max(count_date) FROM agg d WHERE d.billing = l.billing AND d.part = l.sector) AS count_date
      FROM line l LEFT JOIN rates r ON r.school_year = '{{year}}' AND r.category = l.category
      LEFT JOIN agg a ON a.billing = l.billing AND a.part = l.sector
       AND a.unit = CASE r.basis WHEN 'place' THEN 'places' ELSE 'pupils' END
  )
SELECT json_object('year', '{{year}}', 'lines', json_group_array(json_object(
         'partner', code, 'name', name, 'sector', sector, 'category', category, 'basis', basis,
         'quantity', quantity, 'rate_cents', rate, 'count_date', count_date,
         'amount_cents', CASE WHEN rate IS NULL OR masked > 0 THEN NULL
                              WHEN basis = 'fixed' THEN rate
                              WHEN quantity IS NULL THEN NULL ELSE quantity * rate END,
         'status', CASE WHEN basis IS NULL THEN 'no_rate' WHEN rate IS NULL THEN 'pm_rate'
                        WHEN basis <> 'fixed' AND quantity IS NULL THEN 'missing_count'
                        WHEN masked > 0 THEN 'masked_count' ELSE 'ok' END)))
  FROM (SELECT * FROM priced ORDER BY sector, code);
