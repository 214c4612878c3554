-- lato's store, version 14: the documents as sent, and a hash chain per number series.
-- Each issued invoice, credit note and payment reminder keeps the exact bytes of its PDF (and, when
-- it can be a valid e-invoice, its UBL XML), rendered once when it was issued. `invoices pdf` and
-- `invoices export` give these bytes back, whatever templates or settings change later. The chain
-- links every issued document of a series to the one before it by sha256, so that a row changed
-- behind lato's back (triggers dropped, then put back) is found by `lato check`.

CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
  -- a payment reminder: which one (NULL for the invoice or credit note itself)
  reminder_id INTEGER REFERENCES invoice_reminders(id),
  format      TEXT NOT NULL CHECK (format IN ('pdf', 'ubl')),
  file_name   TEXT NOT NULL CHECK (length(file_name) > 0),
  bytes       BLOB NOT NULL,
  size        INTEGER NOT NULL CHECK (size = length(bytes)),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX documents_one ON documents (invoice_id, coalesce(reminder_id, 0), format);

CREATE TRIGGER documents_of_issued BEFORE INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status = 'issued')
BEGIN SELECT RAISE(ABORT, 'a document is stored for an issued invoice or credit note only'); END;

CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'a stored document cannot be changed: it is the document as sent'); END;

CREATE TRIGGER documents_kept BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'a stored document cannot be deleted: it is kept as sent'); END;

-- The chain: one entry per issued document of a series (invoice, credit_note, reminder), in order.
-- content_hash is the sha256 of the entry's canonical JSON (number, dates, parties, lines, totals,
-- the stored documents' hashes), kept in `content`; hash = sha256(prev_hash || content_hash) as
-- hex text. An entry `lost` records a number a forced restore took back: never given again.
CREATE TABLE document_chain (
  id           INTEGER PRIMARY KEY,
  series       TEXT NOT NULL CHECK (series IN ('invoice', 'credit_note', 'reminder')),
  position     INTEGER NOT NULL CHECK (position > 0),
  entry        TEXT NOT NULL CHECK (entry IN ('document', 'lost')),
  invoice_id   INTEGER REFERENCES invoices(id),
  reminder_id  INTEGER REFERENCES invoice_reminders(id),
  number       TEXT NOT NULL,
  series_year  INTEGER,
  seq          INTEGER,
  content      TEXT NOT NULL CHECK (json_valid(content)),
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
  prev_hash    TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash         TEXT NOT NULL CHECK (length(hash) = 64),
  created_at   TEXT NOT NULL,
  UNIQUE (series, position),
  CHECK ((entry = 'document') = (invoice_id IS NOT NULL)),
  CHECK (entry = 'document' OR (series_year IS NOT NULL AND seq IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX document_chain_one ON document_chain (series, invoice_id, coalesce(reminder_id, 0))
  WHERE entry = 'document';

-- An entry follows the series' last one: the next position, and its hash as prev_hash.
CREATE TRIGGER document_chain_append BEFORE INSERT ON document_chain
WHEN NEW.position IS NOT coalesce((SELECT max(position) FROM document_chain WHERE series = NEW.series), 0) + 1
  OR NEW.prev_hash IS NOT coalesce(
       (SELECT hash FROM document_chain WHERE series = NEW.series ORDER BY position DESC LIMIT 1),
       '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN SELECT RAISE(ABORT, 'a chain entry follows the last entry of its series'); END;

CREATE TRIGGER document_chain_frozen BEFORE UPDATE ON document_chain
BEGIN SELECT RAISE(ABORT, 'the document chain cannot be changed'); END;

CREATE TRIGGER document_chain_kept BEFORE DELETE ON document_chain
BEGIN SELECT RAISE(ABORT, 'the document chain cannot be changed'); END;
