"""Keep the search index in step with every save (admin, loader, shell)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from droits.models import Droit
from droits.recherche import index


@receiver(post_save, sender=Droit, dispatch_uid="droits_indexer")
def indexer_droit(sender, instance: Droit, raw=False, **kwargs):
    if not raw:
        index.indexer([instance])


@receiver(post_delete, sender=Droit, dispatch_uid="droits_desindexer")
def desindexer_droit(sender, instance: Droit, **kwargs):
    index.desindexer([instance.pk])
