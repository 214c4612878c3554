-- lato's store: partners found by code or name as users write them (any case) through an index,
-- so that importing or updating 10,000 partners is linear (`code = ? COLLATE NOCASE` cannot use
-- the UNIQUE index on code, whose collation is BINARY, and scanned the table on every lookup).
CREATE INDEX partners_code_nocase ON partners(code COLLATE NOCASE);
CREATE INDEX partners_name_nocase ON partners(name COLLATE NOCASE);

-- Issuing checks for every invoice that its partner has no other issued invoice of the year
-- (trigger invoices_issue_once, version 7): by partner through this index, instead of through
-- invoices_year, which walked every invoice already issued that year (quadratic at 10,000).
CREATE INDEX invoices_partner_year ON invoices(partner_id, school_year, kind, status);
