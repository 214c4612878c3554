-- lato's store, version 4: invoices, credit notes, their number series, payments and reminders.
-- Money is integer cents. An invoice is a draft until issued; issuing gives it the next number of
-- its series and freezes it and its lines. The database itself refuses any change to an issued
-- invoice, a number out of sequence, or a payment on something that is not an issued invoice.

-- The counters of the number series: the last sequence number given per series and counter year
-- (the calendar year of the issue date; 0 for a series without yearly reset). A counter only
-- moves forward, one number at a time, inside the transaction that issues the invoice.
CREATE TABLE number_series (
  series   TEXT NOT NULL CHECK (series IN ('invoice', 'credit_note')),
  year     INTEGER NOT NULL CHECK (year >= 0),
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
  PRIMARY KEY (series, year)
) STRICT;

CREATE TRIGGER number_series_forward BEFORE UPDATE ON number_series
WHEN NEW.series IS NOT OLD.series OR NEW.year IS NOT OLD.year OR NEW.last_seq IS NOT OLD.last_seq + 1
BEGIN SELECT RAISE(ABORT, 'a number series only moves forward, one number at a time'); END;

CREATE TRIGGER number_series_no_delete BEFORE DELETE ON number_series
BEGIN SELECT RAISE(ABORT, 'a number series is never deleted: its numbers stay given'); END;

CREATE TRIGGER number_series_new_only BEFORE INSERT ON number_series
WHEN EXISTS (SELECT 1 FROM invoices WHERE kind = NEW.series AND series_year = NEW.year)
BEGIN SELECT RAISE(ABORT, 'this number series already has numbers; it cannot be started again'); END;

-- Invoices (facturen) and credit notes (creditnota's). Amounts are signed: an invoice is positive,
-- a credit note negative. seller, buyer and vat are JSON snapshots taken at issue, so that the
-- document can be printed again exactly as sent, whatever changes in the partner or settings.
CREATE TABLE invoices (
  id                INTEGER PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  status            TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
  school_year       TEXT NOT NULL CHECK (school_year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  partner_id        INTEGER NOT NULL REFERENCES partners(id),
  number            TEXT UNIQUE CHECK (number IS NULL OR length(number) > 0),
  series_year       INTEGER CHECK (series_year IS NULL OR series_year >= 0),
  seq               INTEGER CHECK (seq IS NULL OR seq > 0),
  issued_on         TEXT CHECK (issued_on IS NULL OR date(issued_on) = issued_on),
  due_on            TEXT CHECK (due_on IS NULL OR date(due_on) = due_on),
  payment_term_days INTEGER CHECK (payment_term_days IS NULL OR payment_term_days >= 0),
  -- a credit note: the invoice it cancels (at most one credit note per invoice)
  credits_id        INTEGER UNIQUE REFERENCES invoices(id),
  reason            TEXT,
  currency          TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  net_cents         INTEGER NOT NULL,
  vat_cents         INTEGER NOT NULL,
  total_cents       INTEGER NOT NULL,
  vat               TEXT CHECK (vat IS NULL OR json_valid(vat)),
  seller            TEXT CHECK (seller IS NULL OR json_valid(seller)),
  buyer             TEXT CHECK (buyer IS NULL OR json_valid(buyer)),
  created_at        TEXT NOT NULL,
  CHECK (total_cents = net_cents + vat_cents),
  CHECK ((kind = 'invoice' AND net_cents >= 0 AND vat_cents >= 0)
      OR (kind = 'credit_note' AND net_cents <= 0 AND vat_cents <= 0)),
  CHECK ((status = 'issued') = (number IS NOT NULL)),
  CHECK (status = 'draft' OR (series_year IS NOT NULL AND seq IS NOT NULL AND issued_on IS NOT NULL
         AND due_on IS NOT NULL AND vat IS NOT NULL AND seller IS NOT NULL AND buyer IS NOT NULL)),
  CHECK (status = 'issued' OR (series_year IS NULL AND seq IS NULL AND issued_on IS NULL AND due_on IS NULL)),
  CHECK (due_on IS NULL OR due_on >= issued_on),
  CHECK ((kind = 'credit_note') = (credits_id IS NOT NULL)),
  CHECK (kind = 'invoice' OR length(trim(coalesce(reason, ''))) > 0),
  UNIQUE (kind, series_year, seq)
) STRICT;
-- one draft invoice per partner and school year
CREATE UNIQUE INDEX invoices_one_draft ON invoices (partner_id, school_year, kind) WHERE status = 'draft';
CREATE INDEX invoices_year ON invoices (school_year, kind, status);
CREATE INDEX invoices_partner ON invoices (partner_id);

-- Numbers are given only at issue: nothing is created already issued.
CREATE TRIGGER invoices_created_as_draft BEFORE INSERT ON invoices
WHEN NEW.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'invoices are created as drafts; only issuing gives a number'); END;

-- An issued invoice or credit note is final: corrections go by credit note.
CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE ON invoices
WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be changed; correct it with a credit note'); END;

CREATE TRIGGER invoices_issued_kept BEFORE DELETE ON invoices
WHEN OLD.status = 'issued'
BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be deleted; correct it with a credit note'); END;

-- Issuing: the number must be the one its series counter has just reached (no gaps, no reuse),
-- the totals must be the sum of the lines, and there must be lines (EN 16931 BR-16).
CREATE TRIGGER invoices_issue_in_sequence BEFORE UPDATE OF status ON invoices
WHEN OLD.status = 'draft' AND NEW.status = 'issued'
  AND NEW.seq IS NOT (SELECT last_seq FROM number_series WHERE series = NEW.kind AND year = NEW.series_year)
BEGIN SELECT RAISE(ABORT, 'an invoice number must be the next number of its series'); END;

CREATE TRIGGER invoices_issue_sums BEFORE UPDATE OF status ON invoices
WHEN OLD.status = 'draft' AND NEW.status = 'issued'
  AND (NEW.net_cents IS NOT (SELECT sum(amount_cents) FROM invoice_lines WHERE invoice_id = NEW.id))
BEGIN SELECT RAISE(ABORT, 'an invoice total must be the sum of its lines, and it must have lines'); END;

-- A partner has at most one live (issued, not credited) invoice per school year.
CREATE TRIGGER invoices_issue_once BEFORE UPDATE OF status ON invoices
WHEN OLD.status = 'draft' AND NEW.status = 'issued' AND NEW.kind = 'invoice'
  AND EXISTS (SELECT 1 FROM invoices i
              WHERE i.kind = 'invoice' AND i.status = 'issued' AND i.id <> NEW.id
                AND i.partner_id = NEW.partner_id AND i.school_year = NEW.school_year
                AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.credits_id = i.id))
