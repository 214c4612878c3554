-- Eligibility and applications (rules 1-5 of "Lid worden"): what the initial schema lacked.

-- An area may hold a municipality only in part: PPO regio Leiden covers Kaag en Braassem except
-- the postcodes 2355, 2451, 2465 and 2481. A JSON array of four-digit postcodes (PC4), or NULL.
ALTER TABLE areas ADD COLUMN except_postcodes TEXT
  CHECK (except_postcodes IS NULL OR json_valid(except_postcodes));

-- Why the regiegroep is consulted (bij twijfel), and when the project group referred it there.
ALTER TABLE applications ADD COLUMN doubt_note TEXT;
ALTER TABLE applications ADD COLUMN referred_on TEXT CHECK (referred_on IS NULL OR date(referred_on) = referred_on);
