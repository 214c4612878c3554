-- The covenant and its provenance: what the issue "True to the covenant and the plan" needs.

-- The covenant's own list of parties ("Onderstaande Partijen"), each as the covenant writes it,
-- with the partner(s) of the registry it stands for (SCOL signs for its PO and VO boards). Only
-- these partners are parties; everyone else is judged by the admission rules.
CREATE TABLE covenant_parties (
  id         INTEGER PRIMARY KEY,
  party      TEXT NOT NULL CHECK (length(party) > 0),
  partner_id INTEGER NOT NULL UNIQUE REFERENCES partners(id),
  -- the date the party signed (or was admitted by the regiegroep), when known
  signed_on  TEXT CHECK (signed_on IS NULL OR date(signed_on) = signed_on),
  note       TEXT,
  import_id  INTEGER REFERENCES imports(id)
) STRICT;
