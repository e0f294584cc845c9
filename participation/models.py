"""Comités d'usagers et comités de vie sociale des MDS / EDS (membres avec leur consentement,
réunions, comptes rendus, propositions et réponses du département), demandes pour en faire
partie, et événements (Rencontres des solidarités, conférences locales, ateliers) avec
inscriptions, présences et résultats reliés aux engagements."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from participation import perms

CONTACTS = {
    "courriel": "Par courriel",
    "telephone": "Par téléphone (SMS ou appel)",
    "courrier": "Par courrier, à l'accueil de l'espace",
    "aucun": "Je ne souhaite pas être recontacté(e)",
}


class ComiteQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """Les comités que l'acteur gère (membres compris) : `perms.gere_comite`."""
        if perms.pilote_le_departement(acteur):
            return self.filter(structure__departement_id=acteur.departement)
        if perms.gere_localement(acteur):
            return self.filter(structure_id=acteur.structure_id)
        return self.none()


class Comite(models.Model):
    class Nature(models.TextChoices):
        USAGERS = "usagers", "Comité d'usagers"
        CVS = "cvs", "Comité de vie sociale"

    structure = models.ForeignKey(
        "annuaire.Structure",
        on_delete=models.PROTECT,
        related_name="comites",
        verbose_name="MDS ou EDS",
    )
    nom = models.CharField(max_length=200)
    nature = models.CharField(max_length=10, choices=Nature.choices, default=Nature.USAGERS)
    description = models.TextField(blank=True)
    cree_le = models.DateField("créé le")
    actif = models.BooleanField(default=True)
    demo = models.BooleanField("donnée de démonstration", default=False)

    objects = ComiteQuerySet.as_manager()

    class Meta:
        verbose_name = "comité"
        ordering = ["structure__departement_id", "nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def departement(self) -> str:
        return self.structure.departement_id


class MembreComite(models.Model):
    """Un membre : le minimum (prénom, initiale du nom), son consentement daté et la façon dont
    il accepte d'être recontacté. Lu et modifié seulement par les gestionnaires, journalisé."""

    class Qualite(models.TextChoices):
        HABITANT = "habitant", "Habitant(e) / usager(ère)"
        PROFESSIONNEL = "professionnel", "Professionnel(le) de l'espace"
        PARTENAIRE = "partenaire", "Partenaire associatif"

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="membres")
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100, blank=True)
    qualite = models.CharField("qualité", max_length=15, choices=Qualite.choices)
    consentement_le = models.DateField("consentement recueilli le")
    contact_par = models.CharField(
        "recontacter", max_length=10, choices=list(CONTACTS.items()), default="courriel"
    )
    courriel = models.EmailField(blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    depuis = models.DateField(default=timezone.localdate)
    actif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "membre d'un comité"
        verbose_name_plural = "membres des comités"
        ordering = ["comite", "prenom"]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom[:1]}."


class Reunion(models.Model):
    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="reunions")
    date = models.DateTimeField()
    lieu = models.CharField(max_length=200)
    ordre_du_jour = models.TextField("ordre du jour")
    compte_rendu = models.TextField("compte rendu", blank=True)
    compte_rendu_publie = models.BooleanField("compte rendu publié", default=False)
    presents = models.ManyToManyField(MembreComite, blank=True, related_name="presences")
    du_contenu = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "réunion"
        ordering = ["comite", "date"]

    def __str__(self) -> str:
        return f"{self.comite} — {self.date:%d/%m/%Y}"


class Proposition(models.Model):
    class Statut(models.TextChoices):
        A_L_ETUDE = "a_l_etude", "À l'étude"
        RETENUE = "retenue", "Retenue"
        NON_RETENUE = "non_retenue", "Non retenue"
        REALISEE = "realisee", "Réalisée"

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="propositions")
    reunion = models.ForeignKey(Reunion, on_delete=models.SET_NULL, null=True, blank=True)
    titre = models.CharField(max_length=300)
    texte = models.TextField(max_length=4000)
    deposee_le = models.DateField("déposée le")
    statut = models.CharField(max_length=12, choices=Statut.choices, default=Statut.A_L_ETUDE)
    reponse = models.TextField("réponse du Département", blank=True, max_length=4000)
    repondue_le = models.DateField("répondue le", null=True, blank=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="propositions",
        verbose_name="engagement relié",
    )
    du_contenu = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "proposition"
        ordering = ["comite", "-deposee_le"]

    def __str__(self) -> str:
        return self.titre