BEGIN SELECT RAISE(ABORT, 'this partner already has an issued invoice for this school year'); END;

-- A credit note cancels an issued invoice, of the same partner and amount.
CREATE TRIGGER invoices_credit_valid BEFORE INSERT ON invoices
WHEN NEW.kind = 'credit_note' AND NOT EXISTS (
  SELECT 1 FROM invoices i WHERE i.id = NEW.credits_id AND i.kind = 'invoice' AND i.status = 'issued'
    AND i.partner_id = NEW.partner_id AND i.total_cents = -NEW.total_cents)
BEGIN SELECT RAISE(ABORT, 'a credit note must cancel an issued invoice of the same partner and amount'); END;

CREATE TABLE invoice_lines (
  id               INTEGER PRIMARY KEY,
  invoice_id       INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL CHECK (position > 0),
  description      TEXT NOT NULL CHECK (length(description) > 0),
  basis            TEXT NOT NULL CHECK (basis IN ('pupil', 'place', 'fixed')),
  sector           TEXT NOT NULL,
  category         TEXT NOT NULL,
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  amount_cents     INTEGER NOT NULL,
  count_date       TEXT CHECK (count_date IS NULL OR date(count_date) = count_date),
  sources          TEXT CHECK (sources IS NULL OR json_valid(sources)),
  UNIQUE (invoice_id, position),
  CHECK (abs(amount_cents) = quantity * unit_price_cents)
) STRICT;

CREATE TRIGGER invoice_lines_frozen_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed'); END;

CREATE TRIGGER invoice_lines_frozen_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
  OR (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed'); END;

CREATE TRIGGER invoice_lines_frozen_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed'); END;

-- Payments received on issued invoices, entered by hand or matched from a bank statement.
-- Append-only: a wrong payment is corrected with a negative one.
CREATE TABLE payments (
  id                INTEGER PRIMARY KEY,
  invoice_id        INTEGER NOT NULL REFERENCES invoices(id),
  amount_cents      INTEGER NOT NULL CHECK (amount_cents <> 0),
  paid_on           TEXT NOT NULL CHECK (date(paid_on) = paid_on),
  source            TEXT NOT NULL CHECK (source IN ('manual', 'bank')),
  description       TEXT,
  counterparty      TEXT,
  counterparty_iban TEXT,
  bank_reference    TEXT,
  -- a bank line's identity (account, date, amount, reference, description): a statement
  -- imported twice adds nothing
  fingerprint       TEXT UNIQUE,
  import_id         INTEGER REFERENCES imports(id),
  created_at        TEXT NOT NULL,
  CHECK (source = 'manual' OR fingerprint IS NOT NULL)
) STRICT;
CREATE INDEX payments_invoice ON payments (invoice_id);

CREATE TRIGGER payments_on_issued_invoice BEFORE INSERT ON payments
WHEN NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND kind = 'invoice' AND status = 'issued')
BEGIN SELECT RAISE(ABORT, 'a payment belongs to an issued invoice'); END;

CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only; book a correction instead'); END;

CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are append-only; book a correction instead'); END;

-- Payment reminders (betalingsherinneringen) sent for overdue invoices.
CREATE TABLE invoice_reminders (
  id          INTEGER PRIMARY KEY,
  invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
  level       INTEGER NOT NULL CHECK (level >= 1),
  sent_on     TEXT NOT NULL CHECK (date(sent_on) = sent_on),
  open_cents  INTEGER NOT NULL CHECK (open_cents > 0),
  created_at  TEXT NOT NULL,
  UNIQUE (invoice_id, level)
) STRICT;

CREATE TRIGGER invoice_reminders_on_issued BEFORE INSERT ON invoice_reminders
WHEN NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND kind = 'invoice' AND status = 'issued')
BEGIN SELECT RAISE(ABORT, 'a reminder belongs to an issued invoice'); END;
