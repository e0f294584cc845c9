"""The search index in the database, and the search itself.

Two backends, one contract (`rechercher` returns a ranked list of `Resultat(slug, score)`):
- SQLite: an FTS5 table `droits_recherche` (tokenize unicode61 remove_diacritics 2) holding the
  French stems computed in Python and the territory as a token ("tnational", "t94") so that FTS5
  filters it from its own index; ranking by bm25 with column weights title 10, summary 4, body 1;
- PostgreSQL: a table `droits_recherche` with a weighted tsvector (A title, B summary, C body)
  built with the `droits_fr` text search configuration (french + unaccent), a GIN index, ranking
  by ts_rank.
Both index only published rights; the rowid / primary key is the right's id (results are read by
id, the slug comes from the in-memory state). The tables are created by migrations 0002 and 0003
according to the database vendor. Every change of the index writes a new random token in
`VersionRecherche`: each process rebuilds its in-memory state (vocabulary for the typo tolerance,
synonyms, local versions) when the token changes.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from droits.recherche.departements import extraire_departement
from droits.recherche.documents import colonnes
from droits.recherche.normalisation import mots, racine, texte_indexe, texte_radicaux
from droits.recherche.requete import (
    Analyseur,
    ErreurSynonymes,
    Requete,
    Vocabulaire,
    charger_synonymes,
)
from droits.schema import NATIONAL

logger = logging.getLogger(__name__)

TABLE = "droits_recherche"
CONFIG_PG = "droits_fr"
POIDS_SQLITE = (10.0, 4.0, 1.0)  # title, summary, body
POIDS_PG = "{0.0, 0.1, 0.4, 1.0}"  # D, C, B, A
LIMITE = 20


@dataclass(frozen=True)
class Resultat:
    slug: str
    score: float


def _pg() -> bool:
    return connection.vendor == "postgresql"


def synonymes_path() -> Path:
    return Path(settings.CONTENT_DIR) / "recherche" / "synonymes.yaml"


# --- Index maintenance ------------------------------------------------------------------------


def _lignes(droits) -> list[tuple]:
    lignes = []
    for droit in droits:
        titre, resume, corps = colonnes(droit.en_fiche() if hasattr(droit, "en_fiche") else droit)
        lignes.append((droit.pk, droit.slug, droit.territoire, titre, resume, corps))
    return lignes


def _inserer(cursor, lignes: list[tuple]) -> None:
    if not lignes:
        return
    if _pg():
        cursor.executemany(
            f"INSERT INTO {TABLE} (id, slug, territoire, document) VALUES (%s, %s, %s, "
            f"setweight(to_tsvector('{CONFIG_PG}', %s), 'A') || "
            f"setweight(to_tsvector('{CONFIG_PG}', %s), 'B') || "
            f"setweight(to_tsvector('{CONFIG_PG}', %s), 'C')) "
            "ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, "
            "territoire = EXCLUDED.territoire, document = EXCLUDED.document",
            [
                (i, s, t, texte_indexe(a), texte_indexe(b), texte_indexe(c))
                for i, s, t, a, b, c in lignes
            ],
        )
    else:
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, territoire, titre, resume, corps) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (i, f"t{t}", texte_radicaux(a), texte_radicaux(b), texte_radicaux(c))
                for i, _s, t, a, b, c in lignes
            ],
        )


def _nouvelle_version() -> None:
    from droits.models import VersionRecherche

    VersionRecherche.objects.update_or_create(pk=1, defaults={"jeton": uuid.uuid4().hex})


def _cle(pg: bool) -> str:
    return "id" if pg else "rowid"


def indexer(droits) -> None:
    """(Re)index these rights: published ones are (re)written, others removed."""
    droits = list(droits)
    if not droits:
        return
    with connection.cursor() as cursor:
        ids = [d.pk for d in droits]
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {_cle(_pg())} IN ({', '.join(['%s'] * len(ids))})", ids
        )
        _inserer(cursor, _lignes(d for d in droits if d.est_publie))
    _nouvelle_version()


def desindexer(ids: list[int]) -> None:
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {_cle(_pg())} IN ({', '.join(['%s'] * len(ids))})", ids
        )
    _nouvelle_version()


def reindexer_tout() -> int:
    """Rebuild the whole index from the published rights; returns how many were indexed."""
    from droits.models import Droit

    droits = list(Droit.objects.publies())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        _inserer(cursor, _lignes(droits))
    _nouvelle_version()
    return len(droits)


# --- What the search needs to know of the published rights, cached per process -----------------


@dataclass
class _Etat:
    signature: tuple
    analyseur: Analyseur
    slugs: dict[int, str]  # id -> slug
    territoires: dict[str, str]  # slug -> territoire
    thematiques: dict[str, list[str]]
    nationale: dict[str, str]  # variant slug -> national slug
    variantes: dict[tuple[str, str], str]  # (national slug, département) -> variant slug
    frequences: dict[str, int]  # SQLite: stem -> number of documents holding it
    nb_documents: int


_etat: _Etat | None = None


def _signature() -> tuple:
    from droits.models import VersionRecherche

    with connection.cursor() as cursor:  # raw SQL: read on every search
        cursor.execute(f"SELECT jeton FROM {VersionRecherche._meta.db_table} WHERE id = 1")
        ligne = cursor.fetchone()
    path = synonymes_path()
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        mtime = None
    return (connection.settings_dict.get("NAME"), ligne[0] if ligne else None, str(path), mtime)


def etat() -> _Etat:
    global _etat
    signature = _signature()
    if _etat is not None and _etat.signature == signature:
        return _etat
    from droits.models import Droit

    vocabulaire: set[str] = set()
    slugs, territoires, thematiques, nationale, variantes = {}, {}, {}, {}, {}
    champs = ["titre", "sigle", "resume", "pour_qui", "conditions", "ce_que_ca_apporte"]
    champs += ["demarche", "mots_cles", "thematiques", "publics"]
    lignes = Droit.objects.publies().values(
        "id", "slug", "territoire", "variante_de__slug", "variante_de__statut", *champs
    )
    for droit in lignes:  # dicts, not model instances: 10 000 rights read in a few seconds
        slug = droit["slug"]
        slugs[droit["id"]] = slug
        vocabulaire.update(mots(" ".join(colonnes(droit))))
        territoires[slug] = droit["territoire"]
        thematiques[slug] = list(droit["thematiques"])
        if droit["variante_de__slug"] and droit["variante_de__statut"] == Droit.Statut.PUBLIE:
            nationale[slug] = droit["variante_de__slug"]
            variantes[(droit["variante_de__slug"], droit["territoire"])] = slug
    try:
        synonymes = charger_synonymes(synonymes_path())
    except ErreurSynonymes as exc:
        # A broken file must not break the search: search without synonyms and say so in the
        # logs (charger_droits refuses the file with the same message).
        logger.error("Synonymes ignorés : %s", exc)
        synonymes = []
    analyseur = Analyseur(synonymes, Vocabulaire(vocabulaire))
    frequences, nb_documents = _frequences()
    _etat = _Etat(
        signature,
        analyseur,
        slugs,
        territoires,
        thematiques,
        nationale,
        variantes,
        frequences,
        nb_documents,
    )
    return _etat


def _frequences() -> tuple[dict[str, int], int]:
    """SQLite: document frequency of every indexed stem (FTS5 vocabulary table)."""
    if _pg():
        return {}, 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_vocab "
            f"USING fts5vocab(main, {TABLE}, 'row')"
        )
        cursor.execute(f"SELECT term, doc FROM temp.{TABLE}_vocab")
        frequences = dict(cursor.fetchall())
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return frequences, cursor.fetchone()[0]


def vider_cache() -> None:
    global _etat
    _etat = None


# --- Search -------------------------------------------------------------------------------------


GRAND_INDEX = 2000  # documents
BUDGET_DOCUMENTS = 2500


def _racines_utiles(requete: Requete, courant: _Etat | None, exact: bool = False) -> list[str]:
    """The stems to search (SQLite).

    1. Stems found in more than half of the documents are left out: FTS5's bm25 gives them a
       null weight (idf clamped to 1e-6), so the ranking does not change, but scoring every
       document that holds them costs time.
    2. On a large index only (GRAND_INDEX documents or more; the real content holds less than a
       hundred rights), when the words of a query and its synonyms would together match more than
       BUDGET_DOCUMENTS documents, the most common words are left out of the matching, the rarest
       kept: bm25 costs time for each matching document and each word, and common words weigh
       least in bm25. `exact=True` turns this off (the benchmark measures what it changes).
    """
    racines = list(dict.fromkeys(racine(m) for m in requete.mots))
    if courant is None or not courant.nb_documents:
        return racines
    frequences = courant.frequences
    moitie = courant.nb_documents / 2
    utiles = [r for r in racines if frequences.get(r, 0) <= moitie] or racines
    if (
        exact
        or courant.nb_documents < GRAND_INDEX
        or sum(frequences.get(r, 0) for r in utiles) <= BUDGET_DOCUMENTS
    ):
        return utiles
    gardees, total = set(), 0
    for r in sorted(utiles, key=lambda r: frequences.get(r, 0)):
        total += frequences.get(r, 0)
        if gardees and total > BUDGET_DOCUMENTS:
            break
        gardees.add(r)
    return [r for r in utiles if r in gardees]


def _requete_sql(
    requete: Requete,
    territoires: list[str] | None,
    limite: int | None,
    courant: _Etat | None = None,
    exact: bool = False,
):
    """SQL and parameters returning (id, score), best first."""
    params: list = []
    if _pg():
        sql = (
            f"SELECT id, ts_rank('{POIDS_PG}', document, q) AS score "
            f"FROM {TABLE}, to_tsquery('{CONFIG_PG}', %s) q WHERE document @@ q"
        )
        params.append(" | ".join(dict.fromkeys(requete.mots)))
        if territoires is not None:
            sql += f" AND territoire IN ({', '.join(['%s'] * len(territoires))})"
            params.extend(territoires)
        sql += " ORDER BY score DESC, id"
    else:
        termes = " OR ".join(f'"{r}"' for r in _racines_utiles(requete, courant, exact))
        expression = f"{{titre resume corps}} : ({termes})"
        if territoires is not None:
            expression += " AND territoire : (" + " OR ".join(f"t{t}" for t in territoires) + ")"
        poids = ", ".join(str(p) for p in (0.0, *POIDS_SQLITE))
        # Only the rowid is read: reading another column costs a lookup per matching row.
        sql = (
            f"SELECT rowid, -bm25({TABLE}, {poids}) AS score FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s ORDER BY score DESC, rowid"
        )
        params.append(expression)
    if limite is not None:
        sql += " LIMIT %s"
        params.append(limite)
    return sql, params


def _dans_theme(codes: list[str], theme: str) -> bool:
    return any(c == theme or c.startswith(f"{theme}--") for c in codes)


@dataclass
class Recherche:
    requete: Requete
    resultats: list[Resultat]
    departement: str | None = None  # the département searched (given, or named in the query)


SEUIL_RELATIF = 0.5  # `elaguer`: results under this share of the best score are left out
GARDES = 3  # ... but never the first three


def rechercher(
    texte: str,
    departement: str | None = None,
    thematique: str | None = None,
    limite: int | None = LIMITE,
    exact: bool = False,
    elaguer: bool = False,
) -> Recherche:
    """Ranked published rights for a resident's query.

    With a département: national rights and that département's (its local versions replace the
    national pages); without: every right, local versions folded under their national page.
    A département named in the query ("rsa 77", "rsa seine-et-marne") is taken out of the words
    and used when none is given (`departements.extraire_departement`).
    `thematique` is a data·inclusion category ("logement-hebergement") or thematique code.
    `elaguer`: leave out the results far behind the best (under SEUIL_RELATIF of its score,
    after the first GARDES): a short list of what answers, for the public pages.
    """
    courant = etat()
    extraction = extraire_departement(texte or "")
    departement = departement or extraction.departement
    requete = courant.analyseur.analyser(extraction.texte)
    if requete.vide:
        return Recherche(requete, [], departement)
    territoires = [NATIONAL, departement] if departement else None
    marge = None if (thematique or limite is None) else limite * 2 + 10
    with connection.cursor() as cursor:
        sql, params = _requete_sql(requete, territoires, marge, courant, exact)
        cursor.execute(sql, params)
        lignes = cursor.fetchall()
    vus: dict[str, float] = {}
    for pk, score in lignes:
        slug = courant.slugs.get(pk)
        if slug is None:  # indexed but not published any more in this state
            continue
        if departement:
            slug = courant.variantes.get((slug, departement), slug)
        else:
            slug = courant.nationale.get(slug, slug)
        if slug not in courant.territoires:
            continue
        if thematique and not _dans_theme(courant.thematiques[slug], thematique):
            continue
        if slug not in vus:
            vus[slug] = float(score)
    resultats = [Resultat(slug, round(score, 6)) for slug, score in vus.items()]
    if elaguer and resultats:
        seuil = resultats[0].score * SEUIL_RELATIF
        resultats = [r for i, r in enumerate(resultats) if i < GARDES or r.score >= seuil]
    if limite is not None:
        resultats = resultats[:limite]
    return Recherche(requete, resultats, departement)
