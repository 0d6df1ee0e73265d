"""db: the only place that opens DuckDB. Writers for the crawler and extract stages, readers for
the dashboard, the CLI and researchers; the tables live in numbered migrations/*.sql, the views and
macros in views.sql."""
from db.connection import SCHEMA_VERSION, connection, open_db, transaction
from db.errors import DatabaseError

__all__ = ["SCHEMA_VERSION", "DatabaseError", "connection", "open_db", "transaction"]
