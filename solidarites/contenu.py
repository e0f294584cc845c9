"""The version of the public content, which keys the cache of public pages (issue 18: after a
reload of the content or an administrator's edit of an aid or a structure, the 60 s page cache
went on serving the old page).

The version is a token in the database (`VersionContenu`, one row), changed:
- in the same transaction as every write (save, delete, many-to-many change) of a model of the
  content apps (`APPLICATIONS`: rights, directory, territories, Schéma, conventions,
  participation), by a signal: an administrator's edit, a step of the load;
- at the end of `solidarites charger_contenus`, whatever happened, because a loader may write
  in bulk (bulk_create, update) without signals.

The page cache (`solidarites.cache_pages`) puts the version in its keys: a page stored before
the change is never looked up again. Each process reads the token at most once a second
(`RELECTURE`, one indexed read) and forgets it as soon as its own write is committed: the
process that made the change serves the new page at once, the others within a second.
"""

from __future__ import annotations

import time
import uuid

from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# The apps whose data the public pages show.
APPLICATIONS = frozenset(
    {"droits", "annuaire", "territoires", "engagements", "conventions", "participation"}
)
RELECTURE = 1.0  # seconds a process keeps the token it read
INCONNUE = "0"  # before the first migration (no table yet)

_lu: tuple[str, float] | None = None  # (token, monotonic time read): one tuple, swapped whole


def version() -> str:
    """The current content version (read from the database at most once per RELECTURE)."""
    global _lu
    lu = _lu
    maintenant = time.monotonic()
    if lu is not None and maintenant - lu[1] < RELECTURE:
        return lu[0]
    from solidarites.models import VersionContenu

    try:
        with connection.cursor() as cursor:  # raw SQL: read on the hot path of public pages
            cursor.execute(f"SELECT jeton FROM {VersionContenu._meta.db_table} WHERE id = 1")
            ligne = cursor.fetchone()
    except DatabaseError:
        return INCONNUE
    jeton = ligne[0] if ligne else INCONNUE
    _lu = (jeton, maintenant)
    return jeton


def oublier() -> None:
    """Forget the token this process read (the next request reads it again)."""
    global _lu
    _lu = None


def changer(using: str | None = None) -> str:
    """A new content version, written in the current transaction; this process forgets the
    token it read once the transaction is committed."""
    from solidarites.models import VersionContenu

    jeton = uuid.uuid4().hex
    lignes = VersionContenu.objects.using(using).filter(pk=1)
    if not lignes.update(jeton=jeton, change_le=timezone.now()):
        VersionContenu.objects.using(using).update_or_create(pk=1, defaults={"jeton": jeton})
    transaction.on_commit(oublier, using=using)
    return jeton


def _contenu_modifie(sender, using=None, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata of fixtures: the load command changes the version at its end
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: once, after the change
    changer(using)


def brancher() -> None:
    """Connect the signals to every model of the content apps (called by the app's ready())."""
    from django.apps import apps

    for app in APPLICATIONS:
        try:
            config = apps.get_app_config(app)
        except LookupError:
            continue
        for modele in config.get_models():
            uid = f"contenu:{modele._meta.label}"
            post_save.connect(_contenu_modifie, sender=modele, dispatch_uid=uid + ":save")
            post_delete.connect(_contenu_modifie, sender=modele, dispatch_uid=uid + ":delete")
            for champ in modele._meta.local_many_to_many:
                m2m_changed.connect(
                    _contenu_modifie,
                    sender=champ.remote_field.through,
                    dispatch_uid=uid + champ.name,
                )
