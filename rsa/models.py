"""The RSA pathway of a person: entries, changes and exits sent monthly by the CAF / MSA, the
diagnostic, the orientation decision and its history, the référent unique, the accompagnement
global, the engagement contract (CER / PPAE), invitations and meetings, parcours types.

Everything hangs on `accueil.models.Personne`, THE person's file: no identity field is copied
here. Who sees which beneficiary is decided in `rsa/perms.py` (plain Python) and applied by
`BeneficiaireQuerySet.visibles_par`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from rsa import perms, regles


def _choix(d: dict) -> list[tuple[str, str]]:
    return list(d.items())


class BeneficiaireQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """The beneficiaries this actor may see (see rsa/perms.py for the rule)."""
        portee = perms.portee(acteur)
        if portee.departement:
            return self.filter(departement=portee.departement)
        filtre = Q()
        if portee.structure_id:
            filtre |= Q(structure_referente_id=portee.structure_id)
        if portee.referent_id:
            filtre |= Q(referent_id=portee.referent_id)
        if portee.conseiller_id:
            filtre |= Q(
                accompagnements_globaux__conseiller_id=portee.conseiller_id,
                accompagnements_globaux__fin_le__isnull=True,
            )
        if not filtre:
            return self.none()
        ids = self.filter(filtre).values("pk")
        return self.filter(pk__in=ids)


class Beneficiaire(models.Model):
    """A person's RSA right as the CAF / MSA sends it, and where their pathway stands (the
    current orientation, référent and first meeting are kept here for the lists and the
    dashboard; their history is in the models below)."""

    personne = models.OneToOneField(
        "accueil.Personne", on_delete=models.PROTECT, related_name="rsa", verbose_name="dossier"
    )
    departement = models.CharField("département", max_length=3, db_index=True)
    organisme = models.CharField(max_length=3, choices=_choix(regles.ORGANISMES), default="caf")
    numero_allocataire = models.CharField(
        "numéro d'allocataire", max_length=20, blank=True, help_text="Vide si saisi à la main."
    )
    territoire = models.ForeignKey(
        "annuaire.Structure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="territoire (MDS / EDS qui sert la commune)",
    )
    date_entree = models.DateField("ouverture du droit")
    statut = models.CharField(
        max_length=10, choices=_choix(regles.STATUTS_DROIT), default="ouvert", db_index=True
    )
    sorti_le = models.DateField("sorti le", null=True, blank=True)
    motif_sortie = models.CharField(
        "motif de sortie", max_length=20, blank=True, choices=_choix(regles.MOTIFS_SORTIE)
    )
    nombre_enfants = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    # Where the pathway stands (history in DecisionOrientation, Designation, RendezVous).
    orientation = models.CharField(
        max_length=24, blank=True, choices=_choix(regles.ORIENTATIONS), db_index=True
    )
    oriente_le = models.DateField("orienté le", null=True, blank=True)
    structure_referente = models.ForeignKey(
        "annuaire.Structure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beneficiaires_rsa",
        verbose_name="structure référente",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="beneficiaires_rsa",
        verbose_name="référent unique",
    )
    referent_designe_le = models.DateField("référent désigné le", null=True, blank=True)
    premier_rdv_le = models.DateField("premier rendez-vous honoré le", null=True, blank=True)
    # The current engagement contract (kept by rsa.services for the dashboard).
    contrat_signe_le = models.DateField("contrat signé le", null=True, blank=True)
    contrat_fin_le = models.DateField("fin du contrat", null=True, blank=True)
    prochaine_revue_le = models.DateField("prochaine revue du contrat", null=True, blank=True)
    source = models.CharField(
        max_length=10, default="flux", choices=[("flux", "Flux CAF / MSA"), ("saisie", "Saisie")]
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = BeneficiaireQuerySet.as_manager()

    class Meta:
        verbose_name = "bénéficiaire du RSA"
        verbose_name_plural = "bénéficiaires du RSA"
        ordering = ["date_entree", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "organisme", "numero_allocataire"],
                condition=~Q(numero_allocataire=""),
                name="rsa_numero_allocataire_unique",
            )
        ]
        indexes = [
            models.Index(fields=["departement", "statut"]),
            models.Index(fields=["territoire", "statut"]),
            models.Index(fields=["structure_referente", "statut"]),
            # The dashboard's monthly counts.
            models.Index(fields=["departement", "date_entree"]),
            models.Index(fields=["departement", "oriente_le"]),
            models.Index(fields=["departement", "premier_rdv_le"]),
            models.Index(fields=["departement", "sorti_le"]),
        ]

    def __str__(self):
        return f"Bénéficiaire RSA n° {self.pk}"

    @property
    def vue(self) -> perms.BeneficiaireVue:
        return perms.BeneficiaireVue(
            departement=self.departement,
            structure_referente_id=self.structure_referente_id,
            referent_id=self.referent_id,
            conseillers_ids=frozenset(
                a.conseiller_id for a in self.accompagnements_globaux.all() if a.fin_le is None
            ),
        )


class Evenement(models.Model):
    """One step of the person's pathway, as the history shows it (no personal content: what
    happened, when, by whom)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="evenements"
    )
    le = models.DateTimeField(default=timezone.now)
    type = models.CharField(max_length=30)
    libelle = models.CharField(max_length=300)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-le", "-pk"]
        indexes = [models.Index(fields=["beneficiaire", "le"])]

    def __str__(self):
        return f"Étape du parcours n° {self.pk}"


