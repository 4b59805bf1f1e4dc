-- Pessimistic: lock the site row first (SELECT ... FOR UPDATE), hold it through the readings insert.
\set site random(1, :nsites)
BEGIN;
SELECT total FROM lk_sites WHERE id = :site FOR UPDATE;
INSERT INTO lk_measurements SELECT :site, clock_timestamp() + g * interval '1 microsecond', 'c' || :client_id, 1.5
  FROM generate_series(1, 100) g ON CONFLICT DO NOTHING;
UPDATE lk_sites SET total = total + 150 WHERE id = :site;
COMMIT;
