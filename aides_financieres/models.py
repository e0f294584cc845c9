"""The single fund: applications, their needs and documents, decisions, commissions, payments,
loans and yearly envelopes.

An application hangs on THE person's file (`accueil.Personne`); its household, resources and
charges are a snapshot taken when it is filed (the Situation contract of the bilan, from the
person's file or a kept bilan's code), since the decision is taken on what was declared then.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aides_financieres import perms
from aides_financieres.bareme import BENEFICIAIRES, BESOINS, FORMES
from aides_financieres.regles import (
    CANAUX_NOTIFICATION,
    CANAUX_RELANCE,
    DECISIONS,
    MODES_DECISION,
    MOTIFS_REFUS,
    PIECES,
    STATUTS,
)


class StockagePieces(FileSystemStorage):
    """Supporting documents live under var/pieces-aides/ (SOLIDARITES_PIECES_DIR), outside the
    web root: no URL, they are only ever served by the application's view after the access
    check. The folder is read from the settings at each use (tests point it elsewhere)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.AIDES_FINANCIERES_PIECES_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Les pièces justificatives n'ont pas d'adresse publique.")


def _chemin_lettre(instance, nom):
    import secrets

    return f"lettres/{instance.decision.demande_id}/{secrets.token_hex(16)}.pdf"


def stockage_pieces():
    """A callable, so that the migration does not record this machine's path."""
    return StockagePieces()


def _chemin_piece(instance, nom):
    # Never the uploaded name on disk: a random name under the application's number.
    import secrets

    return f"{instance.demande_id}/{secrets.token_hex(16)}"


class DemandeQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """The applications this actor may list (the same rule as perms.peut_voir_demande)."""
        if perms.est_deposant(acteur):
            return self.filter(structure_id=acteur.structure_id)
        if perms.est_service(acteur) or perms.est_commission(acteur):
            return self.filter(departement=acteur.departement)
        return self.none()


class DemandeAide(models.Model):
    Statut = models.TextChoices("Statut", [(k, v) for k, v in STATUTS.items()])

    reference = models.CharField("numéro", max_length=20, unique=True)
    personne = models.ForeignKey(
        "accueil.Personne", on_delete=models.PROTECT, related_name="demandes_aide"
    )
    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.PROTECT,
        related_name="demandes_aide",
        verbose_name="structure qui dépose",
    )
    departement = models.CharField("département", max_length=3, db_index=True)
    territoire = models.CharField(
        "territoire", max_length=150, blank=True, help_text="La MDS / l'EDS du secteur."
    )
    statut = models.CharField(
        max_length=24, choices=Statut.choices, default="brouillon", db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    code_bilan = models.CharField("code du bilan", max_length=20, blank=True)
    situation = models.JSONField("foyer déclaré (format du bilan)")
    prestations = models.JSONField("prestations perçues (€ par mois)", default=dict, blank=True)
    charges = models.JSONField("charges fixes (€ par mois)", default=dict, blank=True)
    evaluation_sociale = models.TextField(
        "évaluation du travailleur social", blank=True, max_length=6000
    )
    proposition = models.JSONField("proposition du barème", null=True, blank=True)
    montant_demande = models.DecimalField(
        "montant demandé", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    montant_propose = models.DecimalField(
        "montant proposé", max_digits=10, decimal_places=2, null=True, blank=True
    )
    montant_accorde = models.DecimalField(
        "montant accordé", max_digits=10, decimal_places=2, null=True, blank=True
    )
    mode_decision = models.CharField(
        max_length=12, choices=sorted(MODES_DECISION.items()), blank=True
    )
    motif_refus = models.CharField(
        "motif du refus", max_length=24, choices=list(MOTIFS_REFUS.items()), blank=True
    )
    commission = models.ForeignKey(
        "Commission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes",
        verbose_name="commission (ordre du jour)",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now, db_index=True)
    deposee_le = models.DateTimeField("déposée le", null=True, blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True, db_index=True)
    modifie_le = models.DateTimeField(auto_now=True)
    demo = models.BooleanField("donnée de démonstration", default=False)

    objects = DemandeQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'aide financière"
        verbose_name_plural = "demandes d'aide financière"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["departement", "statut"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_demande__gte=0), name="af_demande_montant_positif"
            ),
            models.CheckConstraint(
                condition=Q(montant_accorde__isnull=True) | Q(montant_accorde__gte=0),
                name="af_demande_accorde_positif",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def statut_libelle(self) -> str:
        return STATUTS.get(self.statut, self.statut)

    @property
    def delai_jours(self) -> int | None:
        if self.deposee_le and self.decidee_le:
            return (self.decidee_le - self.deposee_le).days
        return None


class Besoin(models.Model):
    """One need of the application: what, how much, who is owed."""

    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="besoins")
    besoin = models.CharField(max_length=20, choices=list(BESOINS.items()))
    montant = models.DecimalField("montant", max_digits=10, decimal_places=2)
    creancier = models.CharField(
        "à payer à", max_length=24, choices=list(BENEFICIAIRES.items()), default="personne"
    )
    creancier_nom = models.CharField("nom du créancier", max_length=150, blank=True)
    precision = models.CharField("précision", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="af_besoin_montant_positif")
        ]

    def __str__(self):
        return f"{self.libelle} : {self.montant} €"

    @property
    def libelle(self) -> str:
        return BESOINS.get(self.besoin, self.besoin)


