"""Conventions du département avec ses partenaires : parties (structures de l'annuaire), objet,
axes, période, montants annuels, versements, actions de chaque partie, indicateurs et leurs
relevés saisis par la structure qui en a la charge, revues annuelles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conventions import perms

POLITIQUES = {
    "insertion": "Insertion et RSA",
    "enfance-famille": "Enfance et familles",
    "jeunesse": "Jeunesse",
    "handicap": "Handicap",
    "autonomie": "Autonomie des personnes âgées",
    "logement": "Logement",
    "acces-aux-droits": "Accès aux droits et accueil",
    "transversal": "Plusieurs politiques",
}


class ConventionQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """Le pilotage : toutes celles de son département ; une structure : celles dont elle
        est partie ; personne d'autre."""
        if acteur.structure_id is None:
            return self.none()
        q = Q(parties__structure_id=acteur.structure_id)
        if perms.est_pilotage(acteur):
            q |= Q(departement_id=acteur.departement)
        return self.filter(q).distinct()


class Convention(models.Model):
    cle = models.SlugField("clé", max_length=80, unique=True)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="conventions"
    )
    titre = models.CharField(max_length=200)
    objet = models.TextField()
    politique = models.CharField(max_length=20, choices=list(POLITIQUES.items()))
    debut = models.DateField("début")
    fin = models.DateField("fin")
    signee_le = models.DateField("signée le", null=True, blank=True)
    prochaine_revue = models.DateField("prochaine revue", null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    demo = models.BooleanField("donnée de démonstration", default=False)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        ordering = ["departement", "-debut", "titre"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=models.F("debut")), name="convention_dates")
        ]

    def __str__(self) -> str:
        return self.titre

    @property
    def en_vigueur(self) -> bool:
        return self.debut <= timezone.localdate() <= self.fin

    @property
    def annees(self) -> list[int]:
        return list(range(self.debut.year, self.fin.year + 1))


class Partie(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="parties_conventions"
    )
    qualite = models.CharField("qualité", max_length=100, help_text="Ville, CCAS, association…")

    class Meta:
        verbose_name = "partie"
        ordering = ["convention", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "structure"], name="partie_unique")
        ]

    def __str__(self) -> str:
        return f"{self.structure} ({self.qualite})"


class Axe(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="axes")
    numero = models.PositiveSmallIntegerField("numéro")
    titre = models.CharField(max_length=300)

    class Meta:
        verbose_name = "axe"
        ordering = ["convention", "numero"]

    def __str__(self) -> str:
        return f"Axe {self.numero} : {self.titre}"


class MontantAnnuel(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="montants")
    partie = models.ForeignKey(
        Partie,
        on_delete=models.CASCADE,
        related_name="montants",
        null=True,
        blank=True,
        verbose_name="bénéficiaire",
        help_text="Vide : montant publié pour l'ensemble des parties, sans répartition.",
    )
    annee = models.PositiveSmallIntegerField("année")
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "montant annuel"
        verbose_name_plural = "montants annuels"
        ordering = ["convention", "annee", "partie"]

    def __str__(self) -> str:
        return f"{self.annee} : {self.montant} €"


class Versement(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versements")
    partie = models.ForeignKey(Partie, on_delete=models.CASCADE, related_name="versements")
    date = models.DateField()
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    libelle = models.CharField("libellé", max_length=200, blank=True)

    class Meta:
        verbose_name = "versement"
        ordering = ["convention", "date"]

    def __str__(self) -> str:
        return f"{self.date} : {self.montant} €"


class ActionConvention(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="actions")
    axe = models.ForeignKey(Axe, on_delete=models.SET_NULL, null=True, blank=True)
    partie = models.ForeignKey(
        Partie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="qui s'engage",
        help_text="Vide : le Département.",
    )
    titre = models.CharField(max_length=300)

    class Meta:
        verbose_name = "action"
        ordering = ["convention", "axe__numero", "pk"]

    def __str__(self) -> str:
        return self.titre


class IndicateurConvention(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="indicateurs")
    axe = models.ForeignKey(Axe, on_delete=models.SET_NULL, null=True, blank=True)
    partie = models.ForeignKey(
        Partie,
        on_delete=models.CASCADE,
        related_name="indicateurs",
        verbose_name="structure qui le renseigne",
    )
    libelle = models.CharField("libellé", max_length=300)
    unite = models.CharField("unité", max_length=40, blank=True)
    cible = models.FloatField("cible annuelle", null=True, blank=True)

    class Meta:
        verbose_name = "indicateur de convention"
        verbose_name_plural = "indicateurs de convention"
        ordering = ["convention", "axe__numero", "pk"]

    def __str__(self) -> str:
        return self.libelle


class Releve(models.Model):
    """La valeur d'un indicateur pour une année, saisie depuis le compte d'une structure."""

    indicateur = models.ForeignKey(
        IndicateurConvention, on_delete=models.CASCADE, related_name="releves"
    )
    annee = models.PositiveSmallIntegerField("année")
    valeur = models.FloatField()
    commentaire = models.TextField(blank=True, max_length=2000)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saisi_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "relevé"
        ordering = ["indicateur", "annee"]
        constraints = [
            models.UniqueConstraint(fields=["indicateur", "annee"], name="releve_indicateur_annee")
        ]

    def __str__(self) -> str:
        return f"{self.indicateur_id} {self.annee} : {self.valeur}"


class Revue(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="revues")
    annee = models.PositiveSmallIntegerField("année revue")
    date = models.DateField("date de la revue")
    conclusions = models.TextField(max_length=4000)

    class Meta:
        verbose_name = "revue annuelle"
        verbose_name_plural = "revues annuelles"
        ordering = ["convention", "annee"]

    def __str__(self) -> str:
        return f"Revue {self.annee}"


class Alerte(models.Model):
    """Une alerte envoyée (pour ne pas l'envoyer deux fois)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="alertes")
    nature = models.CharField(max_length=10, choices=[("fin", "Fin"), ("revue", "Revue")])
    echeance = models.DateField()
    envoyee_le = models.DateTimeField(default=timezone.now)
    destinataires = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "nature", "echeance"], name="alerte_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.convention_id} {self.nature} {self.echeance}"
