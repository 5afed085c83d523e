"""Public pages read from a PostgreSQL streaming replica; the newsroom and
every write use the primary (docs/decisions/0017-read-replica.md)."""
