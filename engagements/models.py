"""Le Schéma des solidarités (ou une démarche : états généraux, conférence) et ses engagements.

Un engagement a un porteur, une échéance, un statut (à venir, en cours, tenu, abandonné) et
l'historique daté de chaque changement, avec sa preuve. Ses indicateurs sont soit saisis, soit
reliés à un chiffre clé calculé en direct (registre de `chiffres`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from engagements import regles


class SchemaQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        return self  # documents publics


class Schema(models.Model):
    class Nature(models.TextChoices):
        SCHEMA = "schema", "Schéma départemental"
        ETATS_GENERAUX = "etats_generaux", "États généraux"
        CONFERENCE = "conference", "Conférence"

    cle = models.SlugField("clé", max_length=80, unique=True)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="schemas"
    )
    nature = models.CharField(max_length=20, choices=Nature.choices, default=Nature.SCHEMA)
    titre = models.CharField(max_length=200)
    annee = models.PositiveSmallIntegerField("année d'adoption ou d'annonce")
    debut = models.PositiveSmallIntegerField("début de la période", null=True, blank=True)
    fin = models.PositiveSmallIntegerField("fin de la période", null=True, blank=True)
    resume = models.TextField("résumé", blank=True)
    principes = models.JSONField("principes", default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)
    lien_source = models.URLField("lien vers la source", blank=True)
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    demo = models.BooleanField("donnée de démonstration", default=False)

    objects = SchemaQuerySet.as_manager()

    class Meta:
        verbose_name = "schéma ou démarche"
        verbose_name_plural = "schémas et démarches"
        ordering = ["departement", "-annee", "titre"]

    def __str__(self) -> str:
        return self.titre

    @property
    def periode(self) -> str:
        if self.debut and self.fin:
            return f"{self.debut}-{self.fin}"
        return str(self.annee)


class OrientationSchema(models.Model):
    schema = models.ForeignKey(Schema, on_delete=models.CASCADE, related_name="orientations")
    numero = models.PositiveSmallIntegerField("numéro")
    titre = models.CharField(max_length=300)

    class Meta:
        verbose_name = "orientation du schéma"
        verbose_name_plural = "orientations du schéma"
        ordering = ["schema", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["schema", "numero"], name="orientation_schema_numero")
        ]

    def __str__(self) -> str:
        return f"{self.numero}. {self.titre}"


class ActionSchema(models.Model):
    orientation = models.ForeignKey(
        OrientationSchema, on_delete=models.CASCADE, related_name="actions"
    )
    titre = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "action du schéma"
        verbose_name_plural = "actions du schéma"
        ordering = ["orientation", "pk"]

    def __str__(self) -> str:
        return self.titre


class EngagementQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        return self  # publics : ce que le département a promis se lit par tous

    def du_departement(self, code: str):
        return self.filter(schema__departement_id=code)


class Engagement(models.Model):
    schema = models.ForeignKey(Schema, on_delete=models.PROTECT, related_name="engagements")
    orientation = models.ForeignKey(
        OrientationSchema,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
    )
    numero = models.PositiveSmallIntegerField("numéro")
    titre = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    porteur = models.CharField(
        "porteur", max_length=200, help_text="Direction ou service qui porte l'engagement."
    )
    structure_porteuse = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure porteuse",
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    statut = models.CharField(
        max_length=12, choices=list(regles.STATUTS.items()), default="a_venir"
    )
    statut_depuis = models.DateField("statut depuis le", default=timezone.localdate)
    source = models.CharField(max_length=300, blank=True)
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = "engagement"
        ordering = ["schema", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["schema", "numero"], name="engagement_schema_numero")
        ]

    def __str__(self) -> str:
        return f"Engagement n°{self.numero} : {self.titre}"

    def etat(self, aujourdhui=None) -> str:
        return regles.etat(self.statut, self.echeance, aujourdhui or timezone.localdate())

    @property
    def libelle_etat(self) -> str:
        return regles.ETAT_LIBELLE[self.etat()]

    @property
    def en_retard(self) -> bool:
        return self.etat() == "en_retard"


class ChangementStatut(models.Model):
    """Un changement de statut, daté, avec sa preuve : l'historique public de l'engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="changements")
    ancien = models.CharField(max_length=12, choices=list(regles.STATUTS.items()), blank=True)
    nouveau = models.CharField(max_length=12, choices=list(regles.STATUTS.items()))
    date = models.DateField("date du changement")
    preuve = models.TextField("preuve", max_length=2000)
    lien_preuve = models.URLField("lien vers la preuve", blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enregistre_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["engagement", "date", "enregistre_le"]

    def __str__(self) -> str:
        return f"{self.engagement_id} : {self.ancien or '—'} → {self.nouveau} ({self.date})"


class IndicateurEngagement(models.Model):
    """Ce qui mesure un engagement : un chiffre clé en direct (`code_chiffre`) ou une valeur
    saisie par la direction (`valeur`, `mesure_le`)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="indicateurs")
    libelle = models.CharField("libellé", max_length=300)
    code_chiffre = models.CharField(
        "chiffre clé relié",
        max_length=80,
        blank=True,
        help_text="Code d'un indicateur du registre des chiffres clés (calculé en direct).",
    )
    valeur = models.FloatField(null=True, blank=True)
    cible = models.FloatField(null=True, blank=True)
    unite = models.CharField("unité", max_length=40, blank=True)
    mesure_le = models.DateField("mesuré le", null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "indicateur d'engagement"
        verbose_name_plural = "indicateurs d'engagement"
        ordering = ["engagement", "pk"]

    def __str__(self) -> str:
        return self.libelle
