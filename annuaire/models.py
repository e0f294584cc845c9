"""The directory: structures, the communes they serve, their services and permanences.

Field names follow the data·inclusion schema v1 (https://schema.data.inclusion.gouv.fr) so that
the directory can be imported from and published to data·inclusion unchanged; the fields that
data·inclusion does not know (typologie, département, sectors, demo / à vérifier flags,
permanences) are ours.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annuaire.horaires import erreur_horaires
from annuaire.typologies import TYPOLOGIES, TYPOLOGIES_SECTORISEES

SOURCE_LOCALE = "solidarites"


class Lieu(models.Model):
    """Where and how to reach a structure or a service (data·inclusion v1 address and contact
    fields, shared by both)."""

    adresse = models.CharField("adresse", max_length=255, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField("courriel", blank=True)

    class Meta:
        abstract = True


class Structure(Lieu):
    # data·inclusion: required
    source = models.CharField(
        "source", max_length=100, default=SOURCE_LOCALE, help_text="Producteur de la donnée."
    )
    identifiant = models.CharField(
        "identifiant data·inclusion",
        max_length=200,
        unique=True,
        help_text="Identifiant unique « source--identifiant ».",
    )
    nom = models.CharField("nom", max_length=150)
    date_maj = models.DateField("date de mise à jour", default=timezone.localdate)
    # data·inclusion: optional
    description = models.TextField("description", blank=True)
    lien_source = models.URLField("lien vers la source", blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name="commune",
    )
    site_web = models.URLField("site web", blank=True)
    horaires_accueil = models.CharField(
        "horaires d'accueil",
        max_length=500,
        blank=True,
        help_text="Syntaxe OpenStreetMap, par exemple « Mo-Fr 08:30-12:30,13:30-17:00; PH off ».",
    )
    accessibilite_lieu = models.URLField("accessibilité du lieu (Acceslibre)", blank=True)
    reseaux_porteurs = models.JSONField("réseaux porteurs", default=list, blank=True)
    # ours
    typologie = models.CharField(
        "type de structure", max_length=40, choices=sorted(TYPOLOGIES.items()), db_index=True
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name="département",
    )
    zone_eligibilite = models.JSONField(
        "zone d'intervention",
        default=list,
        blank=True,
        help_text=(
            "Codes INSEE de communes, codes de départements, codes SIREN d'EPCI ou « france ». "
            "Les bureaux sectorisés (MDS, EDS, pôle autonomie) utilisent plutôt leurs secteurs."
        ),
    )
    modalites_contact = models.TextField(
        "comment prendre contact", blank=True, help_text="En langage simple."
    )
    demo = models.BooleanField("donnée de démonstration", default=False)
    a_verifier = models.BooleanField(
        "à vérifier",
        default=False,
        help_text="Une information ne vient pas d'une source officielle.",
    )
    source_officielle = models.CharField("source officielle", max_length=300, blank=True)
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "structure"
        ordering = ["nom"]
        indexes = [models.Index(fields=["departement", "typologie"])]

    def __str__(self) -> str:
        return self.nom

    def clean(self):
        erreurs = {}
        message = erreur_horaires(self.horaires_accueil)
        if message:
            erreurs["horaires_accueil"] = message
        if self.commune_id and self.departement_id is None:
            self.departement_id = self.commune.departement_id
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def libelle_typologie(self) -> str:
        return TYPOLOGIES.get(self.typologie, self.typologie)


class Secteur(models.Model):
    """A commune served by a local office; one office per commune and kind of office."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="secteurs", verbose_name="structure"
    )
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.CASCADE,
        related_name="secteurs",
        verbose_name="commune",
    )
    typologie = models.CharField(
        "type de bureau",
        max_length=40,
        choices=[(t, TYPOLOGIES[t]) for t in TYPOLOGIES_SECTORISEES],
        editable=False,
    )
    a_verifier = models.BooleanField("à vérifier", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commune du secteur"
        verbose_name_plural = "communes du secteur"
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "typologie"], name="un_bureau_par_commune_et_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} → {self.structure}"

    def save(self, *args, **kwargs):
        self.typologie = self.structure.typologie
        super().save(*args, **kwargs)

    def clean(self):
        if not self.structure_id:
            return
        if self.structure.typologie not in TYPOLOGIES_SECTORISEES:
            raise ValidationError(
                {"structure": "Seuls les MDS, EDS et pôles autonomie ont un secteur."}
            )
        self.typologie = self.structure.typologie
        if self.commune_id:
            autre = (
                Secteur.objects.filter(commune_id=self.commune_id, typologie=self.typologie)
                .exclude(pk=self.pk)
                .select_related("structure")
                .first()
            )
            if autre:
                raise ValidationError(
                    {
                        "commune": f"Cette commune est déjà servie par {autre.structure} : "
                        "une commune n'a qu'un lieu d'accueil de chaque type."
                    }
                )


