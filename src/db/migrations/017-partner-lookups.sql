-- lato's store: partners found by code or name as users write them (any case) through an index,
-- so that importing or updating 10,000 partners is linear (`code = ? COLLATE NOCASE` cannot use
-- the UNIQUE index on code, whose collation is BINARY, and scanned the table on every lookup).
CREATE INDEX partners_code_nocase ON partners(code COLLATE NOCASE);
CREATE INDEX partners_name_nocase ON partners(name COLLATE NOCASE);
