"""Search of the rights: plain-Python text analysis (`normalisation`, `requete`, `documents`)
and the database side (`index`: SQLite FTS5 or PostgreSQL full-text, same contract)."""
