#!/bin/bash
# Runs once, on an empty data directory (the postgres image's /docker-entrypoint-initdb.d contract): creates the
# role the services connect as. It owns the emissions database and its public schema, so migrations and the
# ingestion service's monthly partitions (created at run time) work, and nothing more: no superuser, no CREATEDB,
# no CREATEROLE, no access to other databases' objects.
set -euo pipefail
: "${EMISSIONS_DB_PASSWORD:?is required}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" \
  --set db="$POSTGRES_DB" --set password="$EMISSIONS_DB_PASSWORD" <<'SQL'
CREATE ROLE emissions LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER DATABASE :"db" OWNER TO emissions;
ALTER SCHEMA public OWNER TO emissions;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
SQL
