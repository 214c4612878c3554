-- lato's store, version 7: an issued invoice, its lines and the payments stay final in every SQL
-- statement form. The triggers of version 4 refuse UPDATE and DELETE; but REPLACE (INSERT OR
-- REPLACE, REPLACE INTO, UPDATE OR REPLACE) resolves a uniqueness conflict by deleting the old row
-- without firing delete triggers (unless recursive_triggers is on). So every statement that would
-- take the place of a protected row through one of its unique keys is refused before it runs.

-- INSERT / REPLACE / INSERT OR REPLACE / UPSERT on a key (id, number, credit, series position)
-- that an issued invoice or credit note holds.
CREATE TRIGGER invoices_issued_not_replaced BEFORE INSERT ON invoices
WHEN EXISTS (SELECT 1 FROM invoices i WHERE i.status = 'issued'
               AND (i.id = NEW.id OR i.number = NEW.number OR i.credits_id = NEW.credits_id
                    OR (i.kind = NEW.kind AND i.series_year = NEW.series_year AND i.seq = NEW.seq)))
BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be replaced; correct it with a credit note'); END;

-- UPDATE OR REPLACE of another row (a draft) onto a key an issued invoice holds.
CREATE TRIGGER invoices_issued_not_displaced BEFORE UPDATE ON invoices
WHEN EXISTS (SELECT 1 FROM invoices i WHERE i.status = 'issued' AND i.id <> OLD.id
               AND (i.id = NEW.id OR i.number = NEW.number OR i.credits_id = NEW.credits_id
                    OR (i.kind = NEW.kind AND i.series_year = NEW.series_year AND i.seq = NEW.seq)))
BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be replaced; correct it with a credit note'); END;

-- The lines of an issued invoice: the same, through their id or (invoice, position).
CREATE TRIGGER invoice_lines_issued_not_replaced BEFORE INSERT ON invoice_lines
WHEN EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
             WHERE i.status = 'issued'
               AND (l.id = NEW.id OR (l.invoice_id = NEW.invoice_id AND l.position = NEW.position)))
BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed'); END;

CREATE TRIGGER invoice_lines_issued_not_displaced BEFORE UPDATE ON invoice_lines
WHEN EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
             WHERE i.status = 'issued' AND l.id <> OLD.id
               AND (l.id = NEW.id OR (l.invoice_id = NEW.invoice_id AND l.position = NEW.position)))
BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice cannot be changed'); END;

-- Payments are append-only: nothing takes the place of one (by id or bank fingerprint).
CREATE TRIGGER payments_not_replaced BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM payments p WHERE p.id = NEW.id OR p.fingerprint = NEW.fingerprint)
BEGIN SELECT RAISE(ABORT, 'payments are append-only; book a correction instead'); END;

-- A number series counter is never started again (REPLACE would reset it and reuse numbers).
CREATE TRIGGER number_series_not_replaced BEFORE INSERT ON number_series
WHEN EXISTS (SELECT 1 FROM number_series s WHERE s.series = NEW.series AND s.year = NEW.year)
BEGIN SELECT RAISE(ABORT, 'a number series only moves forward, one number at a time'); END;
