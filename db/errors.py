"""Errors the database layer raises for problems a user can fix."""


class DatabaseError(Exception):
    """The database file cannot be used: unreadable, not DuckDB, locked, or from a newer schema."""