class ImportFlux(models.Model):
    """One import of a monthly CAF / MSA file, with its report."""

    nom_fichier = models.CharField(max_length=200)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    departement = models.CharField(max_length=3)
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    importe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    importe_le = models.DateTimeField(default=timezone.now)
    lignes = models.PositiveIntegerField(default=0)
    nouveaux = models.PositiveIntegerField(default=0)
    rattaches = models.PositiveIntegerField("rattachés à un dossier existant", default=0)
    modifies = models.PositiveIntegerField(default=0)
    sorties = models.PositiveIntegerField(default=0)
    inchanges = models.PositiveIntegerField(default=0)
    ambigus = models.PositiveIntegerField(default=0)
    rejets = models.JSONField(default=list, help_text="[{ligne, message}]")
    duree_s = models.FloatField(default=0)

    class Meta:
        ordering = ["-importe_le", "-pk"]
        verbose_name = "import d'un flux CAF / MSA"

    def __str__(self):
        return f"Import {self.nom_fichier} du {self.importe_le:%d/%m/%Y}"


class Mouvement(models.Model):
    """An entry, a change or an exit of a month, as the monthly file said it."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="mouvements"
    )
    mois = models.DateField(help_text="Premier jour du mois.")
    type = models.CharField(max_length=12, choices=_choix(regles.MOUVEMENTS))
    motif_sortie = models.CharField(max_length=20, blank=True, choices=_choix(regles.MOTIFS_SORTIE))
    import_flux = models.ForeignKey(
        ImportFlux, null=True, blank=True, on_delete=models.SET_NULL, related_name="mouvements"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["mois", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiaire", "mois", "type"], name="rsa_mouvement_unique"
            )
        ]
        indexes = [models.Index(fields=["mois", "type"])]

    def __str__(self):
        return f"Mouvement n° {self.pk}"


class Rapprochement(models.Model):
    """A row of a monthly file that might be a person already known under another file: shown
    to an agent, who decides (never merged silently)."""

    class Statut(models.TextChoices):
        A_TRAITER = "a_traiter", "À traiter"
        RATTACHE = "rattache", "Rattaché à un dossier existant"
        NOUVEAU = "nouveau", "Nouveau dossier créé"

    import_flux = models.ForeignKey(
        ImportFlux, on_delete=models.CASCADE, related_name="rapprochements"
    )
    departement = models.CharField(max_length=3, db_index=True)
    ligne = models.PositiveIntegerField()
    cle = models.CharField(max_length=30, help_text="organisme:numéro d'allocataire")
    donnees = models.JSONField()
    candidats = models.JSONField(help_text="[{id, certitude, score}]")
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.A_TRAITER)
    beneficiaire = models.ForeignKey(
        Beneficiaire, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traite_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ligne", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "cle"],
                condition=Q(statut="a_traiter"),
                name="rsa_rapprochement_unique",
            )
        ]

    def __str__(self):
        return f"Rapprochement à vérifier n° {self.pk}"


class Diagnostic(models.Model):
    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="diagnostics"
    )
    fait_le = models.DateField("fait le", default=timezone.localdate)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    situation_emploi = models.CharField(
        "situation face à l'emploi", max_length=20, choices=_choix(regles.SITUATIONS_EMPLOI)
    )
    mobilite = models.CharField("mobilité", max_length=20, choices=_choix(regles.MOBILITES))
    garde_enfants = models.CharField(
        "garde d'enfants", max_length=20, choices=_choix(regles.GARDES_ENFANTS)
    )
    sante = models.CharField("santé", max_length=20, choices=_choix(regles.SANTES))
    logement = models.CharField(max_length=20, choices=_choix(regles.LOGEMENTS))
    domaines = models.JSONField("autres besoins (domaines de l'accueil)", default=list, blank=True)
    commentaire = models.TextField(blank=True, max_length=2000)
    suggestion = models.CharField(max_length=24, blank=True, choices=_choix(regles.ORIENTATIONS))
    explication = models.TextField("explication de la suggestion", blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fait_le", "-pk"]

    def __str__(self):
        return f"Diagnostic n° {self.pk}"

    @property
    def reponses(self) -> dict[str, str]:
        return {q: getattr(self, q) for q in regles.QUESTIONS}


class DecisionOrientation(models.Model):
    """An orientation decision (the first one, or a re-orientation: the history is kept)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="decisions_orientation"
    )
    orientation = models.CharField(max_length=24, choices=_choix(regles.ORIENTATIONS))
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    decide_le = models.DateField("décidé le")
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motif = models.TextField("motif", blank=True, max_length=2000)
    diagnostic = models.ForeignKey(
        Diagnostic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestion = models.CharField(max_length=24, blank=True, choices=_choix(regles.ORIENTATIONS))
    explication = models.TextField(blank=True)
    reorientation = models.BooleanField(default=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decide_le", "-pk"]

    def __str__(self):
        return f"Décision d'orientation n° {self.pk}"


class Designation(models.Model):
    """A référent unique designated by name in a structure (the previous one ends)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="designations"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    structure = models.ForeignKey("annuaire.Structure", on_delete=models.PROTECT, related_name="+")
    designe_le = models.DateField("désigné le")
    designe_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fin_le = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-designe_le", "-pk"]

    def __str__(self):
        return f"Désignation du référent n° {self.pk}"


class AccompagnementGlobal(models.Model):
    """A social worker and a France Travail adviser following the same person, with a shared
    plan both see."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="accompagnements_globaux"
    )
    travailleur_social = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="accompagnements_globaux_rsa",
        verbose_name="conseiller France Travail",
    )
    debut_le = models.DateField("début")
    fin_le = models.DateField("fin", null=True, blank=True)
    plan = models.TextField("plan d'action partagé", max_length=4000)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-debut_le", "-pk"]
        verbose_name = "accompagnement global"

    def __str__(self):
        return f"Accompagnement global n° {self.pk}"