class Service(Lieu):
    """An offer of a structure (data·inclusion `Service`)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="services", verbose_name="structure"
    )
    source = models.CharField("source", max_length=100, default=SOURCE_LOCALE)
    identifiant = models.CharField("identifiant data·inclusion", max_length=200, unique=True)
    nom = models.CharField("nom", max_length=150)
    description = models.TextField("description")
    date_maj = models.DateField("date de mise à jour", default=timezone.localdate)
    lien_source = models.URLField("lien vers la source", blank=True)
    type = models.CharField("type de service", max_length=40, blank=True)
    thematiques = models.JSONField("thématiques", default=list, blank=True)
    frais = models.CharField("frais", max_length=20, blank=True)
    frais_precisions = models.TextField("précisions sur les frais", blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    publics_precisions = models.TextField("précisions sur les publics", blank=True)
    conditions_acces = models.TextField("conditions d'accès", blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    modes_accueil = models.JSONField("modes d'accueil", default=list, blank=True)
    zone_eligibilite = models.JSONField("zone d'éligibilité", default=list, blank=True)
    contact_nom_prenom = models.CharField("nom et prénom du contact", max_length=200, blank=True)
    lien_mobilisation = models.URLField("lien de mobilisation", blank=True)
    modes_mobilisation = models.JSONField("modes de mobilisation", default=list, blank=True)
    mobilisable_par = models.JSONField("mobilisable par", default=list, blank=True)
    mobilisation_precisions = models.TextField("précisions sur la mobilisation", blank=True)
    volume_horaire_hebdomadaire = models.FloatField(
        "volume horaire hebdomadaire", null=True, blank=True
    )
    nombre_semaines = models.PositiveIntegerField("nombre de semaines", null=True, blank=True)
    horaires_accueil = models.CharField("horaires d'accueil", max_length=500, blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "service"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Permanence(models.Model):
    """Regular hours held by a structure in another place (a town hall, a health centre…)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="permanences", verbose_name="structure"
    )
    nom = models.CharField("nom", max_length=150)
    lieu = models.CharField("lieu", max_length=200, help_text="Nom du lieu d'accueil.")
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        related_name="permanences",
        verbose_name="commune",
    )
    horaires = models.CharField(
        "horaires",
        max_length=500,
        help_text=(
            "Syntaxe OpenStreetMap. Semaines impaires (numéro de semaine ISO) : "
            "« week 01-53/2 We,Fr 14:00-17:00 »."
        ),
    )
    quinzaine_depuis = models.DateField(
        "une semaine sur deux à partir du",
        null=True,
        blank=True,
        help_text=(
            "À remplir seulement si la permanence a lieu une semaine sur deux en comptant à "
            "partir de cette date, quel que soit le numéro de semaine."
        ),
    )
    valide_du = models.DateField("valable du", null=True, blank=True)
    valide_au = models.DateField("valable jusqu'au", null=True, blank=True)
    public = models.CharField("pour qui", max_length=300, blank=True)
    modalites = models.CharField(
        "modalités", max_length=300, blank=True, help_text="Avec ou sans rendez-vous…"
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    a_verifier = models.BooleanField("à vérifier", default=False)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "permanence"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def clean(self):
        erreurs = {}
        message = erreur_horaires(self.horaires)
        if message:
            erreurs["horaires"] = message
        if self.valide_du and self.valide_au and self.valide_au < self.valide_du:
            erreurs["valide_au"] = "La fin de validité est avant son début."
        if erreurs:
            raise ValidationError(erreurs)


class Fermeture(models.Model):
    """An exceptional closure of a structure or a permanence (dates included)."""

    structure = models.ForeignKey(
        Structure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fermetures",
        verbose_name="structure",
    )
    permanence = models.ForeignKey(
        Permanence,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fermetures",
        verbose_name="permanence",
    )
    du = models.DateField("du")
    au = models.DateField("au (inclus)")
    motif = models.CharField("motif", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "fermeture exceptionnelle"
        verbose_name_plural = "fermetures exceptionnelles"
        ordering = ["du"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(structure__isnull=False) | models.Q(permanence__isnull=False),
                name="fermeture_structure_ou_permanence",
            ),
            models.CheckConstraint(
                condition=models.Q(au__gte=models.F("du")), name="fermeture_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"Fermeture du {self.du:%d/%m/%Y} au {self.au:%d/%m/%Y}"

    def clean(self):
        if not self.structure_id and not self.permanence_id:
            raise ValidationError("Indiquez la structure ou la permanence fermée.")
        if self.du and self.au and self.au < self.du:
            raise ValidationError({"au": "La date de fin est avant la date de début."})


class ZoneStructure(models.Model):
    """Search index: one row per code served (commune, EPCI, département, « france ») and
    thematique offered, with the structure's kind, so that "commune + need" is one indexed query.

    Rebuilt by `annuaire.zones.reindexer` from the structure's and its services' zones, its
    sector (an office's sector communes, `par_secteur`), its services' thematiques and its
    typologie; a structure without any zone nor sector serves its own commune.
    """

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="zones", verbose_name="structure"
    )
    code = models.CharField("code", max_length=9, db_index=True)
    par_secteur = models.BooleanField("commune du secteur", default=False)
    typologie = models.CharField("type de structure", max_length=40, default="")
    thematique = models.CharField("thématique", max_length=150, default="")
    categorie = models.CharField("catégorie", max_length=100, default="")
    nom = models.CharField("nom de la structure", max_length=150, default="")

    class Meta:
        verbose_name = "zone desservie"
        verbose_name_plural = "zones desservies"
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "code", "thematique"], name="zone_structure_thematique_unique"
            )
        ]
        indexes = [
            models.Index(fields=["code", "thematique"], name="zone_code_thematique"),
            models.Index(fields=["code", "categorie"], name="zone_code_categorie"),
            models.Index(fields=["code", "typologie"], name="zone_code_typologie"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.thematique}".strip()
