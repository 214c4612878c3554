-- lato's store: SEPA direct debit (automatische incasso). Mandates (machtigingen) per partner, the
-- direct-debit facts an invoice was issued with, and the collection runs (pain.008 files) with the
-- invoices each one collected, paid or returned (storno).

-- A mandate: the partner's signed permission to collect from its account. The reference
-- (machtigingskenmerk) is unique for the creditor. sequence: whether the next collection under it is
-- the first (FRST) or a following one (RCUR); a one-off mandate is used up once it has been
-- collected (sequence 'following'). Revoked mandates stay, as evidence.
CREATE TABLE mandates (
  id             INTEGER PRIMARY KEY,
  partner_id     INTEGER NOT NULL REFERENCES partners(id),
  reference      TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 35),
  signed_on      TEXT NOT NULL CHECK (date(signed_on) = signed_on),
  iban           TEXT NOT NULL CHECK (length(iban) BETWEEN 15 AND 34),
  bic            TEXT CHECK (bic IS NULL OR length(bic) IN (8, 11)),
  account_holder TEXT,
  kind           TEXT NOT NULL CHECK (kind IN ('recurring', 'one_off')),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  sequence       TEXT NOT NULL DEFAULT 'first' CHECK (sequence IN ('first', 'following')),
  revoked_on     TEXT CHECK (revoked_on IS NULL OR date(revoked_on) = revoked_on),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK ((status = 'revoked') = (revoked_on IS NOT NULL))
) STRICT;
-- a partner has at most one active mandate: the one its invoices are collected under
CREATE UNIQUE INDEX mandates_one_active ON mandates (partner_id) WHERE status = 'active';

-- A revoked mandate stays revoked, and what it was signed for never changes.
CREATE TRIGGER mandates_revoked_final BEFORE UPDATE ON mandates
WHEN OLD.status = 'revoked' AND (NEW.status IS NOT 'revoked' OR NEW.sequence IS NOT OLD.sequence)
BEGIN SELECT RAISE(ABORT, 'a revoked mandate cannot be used again; add a new mandate'); END;
CREATE TRIGGER mandates_identity_kept BEFORE UPDATE ON mandates
WHEN NEW.partner_id IS NOT OLD.partner_id OR NEW.reference IS NOT OLD.reference
  OR (OLD.sequence = 'following' AND EXISTS (SELECT 1 FROM collection_items WHERE mandate_id = OLD.id)
      AND (NEW.iban IS NOT OLD.iban OR NEW.signed_on IS NOT OLD.signed_on OR NEW.kind IS NOT OLD.kind))
BEGIN SELECT RAISE(ABORT, 'a used mandate keeps its partner, reference, IBAN, date and type; add a new mandate'); END;

-- The direct debit an issued invoice announces (the pre-notification): the mandate, the account
-- and the creditor identifier as they were at issue, and the planned collection date. Frozen like
-- the invoice itself.
CREATE TABLE invoice_direct_debits (
  invoice_id        INTEGER PRIMARY KEY REFERENCES invoices(id),
  mandate_id        INTEGER NOT NULL REFERENCES mandates(id),
  mandate_reference TEXT NOT NULL,
  iban              TEXT NOT NULL,
  creditor_id       TEXT NOT NULL,
  collect_on        TEXT NOT NULL CHECK (date(collect_on) = collect_on)
) STRICT;
CREATE TRIGGER invoice_direct_debits_on_issued BEFORE INSERT ON invoice_direct_debits
WHEN NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND kind = 'invoice' AND status = 'issued')
BEGIN SELECT RAISE(ABORT, 'a direct debit is announced on an issued invoice'); END;
CREATE TRIGGER invoice_direct_debits_frozen BEFORE UPDATE ON invoice_direct_debits
BEGIN SELECT RAISE(ABORT, 'the direct debit of an issued invoice cannot be changed'); END;
CREATE TRIGGER invoice_direct_debits_kept BEFORE DELETE ON invoice_direct_debits
BEGIN SELECT RAISE(ABORT, 'the direct debit of an issued invoice cannot be deleted'); END;

