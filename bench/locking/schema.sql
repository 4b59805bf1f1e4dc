DROP TABLE IF EXISTS lk_sites, lk_measurements;
CREATE TABLE lk_sites (id int PRIMARY KEY, total numeric(30,6) NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 0);
CREATE TABLE lk_measurements (
  site_id int NOT NULL, measured_at timestamptz NOT NULL, sensor_id text NOT NULL, value numeric(16,6) NOT NULL,
  PRIMARY KEY (site_id, measured_at, sensor_id)
);
INSERT INTO lk_sites (id) SELECT generate_series(1, 50);