class PieceJustificative(models.Model):
    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="pieces")
    nature = models.CharField(max_length=12, choices=list(PIECES.items()))
    fichier = models.FileField(storage=stockage_pieces, upload_to=_chemin_piece, max_length=200)
    nom = models.CharField("nom du fichier", max_length=150)
    type_mime = models.CharField(max_length=60)
    taille = models.PositiveIntegerField("taille (octets)")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deposee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.nom

    @property
    def nature_libelle(self) -> str:
        return PIECES.get(self.nature, self.nature)


class HistoriqueStatut(models.Model):
    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="historique")
    de = models.CharField(max_length=24, blank=True)
    vers = models.CharField(max_length=24)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    par_nom = models.CharField(max_length=150, blank=True)
    le = models.DateTimeField(default=timezone.now)
    commentaire = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.demande_id} → {self.vers}"

    @property
    def vers_libelle(self) -> str:
        return STATUTS.get(self.vers, self.vers)


class CommissionQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        if perms.peut_voir_commissions(acteur):
            return self.filter(departement=acteur.departement)
        return self.none()


class Commission(models.Model):
    """A session of the département's aid commission: its agenda is the applications attached
    to it; decisions taken in session are recorded against it."""

    departement = models.CharField("département", max_length=3, db_index=True)
    date = models.DateField("date de la séance")
    lieu = models.CharField("lieu", max_length=200, blank=True)
    presidence = models.CharField("présidée par", max_length=150, blank=True)
    membres = models.TextField("membres présents", blank=True, max_length=2000)
    tenue = models.BooleanField("séance tenue", default=False)
    observations = models.TextField("observations", blank=True, max_length=4000)
    cree_le = models.DateTimeField(auto_now_add=True)
    demo = models.BooleanField(default=False)

    objects = CommissionQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"Commission du {self.date:%d/%m/%Y}"


