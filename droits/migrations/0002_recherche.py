"""The full-text index of the rights, created according to the database vendor.

SQLite: an FTS5 virtual table (French stems computed in Python, accents and case folded by
unicode61). PostgreSQL: the `droits_fr` text search configuration (a copy of `french` that
removes accents with `unaccent` before stemming) and a table with a weighted tsvector and its
GIN index.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS droits_recherche USING fts5("
    "slug UNINDEXED, territoire UNINDEXED, titre, resume, corps, "
    "tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS droits_recherche"]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS droits_fr",
    "CREATE TEXT SEARCH CONFIGURATION droits_fr (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION droits_fr ALTER MAPPING FOR "
    "hword, hword_part, word, asciiword, asciihword, hword_asciipart WITH unaccent, french_stem",
    "CREATE TABLE IF NOT EXISTS droits_recherche ("
    "id bigint PRIMARY KEY, "
    "slug varchar(80) NOT NULL, territoire varchar(10) NOT NULL, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS droits_recherche_document ON droits_recherche USING GIN (document)",
    "CREATE INDEX IF NOT EXISTS droits_recherche_territoire ON droits_recherche (territoire)",
]
POSTGRESQL_REVERSE = [
    "DROP TABLE IF EXISTS droits_recherche",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS droits_fr",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("droits", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