-- A collection run: one pain.008 file for the bank. Append-only.
CREATE TABLE collections (
  id                INTEGER PRIMARY KEY,
  message_id        TEXT NOT NULL UNIQUE CHECK (length(message_id) BETWEEN 1 AND 35),
  format            TEXT NOT NULL,
  school_year       TEXT NOT NULL,
  collect_on        TEXT NOT NULL CHECK (date(collect_on) = collect_on),
  creditor_id       TEXT NOT NULL,
  creditor_iban     TEXT NOT NULL,
  transactions      INTEGER NOT NULL CHECK (transactions > 0),
  control_sum_cents INTEGER NOT NULL CHECK (control_sum_cents > 0),
  file_name         TEXT,
  sha256            TEXT,
  created_at        TEXT NOT NULL
) STRICT;
CREATE TRIGGER collections_no_update BEFORE UPDATE ON collections
BEGIN SELECT RAISE(ABORT, 'a collection run is history: it cannot be changed'); END;
CREATE TRIGGER collections_no_delete BEFORE DELETE ON collections
BEGIN SELECT RAISE(ABORT, 'a collection run is history: it cannot be deleted'); END;

-- One invoice in a collection run. status: collected (in the file), paid (the bank credited it),
-- returned (storno: rejected or refunded, with the ISO 20022 reason code). An invoice is in at most
-- one run that was not returned, so it is never collected twice.
CREATE TABLE collection_items (
  id            INTEGER PRIMARY KEY,
  collection_id INTEGER NOT NULL REFERENCES collections(id),
  pmt_inf_id    TEXT NOT NULL,
  invoice_id    INTEGER NOT NULL REFERENCES invoices(id),
  mandate_id    INTEGER NOT NULL REFERENCES mandates(id),
  sequence_type TEXT NOT NULL CHECK (sequence_type IN ('FRST', 'RCUR', 'OOFF', 'FNAL')),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  end_to_end_id TEXT NOT NULL CHECK (length(end_to_end_id) BETWEEN 1 AND 35),
  status        TEXT NOT NULL DEFAULT 'collected' CHECK (status IN ('collected', 'paid', 'returned')),
  return_reason TEXT,
  returned_on   TEXT CHECK (returned_on IS NULL OR date(returned_on) = returned_on),
  CHECK ((status = 'returned') = (return_reason IS NOT NULL AND returned_on IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX collection_items_once ON collection_items (invoice_id) WHERE status <> 'returned';
CREATE INDEX collection_items_run ON collection_items (collection_id);

CREATE TRIGGER collection_items_on_issued BEFORE INSERT ON collection_items
WHEN NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND kind = 'invoice' AND status = 'issued')
BEGIN SELECT RAISE(ABORT, 'only an issued invoice can be collected'); END;
-- collected → paid → returned, or collected → returned; nothing else changes
CREATE TRIGGER collection_items_forward BEFORE UPDATE ON collection_items
WHEN NEW.collection_id IS NOT OLD.collection_id OR NEW.invoice_id IS NOT OLD.invoice_id
  OR NEW.mandate_id IS NOT OLD.mandate_id OR NEW.amount_cents IS NOT OLD.amount_cents
  OR NEW.sequence_type IS NOT OLD.sequence_type OR NEW.end_to_end_id IS NOT OLD.end_to_end_id
  OR NEW.pmt_inf_id IS NOT OLD.pmt_inf_id
  OR OLD.status = 'returned'
  OR (OLD.status = 'paid' AND NEW.status NOT IN ('paid', 'returned'))
BEGIN SELECT RAISE(ABORT, 'a collected invoice only moves from collected to paid to returned'); END;
CREATE TRIGGER collection_items_no_delete BEFORE DELETE ON collection_items
BEGIN SELECT RAISE(ABORT, 'a collection run is history: it cannot be deleted'); END;
