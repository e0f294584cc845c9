"""Reindex a structure's zones when it, one of its services or its sector changes."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from annuaire.models import Secteur, Service, Structure

_suspendu: ContextVar[bool] = ContextVar("reindexation_suspendue", default=False)


@contextmanager
def reindexation_suspendue():
    """For bulk loads: the caller calls `zones.reindexer` once at the end."""
    jeton = _suspendu.set(True)
    try:
        yield
    finally:
        _suspendu.reset(jeton)


@receiver(post_save, sender=Structure)
def structure_enregistree(sender, instance, raw=False, **kwargs):
    if not raw and not _suspendu.get():
        from annuaire.zones import reindexer

        reindexer([instance.pk])


@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=Secteur)
@receiver(post_delete, sender=Secteur)
def enfant_modifie(sender, instance, raw=False, **kwargs):
    if raw or _suspendu.get():
        return
    from annuaire.zones import reindexer

    if Structure.objects.filter(pk=instance.structure_id).exists():
        reindexer([instance.structure_id])
