"""Accounts' membership of a structure, and the audit trail of accesses to people's files."""

from django.conf import settings
from django.db import models

from comptes.roles import CHOICES as ROLE_CHOICES
from comptes.roles import Role


class Membre(models.Model):
    """An account's structure and role. One structure per account (an agent with two structures
    has two accounts: what they see must never mix)."""

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membre"
    )
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="membres"
    )
    role = models.CharField("rôle", max_length=32, choices=ROLE_CHOICES)
    actif = models.BooleanField(default=True)
    demo = models.BooleanField(
        "compte de démonstration", default=False, help_text="Créé par charger_demo_comptes."
    )

    class Meta:
        verbose_name = "membre d'une structure"
        verbose_name_plural = "membres des structures"

    def __str__(self):
        return f"{self.utilisateur.get_username()} — {self.role_enum.libelle}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class EvenementAudit(models.Model):
    """One read or write of a person's file (or of a list of files). No personal data here:
    only ids, the kind of object, the action, who and from where."""

    class Action(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        LISTE = "liste", "Consultation d'une liste"
        CREATION = "creation", "Création"
        MODIFICATION = "modification", "Modification"
        EXPORT = "export", "Export (droit d'accès)"
        ORIENTATION = "orientation", "Orientation"
        REPONSE = "reponse", "Réponse à une orientation"
        ANONYMISATION = "anonymisation", "Anonymisation"
        REFUS = "refus", "Accès refusé"

    horodatage = models.DateTimeField(auto_now_add=True, db_index=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    identifiant = models.CharField("identifiant du compte", max_length=150, blank=True)
    structure = models.ForeignKey(
        "annuaire.Structure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Structure du compte qui a agi.",
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    objet = models.CharField(max_length=20, help_text="personne, contact, orientation, demande…")
    objet_id = models.BigIntegerField(null=True, blank=True)
    personne_id = models.BigIntegerField("dossier", null=True, blank=True, db_index=True)
    structure_dossier_id = models.BigIntegerField(
        "structure détentrice du dossier", null=True, blank=True, db_index=True
    )
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    canal = models.CharField(max_length=12, default="page", help_text="page, api, commande")
    chemin = models.CharField(max_length=200, blank=True, help_text="Chemin, sans paramètres.")

    class Meta:
        verbose_name = "événement du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-horodatage", "-pk"]

    def __str__(self):
        return f"{self.horodatage:%Y-%m-%d %H:%M} {self.identifiant} {self.action} {self.objet}"


class DemandeAcces(models.Model):
    """A ProConnect login that matched no active account: recorded, never turned into an account
    with rights until an administrator approves it with a role (docs/modules/comptes.md)."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        APPROUVEE = "approuvee", "Approuvée"
        REFUSEE = "refusee", "Refusée"

    courriel = models.EmailField("courriel", db_index=True)
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    sub = models.CharField("identifiant ProConnect (sub)", max_length=255, blank=True)
    structure = models.ForeignKey(
        "annuaire.Structure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_acces",
        help_text="La structure de l'annuaire qui a ce SIRET (une seule), sinon vide.",
    )
    statut = models.CharField(
        max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True
    )
    role = models.CharField("rôle accordé", max_length=32, choices=ROLE_CHOICES, blank=True)
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Le compte créé à l'approbation.",
    )
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    traitee_le = models.DateTimeField(null=True, blank=True)
    creee_le = models.DateTimeField(auto_now_add=True)
    demo = models.BooleanField("démonstration", default=False)

    class Meta:
        verbose_name = "demande d'accès (ProConnect)"
        verbose_name_plural = "demandes d'accès (ProConnect)"
        ordering = ["-creee_le", "-pk"]

    def __str__(self):
        return f"{self.courriel} ({self.get_statut_display()})"

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip() or self.courriel
