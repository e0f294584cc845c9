"""People's files, contacts, online requests and orientations of the premier accueil.

Which rows an actor may see: the `visibles_par(acteur)` querysets below, built on the rules of
`accueil/perms.py`; pages and API load one row through `comptes.acces.objet_ou_refus`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accueil import regles
from territoires import referentiel


def nom_commune(code: str) -> str:
    ref = referentiel.commune(code) if code else None
    return f"{ref.nom} ({code})" if ref else code


CANAL_CHOICES = list(regles.CANAUX.items())


class PersonneQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(anonymise_le__isnull=True)

    def visibles_par(self, acteur):
        """Files the actor's structure holds or received (orientation still sharing)."""
        if not acteur.est_agent:
            return self.none()
        # Held, or received through an orientation still sharing: a subquery on the
        # orientations (no join with DISTINCT over every file of the structure: the index on
        # the holder and the subquery's own index serve a list of 10 000 files).
        partagees = self._recues_par(acteur)
        return self.filter(Q(structure_id=acteur.structure_id) | Q(pk__in=partagees)).actifs()

    @staticmethod
    def _recues_par(acteur):
        return Orientation.objects.filter(
            structure_destination_id=acteur.structure_id,
            statut__in=regles.STATUTS_PARTAGE_ACTIF,
        ).values("personne_id")

    def detenues_et_recues(self, acteur):
        """`visibles_par` in two disjoint halves: the files the structure holds, and those held
        elsewhere that it received through an orientation still sharing. A list sorted by name
        unions them (UNION ALL): each half walks its own index in the list's order (the held
        ones: the index on holder and name), where the OR of `visibles_par` sorts every file
        of the structure for one page (13 ms for 10 000 files on SQLite, instead of 0.1 ms)."""
        if not acteur.est_agent:
            return self.none(), self.none()
        detenues = self.filter(structure_id=acteur.structure_id).actifs()
        recues = (
            self.filter(pk__in=self._recues_par(acteur))
            .exclude(structure_id=acteur.structure_id)
            .actifs()
        )
        return detenues, recues

    def modifiables_par(self, acteur):
        """Files the actor's structure holds (only the holder writes, exports, orients)."""
        if not acteur.est_agent:
            return self.none()
        return self.filter(structure_id=acteur.structure_id).actifs()