class PresenceCommission(models.Model):
    """A member of the commission (an account of role `commission` of the département) and
    whether they sat in this session. Only members present (or the aid service, its
    secretary) record the session's decisions; the minutes list who was there."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="presences")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nom = models.CharField("nom du membre", max_length=150)
    present = models.BooleanField("présent", default=False)
    note_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "utilisateur"], name="af_presence_unique")
        ]

    def __str__(self):
        return f"{self.nom} ({'présent' if self.present else 'absent'})"


class Decision(models.Model):
    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="decisions")
    nature = models.CharField(max_length=24, choices=list(DECISIONS.items()))
    mode = models.CharField(max_length=12, choices=sorted(MODES_DECISION.items()))
    commission = models.ForeignKey(
        Commission, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    montant = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    motif_refus = models.CharField(max_length=24, choices=list(MOTIFS_REFUS.items()), blank=True)
    motivation = models.TextField("motivation", blank=True, max_length=2000)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="af_decision_montant_positif")
        ]

    def __str__(self):
        return f"{self.nature_libelle} ({self.montant} €)"

    @property
    def nature_libelle(self) -> str:
        return DECISIONS.get(self.nature, self.nature)


class LettreNotification(models.Model):
    """The letter sent to the person for one decision: generated once, kept (the copy sent,
    under the documents' folder, outside the web root, served only through the gate), and
    recorded as sent (when, how, by whom)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="lettre")
    fichier = models.FileField(storage=stockage_pieces, upload_to=_chemin_lettre, max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    generee_le = models.DateTimeField("générée le", default=timezone.now)
    envoyee_le = models.DateTimeField("envoyée le", null=True, blank=True)
    canal = models.CharField(
        "envoyée par", max_length=12, choices=list(CANAUX_NOTIFICATION.items()), blank=True
    )
    envoyee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    envoyee_par_nom = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "lettre de notification"

    def __str__(self):
        return f"Lettre de la décision {self.decision_id}"

    @property
    def canal_libelle(self) -> str:
        return CANAUX_NOTIFICATION.get(self.canal, self.canal)


class AideQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        if perms.peut_voir_paiements(acteur):
            return self.filter(demande__departement=acteur.departement)
        return self.none()


class AideAccordee(models.Model):
    """One granted line: a fund, an amount, a form (gift or loan), who is paid. The commitment
    counted against the fund's envelope of the year and territory."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="aides")
    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="aides")
    fonds = models.CharField(max_length=40, db_index=True)
    fonds_label = models.CharField(max_length=150)
    besoin = models.CharField(max_length=20, choices=list(BESOINS.items()))
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    forme = models.CharField(max_length=12, choices=list(FORMES.items()), default="subvention")
    duree_pret_mois = models.PositiveSmallIntegerField(default=0)
    beneficiaire = models.CharField(max_length=24, choices=list(BENEFICIAIRES.items()))
    beneficiaire_nom = models.CharField("nom du bénéficiaire du paiement", max_length=150)
    annee = models.PositiveSmallIntegerField(db_index=True)
    territoire = models.CharField(max_length=150, blank=True)

    objects = AideQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="af_aide_montant_positif")
        ]

    def __str__(self):
        return f"{self.fonds_label} : {self.montant} €"

    @property
    def paye(self) -> Decimal:
        return sum((p.montant for p in self.paiements.all()), Decimal("0"))

    @property
    def reste_a_payer(self) -> Decimal:
        return self.montant - self.paye

    def etat_pret(self, aujourdhui=None):
        """A loan's balance and late instalments (prefetch `echeances` and `remboursements`
        for lists)."""
        from aides_financieres.regles import Echeance as E
        from aides_financieres.regles import etat_pret

        return etat_pret(
            self.montant,
            [E(e.rang, e.date, e.montant) for e in self.echeances.all()],
            sum((r.montant for r in self.remboursements.all()), Decimal("0")),
            aujourdhui or timezone.localdate(),
        )


class Paiement(models.Model):
    aide = models.ForeignKey(AideAccordee, on_delete=models.PROTECT, related_name="paiements")
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    beneficiaire = models.CharField(max_length=24, choices=list(BENEFICIAIRES.items()))
    beneficiaire_nom = models.CharField(max_length=150)
    date_paiement = models.DateField("date du paiement", default=timezone.localdate)
    reference_mandat = models.CharField("numéro de mandat", max_length=40, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date_paiement", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="af_paiement_montant_positif")
        ]

    def __str__(self):
        return f"Paiement de {self.montant} € à {self.beneficiaire_nom}"


class Echeance(models.Model):
    """One instalment of a repayable loan."""

    aide = models.ForeignKey(AideAccordee, on_delete=models.CASCADE, related_name="echeances")
    rang = models.PositiveSmallIntegerField()
    date = models.DateField()
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    remboursee_le = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["aide", "rang"]

    def __str__(self):
        return f"Échéance {self.rang} : {self.montant} €"


class Remboursement(models.Model):
    """Money the person paid back on a loan (any amount: it covers the oldest instalments
    first, see regles.etat_pret)."""

    aide = models.ForeignKey(AideAccordee, on_delete=models.PROTECT, related_name="remboursements")
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    date = models.DateField("date du remboursement", default=timezone.localdate)
    reference = models.CharField("référence (titre de recette…)", max_length=40, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gt=0), name="af_remboursement_montant_positif"
            )
        ]

    def __str__(self):
        return f"Remboursement de {self.montant} €"


class Relance(models.Model):
    """A reminder sent to the person about late instalments of a loan."""

    aide = models.ForeignKey(AideAccordee, on_delete=models.CASCADE, related_name="relances")
    canal = models.CharField(max_length=12, choices=list(CANAUX_RELANCE.items()))
    montant_du = models.DecimalField("montant en retard", max_digits=10, decimal_places=2)
    echeances = models.PositiveSmallIntegerField("échéances en retard")
    le = models.DateTimeField(default=timezone.now)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    par_nom = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"Relance {self.canal} du {self.le:%d/%m/%Y}"

    @property
    def canal_libelle(self) -> str:
        return CANAUX_RELANCE.get(self.canal, self.canal)


class EnveloppeQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        if perms.peut_voir_budget(acteur):
            return self.filter(departement=acteur.departement)
        return self.none()


class Enveloppe(models.Model):
    """The yearly budget of one fund in one territory (blank: the whole département)."""

    departement = models.CharField(max_length=3, db_index=True)
    annee = models.PositiveSmallIntegerField("année")
    fonds = models.CharField(max_length=40)
    territoire = models.CharField(max_length=150, blank=True)
    montant = models.DecimalField(max_digits=12, decimal_places=2)
    seuil_alerte = models.PositiveSmallIntegerField("seuil d'alerte (%)", default=80)
    demo = models.BooleanField(default=False)

    objects = EnveloppeQuerySet.as_manager()

    class Meta:
        ordering = ["annee", "fonds", "territoire"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "annee", "fonds", "territoire"], name="af_enveloppe_unique"
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="af_enveloppe_positive"),
        ]

    def __str__(self):
        return f"{self.fonds} {self.annee} {self.territoire or self.departement}"
