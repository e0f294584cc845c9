"""Départements, EPCI and communes of France, loaded from content/territoires/ (see referentiel)."""

from __future__ import annotations

from django.db import models

from territoires.recherche import normaliser


class Departement(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.CharField("code région", max_length=3, blank=True)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class Epci(models.Model):
    """Établissement public de coopération intercommunale (communauté de communes, d'agglomération…)."""

    code = models.CharField("code SIREN", max_length=9, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=10, blank=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    nom_normalise = models.CharField("nom normalisé", max_length=100, db_index=True, editable=False)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes", verbose_name="département"
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name="EPCI",
    )
    codes_postaux = models.CharField(
        "codes postaux", max_length=200, blank=True, help_text="Séparés par des espaces."
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        ordering = ["nom"]
        indexes = [models.Index(fields=["departement", "nom_normalise"])]

    def __str__(self) -> str:
        return f"{self.nom} ({self.departement_id})"

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)

    @property
    def liste_codes_postaux(self) -> list[str]:
        return self.codes_postaux.split()

    @property
    def libelle(self) -> str:
        """'Melun (77000)' — how people recognise a commune."""
        cp = self.liste_codes_postaux
        return f"{self.nom} ({cp[0]})" if cp else f"{self.nom} ({self.departement_id})"