class Personne(models.Model):
    """A person's file: the minimum (names, birth date, commune, contact, consent choices)."""

    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="structure qui détient le dossier",
    )
    nom = models.CharField(max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    nom_normalise = models.CharField(max_length=100, db_index=True, editable=False)
    prenom_normalise = models.CharField(max_length=100, editable=False)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    commune_code = models.CharField("commune (code INSEE)", max_length=5, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField("adresse électronique", blank=True)
    partage_autorise = models.JSONField(
        "ce que la personne accepte de partager avec les structures vers qui elle est orientée",
        default=list,
        blank=True,
    )
    consentement_le = models.DateField("consentement recueilli le", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    derniere_activite = models.DateField(default=timezone.localdate, db_index=True)
    anonymise_le = models.DateTimeField(null=True, blank=True)

    objects = PersonneQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier d'une personne"
        ordering = ["nom_normalise", "prenom_normalise", "pk"]
        indexes = [
            # The list of a structure's files, in its order (SQLite and PostgreSQL): a page of
            # 50 and the count read this index only, never all the files to sort them.
            models.Index(
                fields=["structure", "nom_normalise", "prenom_normalise", "id"],
                condition=Q(anonymise_le__isnull=True),
                name="personne_liste_structure",
            )
        ]

    def __str__(self):
        return f"Dossier n° {self.pk}"

    def save(self, *args, **kwargs):
        self.nom_normalise = regles.normaliser(self.nom)[:100]
        self.prenom_normalise = regles.normaliser(self.prenom)[:100]
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"P-{self.pk:06d}"

    @property
    def commune_nom(self) -> str:
        return nom_commune(self.commune_code)


class DemandeQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """The online requests addressed to the actor's structure (its agents only)."""
        if not acteur.est_agent:
            return self.none()
        return self.filter(structure_id=acteur.structure_id, anonymise_le__isnull=True)


class Demande(models.Model):
    """A request sent with the public online form: lands in the queue of the office serving the
    resident's commune."""

    class Statut(models.TextChoices):
        NOUVELLE = "nouvelle", "Nouvelle"
        TRAITEE = "traitee", "Traitée"

    reference = models.CharField("numéro de référence", max_length=12, unique=True)
    structure = models.ForeignKey(
        "annuaire.Structure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes",
        help_text="Bureau local qui sert la commune (vide si aucun n'est connu).",
    )
    commune_code = models.CharField("commune (code INSEE)", max_length=5)
    besoins = models.JSONField(default=list)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField(max_length=100, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField("adresse électronique", blank=True)
    moment_prefere = models.CharField(
        "moment préféré pour être rappelé",
        max_length=20,
        blank=True,
        choices=list(regles.MOMENTS.items()),
    )
    message = models.TextField(blank=True, max_length=2000)
    code_bilan = models.CharField(
        "code du bilan",
        max_length=9,
        blank=True,
        help_text="Code d'un bilan conservé (ABCD-EFGH) joint par la personne : l'agent l'ouvre "
        "avec la demande, sans rien ressaisir.",
    )
    confirmation = models.JSONField(
        "confirmation envoyée par",
        default=list,
        blank=True,
        help_text="Canaux choisis par la personne pour recevoir la confirmation (courriel, sms).",
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.NOUVELLE)
    cree_le = models.DateTimeField(default=timezone.now, db_index=True)
    traitee_le = models.DateTimeField(null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    personne = models.ForeignKey(
        Personne, null=True, blank=True, on_delete=models.SET_NULL, related_name="demandes"
    )
    empreinte_ip = models.CharField(max_length=16, blank=True, db_index=True)
    appels_sans_reponse = models.PositiveSmallIntegerField("appels sans réponse", default=0)
    rappeler_le = models.DateField("à rappeler le", null=True, blank=True)
    anonymise_le = models.DateTimeField(null=True, blank=True)

    objects = DemandeQuerySet.as_manager()

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"Demande {self.reference}"

    @property
    def besoins_libelles(self) -> list[str]:
        return regles.libelles_besoins(self.besoins)

    @property
    def commune_nom(self) -> str:
        return nom_commune(self.commune_code)


class Contact(models.Model):
    """One contact with the person: channel, needs, advice, rights identified, what comes next.
    `version` is the optimistic lock: an update states the version it read."""

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="contacts")
    structure = models.ForeignKey("annuaire.Structure", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(max_length=12, choices=CANAL_CHOICES)
    date = models.DateTimeField(default=timezone.now)
    besoins = models.JSONField(default=list, blank=True)
    conseils = models.TextField("conseils donnés", blank=True, max_length=4000)
    code_bilan = models.CharField("code du bilan", max_length=20, blank=True)
    droits_identifies = models.JSONField(default=list, blank=True)
    suite = models.TextField("suite prévue", blank=True, max_length=2000)
    date_suivi = models.DateField("à rappeler / revoir le", null=True, blank=True)
    suivi_fait = models.BooleanField("suivi fait", default=False)
    appels_sans_reponse = models.PositiveSmallIntegerField("appels sans réponse", default=0)
    demande = models.ForeignKey(
        Demande, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    version = models.PositiveIntegerField(default=1)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            # The follow-ups still to do of a structure, by date (its queue): a few rows read,
            # never every contact of its files.
            models.Index(
                fields=["structure", "date_suivi"],
                condition=Q(date_suivi__isnull=False, suivi_fait=False),
                name="contact_suivis_a_faire",
            )
        ]

    def __str__(self):
        return f"Contact n° {self.pk}"

    @property
    def besoins_libelles(self) -> list[str]:
        return regles.libelles_besoins(self.besoins)


class OrientationQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """Orientations sent by the actor's structure, or addressed to it (once sent)."""
        if not acteur.est_agent:
            return self.none()
        return self.filter(
            Q(structure_origine_id=acteur.structure_id)
            | Q(
                structure_destination_id=acteur.structure_id,
                statut__in=regles.STATUTS_VUS_PAR_DESTINATION,
            )
        ).filter(personne__anonymise_le__isnull=True)


class Orientation(models.Model):
    Statut = regles.StatutOrientation

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="orientations")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="orientations"
    )
    structure_origine = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="orientations_envoyees"
    )
    structure_destination = models.ForeignKey(
        "annuaire.Structure", on_delete=models.PROTECT, related_name="orientations_recues"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motif = models.TextField("motif de l'orientation", max_length=2000)
    elements_partages = models.JSONField("éléments partagés", default=list)
    statut = models.CharField(max_length=10, choices=Statut.choices(), default=Statut.PROPOSEE)
    motif_refus = models.TextField("motif du refus", blank=True, max_length=2000)
    commentaire_reponse = models.TextField("commentaire", blank=True, max_length=2000)
    cree_le = models.DateTimeField(default=timezone.now)
    envoyee_le = models.DateTimeField(null=True, blank=True)
    repondue_le = models.DateTimeField(null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    realisee_le = models.DateTimeField(null=True, blank=True)
    relancee_le = models.DateTimeField("signalée sans réponse le", null=True, blank=True)
    expiree_le = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["structure_destination", "statut"])]

    def __str__(self):
        return f"Orientation n° {self.pk}"


class SuiviDroit(models.Model):
    """One right identified for the person (from a bilan's code, or added by the agent), and
    where its claim stands: to claim, claimed, obtained, refused. Only the holding structure
    writes it; a structure the file was oriented to reads it when « droits » is shared."""

    Statut = regles.StatutDroit

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="suivis_droits")
    droit = models.CharField("droit (identifiant)", max_length=100)
    libelle = models.CharField("droit", max_length=200)
    montant_mensuel = models.DecimalField(
        "montant mensuel estimé (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    statut = models.CharField(
        max_length=12, choices=Statut.choices(), default=Statut.A_DEMANDER.value, db_index=True
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)
    modifie_le = models.DateTimeField(default=timezone.now)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "suivi d'un droit identifié"
        ordering = ["cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["personne", "droit"], name="suivi_droit_unique")
        ]

    def __str__(self):
        return f"Suivi du droit {self.droit} (dossier {self.personne_id})"