class DemandeAdhesion(models.Model):
    """Une demande pour rejoindre un comité, faite sur le formulaire public."""

    class Statut(models.TextChoices):
        NOUVELLE = "nouvelle", "Nouvelle"
        ACCEPTEE = "acceptee", "Acceptée"
        REFUSEE = "refusee", "Refusée"

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="demandes")
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100, blank=True)
    contact_par = models.CharField(max_length=10, choices=list(CONTACTS.items()))
    courriel = models.EmailField(blank=True)
    telephone = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True, max_length=2000)
    consentement_le = models.DateTimeField()
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.NOUVELLE)
    cree_le = models.DateTimeField(default=timezone.now, db_index=True)
    traitee_le = models.DateTimeField(null=True, blank=True)
    empreinte_ip = models.CharField(max_length=16, blank=True, db_index=True)

    class Meta:
        verbose_name = "demande pour rejoindre un comité"
        verbose_name_plural = "demandes pour rejoindre un comité"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Demande {self.pk} ({self.get_statut_display()})"


class EvenementQuerySet(models.QuerySet):
    def geres_par(self, acteur):
        """Les événements (publics) dont l'acteur gère les inscriptions : `perms.gere_evenement`."""
        if not perms.pilote_le_departement(acteur):
            return self.none()
        return self.filter(departement_id=acteur.departement)


class Evenement(models.Model):
    class Nature(models.TextChoices):
        RENCONTRES = "rencontres", "Rencontres des solidarités"
        ETATS_GENERAUX = "etats_generaux", "États généraux"
        CONFERENCE = "conference", "Conférence locale"
        ATELIER = "atelier", "Atelier"

    cle = models.SlugField(max_length=80, unique=True)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="evenements"
    )
    titre = models.CharField(max_length=200)
    nature = models.CharField(max_length=15, choices=Nature.choices)
    debut = models.DateTimeField("date")
    lieu = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    inscriptions_ouvertes = models.BooleanField(default=False)
    participants_annonces = models.PositiveIntegerField(
        "participants (chiffre publié)", null=True, blank=True
    )
    source = models.CharField(max_length=300, blank=True)
    verifie_le = models.DateField("vérifié le", null=True, blank=True)
    demo = models.BooleanField("donnée de démonstration", default=False)

    objects = EvenementQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["-debut"]

    def __str__(self) -> str:
        return self.titre

    @property
    def a_venir(self) -> bool:
        return self.debut >= timezone.now()


class InscriptionQuerySet(models.QuerySet):
    def visibles_par(self, acteur):
        """Les inscrits des événements que l'acteur gère : `perms.gere_evenement`."""
        if not perms.pilote_le_departement(acteur):
            return self.none()
        return self.filter(evenement__departement_id=acteur.departement)


class Inscription(models.Model):
    class Qualite(models.TextChoices):
        HABITANT = "habitant", "Habitant(e)"
        PARTENAIRE = "partenaire", "Partenaire (association, institution)"
        AGENT = "agent", "Agent du Département"

    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE, related_name="inscriptions")
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField(max_length=100)
    qualite = models.CharField("vous venez en tant que", max_length=12, choices=Qualite.choices)
    organisme = models.CharField("organisme (facultatif)", max_length=200, blank=True)
    structure = models.ForeignKey(
        "annuaire.Structure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    courriel = models.EmailField()
    present = models.BooleanField("présent(e)", null=True, blank=True)
    cree_le = models.DateTimeField(default=timezone.now)
    empreinte_ip = models.CharField(max_length=16, blank=True, db_index=True)

    objects = InscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["evenement", "nom"]

    def __str__(self) -> str:
        return f"Inscription {self.pk}"


class Resultat(models.Model):
    """Ce qui est sorti d'un événement ou d'un atelier, relié aux engagements qu'il a fait
    naître ou avancer."""

    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE, related_name="resultats")
    titre = models.CharField(max_length=300)
    texte = models.TextField(blank=True)
    engagements = models.ManyToManyField(
        "engagements.Engagement", blank=True, related_name="resultats_evenements"
    )

    class Meta:
        verbose_name = "résultat d'atelier"
        verbose_name_plural = "résultats d'ateliers"
        ordering = ["evenement", "pk"]

    def __str__(self) -> str:
        return self.titre
