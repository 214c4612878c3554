-- How a project-group member is compensated for the 90 hours a year: in time by the employer (an
-- in-kind contribution) or in money by LATO (the budget's "Projectgroep (uitbetaling)" cost line).
ALTER TABLE project_group_members ADD COLUMN compensation TEXT NOT NULL DEFAULT 'time'
  CHECK (compensation IN ('time', 'money'));