class Contrat(models.Model):
    """The engagement contract: CER (with the département) or PPAE (with France Travail)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="contrats"
    )
    type = models.CharField(max_length=4, choices=_choix(regles.TYPES_CONTRAT))
    objectifs = models.JSONField(default=list, help_text="Liste de textes.")
    debut_le = models.DateField("début")
    fin_le = models.DateField("fin")
    heures_hebdomadaires = models.PositiveSmallIntegerField(
        "heures d'activité par semaine", null=True, blank=True
    )
    signe_le = models.DateField("signé le", null=True, blank=True)
    redige_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-debut_le", "-pk"]
        verbose_name = "contrat d'engagement"

    def __str__(self):
        return f"Contrat d'engagement n° {self.pk}"


class ActionContrat(models.Model):
    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="actions")
    ordre = models.PositiveSmallIntegerField(default=0)
    libelle = models.CharField("action", max_length=300)
    debut_le = models.DateField("début")
    echeance_le = models.DateField("échéance", null=True, blank=True)
    heures_hebdomadaires = models.PositiveSmallIntegerField(null=True, blank=True)
    faite_le = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return f"Action du contrat n° {self.pk}"


class RevueContrat(models.Model):
    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="revues")
    prevue_le = models.DateField("revue prévue le")
    faite_le = models.DateField(null=True, blank=True)
    bilan = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["prevue_le", "pk"]

    def __str__(self):
        return f"Revue du contrat n° {self.pk}"


class RendezVous(models.Model):
    """An invitation to a meeting and what became of it (venu, excusé, absent)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="rendez_vous"
    )
    objet = models.CharField(max_length=24, choices=_choix(regles.OBJETS_RENDEZ_VOUS))
    le = models.DateTimeField("date et heure", db_index=True)
    lieu = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="+", verbose_name="lieu"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(max_length=10, choices=_choix(regles.CANAUX_INVITATION))
    invitation_envoyee_le = models.DateTimeField(null=True, blank=True)
    presence = models.CharField(
        max_length=10, choices=_choix(regles.PRESENCES), default="a_venir", db_index=True
    )
    presence_notee_le = models.DateTimeField(null=True, blank=True)
    reinvitation_de = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reinvitations"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-le", "-pk"]
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"

    def __str__(self):
        return f"Rendez-vous n° {self.pk}"


class ParcoursSuivi(models.Model):
    """A person attached to one of the département's parcours types (content/rsa/parcours/)."""

    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.CASCADE, related_name="parcours"
    )
    parcours = models.CharField("parcours type", max_length=60)
    attache_le = models.DateField(default=timezone.localdate)
    attache_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    termine_le = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-attache_le", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["beneficiaire", "parcours"], name="rsa_parcours_unique")
        ]

    def __str__(self):
        return f"Parcours type suivi n° {self.pk}"


class EtapeFaite(models.Model):
    suivi = models.ForeignKey(ParcoursSuivi, on_delete=models.CASCADE, related_name="etapes")
    etape = models.CharField(max_length=60)
    faite_le = models.DateField(default=timezone.localdate)
    faite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suivi", "etape"], name="rsa_etape_unique")]

    def __str__(self):
        return f"Étape faite n° {self.pk}"
