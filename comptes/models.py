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
