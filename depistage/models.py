"""A screening run launched from the web interface: who uploaded it, for which structure, where
its files are, how far it got. The files themselves live outside the database (and outside any
served folder) in `depistage.stockage.dossier(depistage)`; they are deleted with the record."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class DepistageQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """The screenings of the actor's structure not yet expired (none for other roles)."""
        from django.utils import timezone

        from depistage.perms import peut_acceder

        if not peut_acceder(acteur):
            return self.none()
        return self.filter(structure_id=acteur.structure_id, expire_le__gt=timezone.now())


class Depistage(models.Model):
    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        TERMINE = "termine", "Terminé"
        ECHEC = "echec", "Échec"

    # A random identifier: URLs don't reveal how many screenings exist nor invite guessing.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.PROTECT,
        related_name="depistages",
        help_text="Structure qui a déposé le fichier : seuls ses agents voient les résultats.",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True, db_index=True)
    expire_le = models.DateTimeField(
        db_index=True, help_text="Le fichier et les résultats sont supprimés à cette date."
    )
    nom_fichier = models.CharField("fichier déposé", max_length=200)
    mois = models.CharField(max_length=7)
    statut = models.CharField(
        max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True
    )
    message = models.TextField(blank=True, help_text="En cas d'échec : la raison, en français.")
    pid = models.IntegerField(null=True, blank=True, help_text="Processus de calcul en cours.")
    lance_le = models.DateTimeField(null=True, blank=True)
    termine_le = models.DateTimeField(null=True, blank=True)
    synthese = models.JSONField(
        null=True, blank=True, help_text="Chiffres agrégés, sans donnée personnelle."
    )

    objects = DepistageQuerySet.as_manager()

    class Meta:
        verbose_name = "dépistage"
        verbose_name_plural = "dépistages"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Dépistage {self.nom_fichier} ({self.get_statut_display()})"
