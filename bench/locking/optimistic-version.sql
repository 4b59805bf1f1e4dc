-- Optimistic: read a version, write only if unchanged; a lost race is a serialization failure and the
-- whole batch is retried (pgbench --max-tries stands in for the application's retry loop).
\set site random(1, :nsites)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT version FROM lk_sites WHERE id = :site \gset
INSERT INTO lk_measurements SELECT :site, clock_timestamp() + g * interval '1 microsecond', 'c' || :client_id, 1.5
  FROM generate_series(1, 100) g ON CONFLICT DO NOTHING;
UPDATE lk_sites SET total = total + 150, version = version + 1 WHERE id = :site AND version = :version;
COMMIT;
