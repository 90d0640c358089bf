-- Where a workshop is held when that is neither one venue, nor every venue, nor online
-- (the coaching steps of labelled projects: "Lieu communiqué aux projets labellisés").
ALTER TABLE workshops ADD COLUMN location text;
