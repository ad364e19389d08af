"""The store: the database, its migrations, backups and schema checks."""
