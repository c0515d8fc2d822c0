-- What measure's deployment runs before dbmate (its init-postgres.sh): the schema its
-- migrations use by bare name, first on the database's search path. (It also creates two
-- roles and grants them rights, which change nothing schemagen models.)
CREATE SCHEMA IF NOT EXISTS measure;
ALTER DATABASE {db} SET search_path TO measure, "$user", public;
