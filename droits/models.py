"""A right or an aid, as published in the knowledge base.

The YAML files under content/droits/ are the reviewed source of truth; `charger_droits` copies
them here, staff may edit them in the admin (with history), `exporter_droits` writes them back.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from droits import schema

REVERIFIER_APRES_MOIS = 6


class DroitQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=Droit.Statut.PUBLIE)

    def a_reverifier(self, aujourd_hui: dt.date | None = None):
        return self.filter(verifie_le__lt=date_limite_verification(aujourd_hui))

    def pour_departement(self, departement: str | None):
        """National rights and those of `departement`; local versions replace national pages."""
        if not departement:
            return self.filter(variante_de__isnull=True)
        remplaces = self.filter(territoire=departement, variante_de__isnull=False).values(
            "variante_de_id"
        )
        return self.filter(territoire__in=[schema.NATIONAL, departement]).exclude(pk__in=remplaces)


def date_limite_verification(aujourd_hui: dt.date | None = None) -> dt.date:
    aujourd_hui = aujourd_hui or timezone.localdate()
    return aujourd_hui - relativedelta(months=REVERIFIER_APRES_MOIS)


class Droit(models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        PUBLIE = "publie", "Publié"

    class Periodicite(models.TextChoices):
        MENSUELLE = "mensuelle", "Mensuelle"
        ANNUELLE = "annuelle", "Annuelle"
        PONCTUELLE = "ponctuelle", "Ponctuelle"
        EN_NATURE = "en_nature", "En nature"
        SERVICE = "service", "Service"

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    titre = models.CharField("titre", max_length=200)
    sigle = models.CharField("sigle", max_length=40, blank=True)
    resume = models.CharField("résumé", max_length=schema.RESUME_MAX)
    pour_qui = models.JSONField("pour qui", default=list)
    publics = models.JSONField("publics (codes data·inclusion)", default=list, blank=True)
    ce_que_ca_apporte = models.JSONField("ce que ça apporte", default=dict)
    conditions = models.JSONField("conditions", default=list)
    pieces = models.JSONField("pièces à fournir", default=list, blank=True)
    demarche = models.JSONField("démarche", default=dict)
    ou_s_adresser = models.JSONField("où s'adresser (types de structure)", default=list, blank=True)
    thematiques = models.JSONField("thématiques (codes data·inclusion)", default=list)
    territoire = models.CharField(
        "territoire", max_length=10, default=schema.NATIONAL, db_index=True
    )
    variante_de = models.ForeignKey(
        "self",
        verbose_name="version locale de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="variantes",
    )
    sources = models.JSONField("sources", default=list)
    verifie_le = models.DateField("vérifié le")
    voir_aussi = models.JSONField("voir aussi (identifiants)", default=list, blank=True)
    mots_cles = models.JSONField("mots du quotidien", default=list, blank=True)
    populaire = models.BooleanField("parmi les plus demandés", default=False)
    montants = models.JSONField("montants cités (paramètres OpenFisca)", default=list, blank=True)
    regle = models.JSONField("règle du bilan", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=10, choices=Statut.choices, default=Statut.BROUILLON, db_index=True
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])
    objects = DroitQuerySet.as_manager()

    class Meta:
        verbose_name = "droit"
        verbose_name_plural = "droits"
        ordering = ["titre"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("droits:detail", args=[self.slug])

    @property
    def est_publie(self) -> bool:
        return self.statut == self.Statut.PUBLIE

    @property
    def est_national(self) -> bool:
        return self.territoire == schema.NATIONAL

    @property
    def a_reverifier(self) -> bool:
        return self.verifie_le < date_limite_verification()

    # Fields copied from / to a YAML file, in the file's order.
    CHAMPS_FICHE = [
        "slug",
        "titre",
        "sigle",
        "resume",
        "pour_qui",
        "publics",
        "ce_que_ca_apporte",
        "conditions",
        "pieces",
        "demarche",
        "ou_s_adresser",
        "thematiques",
        "territoire",
        "variante_de",
        "sources",
        "verifie_le",
        "voir_aussi",
        "mots_cles",
        "populaire",
        "montants",
        "regle",
    ]

    def en_fiche(self) -> dict:
        """The right as a YAML-file dict (schema.FicheDroit field names)."""
        data = {}
        for champ in self.CHAMPS_FICHE:
            if champ == "variante_de":
                data[champ] = self.variante_de.slug if self.variante_de_id else None
            elif champ == "sigle":
                data[champ] = self.sigle or None
            else:
                data[champ] = getattr(self, champ)
        return data


class VersionRecherche(models.Model):
    """A token changed on every change of the search index.

    Each process keeps what the search needs (vocabulary, local versions) in memory and rebuilds
    it when this token changes: one cheap read per search instead of scanning the rights.
    """

    jeton = models.CharField(max_length=32)

    class Meta:
        verbose_name = "version de l'index de recherche"

    def __str__(self) -> str:
        return self.jeton
