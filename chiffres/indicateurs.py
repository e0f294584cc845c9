"""Les chiffres clés calculés à partir des données de la plateforme (bilans, dépistages, premier
accueil, annuaire). Chaque fonction reçoit le code du département et la période ; les
applications `participation`, `conventions` (et `rsa`, `aides_financieres` quand elles
existent) enregistrent les leurs de la même façon dans leur `AppConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from chiffres.registre import SEUIL_SECRET as SEUIL_SECRET_LOCAL
from chiffres.registre import Indicateur, Periode, Valeur, enregistrer


def _bornes(periode: Periode) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    debut = dt.datetime.combine(periode.debut, dt.time.min, tzinfo=tz)
    fin = dt.datetime.combine(periode.fin, dt.time.max, tzinfo=tz)
    return debut, fin


def bilans_conserves(dep: str, periode: Periode) -> list[Valeur]:
    from bilan.models import BilanConserve

    n = BilanConserve.objects.filter(
        resultat__departement=dep, cree_le__range=_bornes(periode)
    ).count()
    return [Valeur(n)]


def droits_non_demandes_bilans(dep: str, periode: Periode) -> list[Valeur]:
    from bilan.models import BilanConserve

    droits = 0
    foyers = 0
    for resultat in BilanConserve.objects.filter(
        resultat__departement=dep, cree_le__range=_bornes(periode)
    ).values_list("resultat", flat=True):
        k = sum(1 for d in resultat.get("droits", []) if d.get("probablement_non_demande"))
        droits += k
        foyers += 1 if k else 0
    return [
        Valeur(droits, "Droits probablement non demandés", note="droits, tous foyers confondus"),
        Valeur(foyers, "Foyers ayant au moins un droit probablement non demandé"),
    ]


def dernier_depistage(dep: str):
    """Le dernier dépistage terminé qui contient des ménages du département, et sa ligne."""
    from depistage.models import Depistage

    for d in Depistage.objects.filter(statut="termine", synthese__isnull=False).order_by(
        "-termine_le", "-cree_le"
    )[:50]:
        for ligne in (d.synthese or {}).get("departements", []):
            if ligne.get("code") == dep:
                return d, ligne
    return None, None


def menages_depistes(dep: str, periode: Periode) -> list[Valeur]:
    d, ligne = dernier_depistage(dep)
    if d is None:
        return [Valeur(None, note="aucun dépistage terminé pour ce département")]
    return [
        Valeur(
            ligne["menages_concernes"],
            "Ménages ayant au moins un droit probablement non demandé",
            sur=ligne["menages_depistes"],
            note=f"dépistage du mois {d.mois}",
        )
    ]


def _contacts(dep: str, periode: Periode):
    from accueil.models import Contact

    return Contact.objects.filter(structure__departement_id=dep, date__range=_bornes(periode))


def personnes_recues(dep: str, periode: Periode) -> list[Valeur]:
    from accueil import regles

    par_canal = dict(
        _contacts(dep, periode).values_list("canal").annotate(n=Count("personne", distinct=True))
    )
    total = _contacts(dep, periode).values("personne").distinct().count()
    return [Valeur(total, "Toutes les personnes")] + [
        Valeur(par_canal.get(k, 0), libelle) for k, libelle in regles.CANAUX.items()
    ]


def personnes_orientees(dep: str, periode: Periode) -> list[Valeur]:
    from accueil import regles
    from accueil.models import Orientation

    qs = Orientation.objects.filter(
        structure_origine__departement_id=dep,
        envoyee_le__range=_bornes(periode),
    )
    par_canal = dict(qs.values_list("contact__canal").annotate(n=Count("personne", distinct=True)))
    out = [Valeur(qs.values("personne").distinct().count(), "Toutes les personnes")]
    out += [Valeur(par_canal.get(k, 0), libelle) for k, libelle in regles.CANAUX.items()]
    sans = par_canal.get(None, 0)
    if sans:
        out.append(Valeur(sans, "Sans contact enregistré"))
    return out


def orientations_a_temps(dep: str, periode: Periode) -> list[Valeur]:
    from accueil.models import Orientation

    jours = settings.ACCUEIL_ORIENTATION_RELANCE_JOURS
    qs = Orientation.objects.filter(
        structure_origine__departement_id=dep, envoyee_le__range=_bornes(periode)
    )
    total = qs.count()
    a_temps = qs.filter(
        repondue_le__isnull=False,
        repondue_le__lte=F("envoyee_le") + dt.timedelta(days=jours),
    ).count()
    return [Valeur(a_temps, f"Réponse en {jours} jours au plus", sur=total)]


def fraicheur_annuaire(dep: str, periode: Periode) -> list[Valeur]:
    from annuaire.models import Structure

    qs = Structure.objects.filter(departement_id=dep)
    limite = periode.fin - dt.timedelta(days=365)
    a_jour = qs.filter(Q(date_maj__gte=limite) | Q(verifie_le__gte=limite)).count()
    return [Valeur(a_jour, "Fiches à jour depuis moins d'un an", sur=qs.count(), personnes=False)]


def eds_permanence_numerique(dep: str, periode: Periode) -> list[Valeur]:
    from annuaire.models import Structure
    from annuaire.typologies import BUREAUX_LOCAUX

    bureaux = Structure.objects.filter(departement_id=dep, typologie__in=BUREAUX_LOCAUX)
    avec = bureaux.filter(permanences__nom__icontains="numérique").distinct().count()
    return [Valeur(avec, "MDS ou EDS", sur=bureaux.count(), personnes=False)]


def _mediane(valeurs: list[float]) -> float | None:
    import statistics

    return float(statistics.median(valeurs)) if valeurs else None


def rsa_referents(dep: str, periode: Periode) -> list[Valeur]:
    from rsa.models import Beneficiaire

    ouverts = Beneficiaire.objects.filter(departement=dep, statut="ouvert")
    avec = ouverts.filter(Q(referent__isnull=False) | Q(structure_referente__isnull=False))
    delais = [
        (b.referent_designe_le - b.date_entree).days
        for b in Beneficiaire.objects.filter(
            departement=dep,
            referent_designe_le__range=(periode.debut, periode.fin),
        ).only("referent_designe_le", "date_entree")
    ]
    mediane = _mediane(delais) if len(delais) >= SEUIL_SECRET_LOCAL else None
    return [
        Valeur(
            avec.count(), "Allocataires (droit ouvert) avec un référent unique", sur=ouverts.count()
        ),
        Valeur(
            mediane,
            "Délai médian de désignation du référent (jours)",
            personnes=False,
            note=f"sur {len(delais)} désignations de la période"
            if mediane is not None
            else "moins de 5 désignations dans la période : non publié",
        ),
    ]


def aides_accordees(dep: str, periode: Periode) -> list[Valeur]:
    from django.db.models import Sum

    from aides_financieres.models import AideAccordee, DemandeAide

    decidees = DemandeAide.objects.filter(departement=dep, decidee_le__range=_bornes(periode))
    accordees = decidees.filter(statut__in=["accordee", "partiellement_accordee", "payee"])
    montant = AideAccordee.objects.filter(demande__in=accordees).aggregate(m=Sum("montant"))["m"]
    delais = [d.delai_jours for d in accordees if d.delai_jours is not None]
    mediane = _mediane(delais) if len(delais) >= SEUIL_SECRET_LOCAL else None
    return [
        Valeur(accordees.count(), "Demandes accordées (tout ou partie)", sur=decidees.count()),
        Valeur(float(montant or 0), "Montant accordé (€)", personnes=False),
        Valeur(
            mediane,
            "Délai médian entre dépôt et décision (jours)",
            personnes=False,
            note="" if mediane is not None else "moins de 5 décisions : non publié",
        ),
    ]


def enregistrer_tout() -> None:
    jours = getattr(settings, "ACCUEIL_ORIENTATION_RELANCE_JOURS", 8)
    for i in (
        Indicateur(
            "bilan.bilans_conserves",
            "Bilans d'accès aux droits conservés",
            "Bilans faits en ligne ou avec un agent que la personne a choisi de conserver "
            "(avec son consentement), pour un foyer du département, créés pendant la période. "
            "Les bilans non conservés ne laissent aucune trace et ne sont pas comptés.",
            "bilans",
            "Accès aux droits",
            bilans_conserves,
            ordre=10,
        ),
        Indicateur(
            "bilan.droits_non_demandes",
            "Droits probablement non demandés repérés par les bilans",
            "Dans les bilans conservés de la période, droits auxquels le foyer a probablement "
            "droit et qu'il a déclaré ne pas percevoir, et foyers concernés.",
            "droits / foyers",
            "Accès aux droits",
            droits_non_demandes_bilans,
            ordre=11,
        ),
        Indicateur(
            "depistage.menages_concernes",
            "Non-recours estimé par le dernier dépistage",
            "Dans le dernier dépistage « aller vers » terminé (fichier de ménages connus des "
            "services), ménages du département ayant au moins un droit probablement non "
            "demandé, sur les ménages dépistés. La période est le mois du dépistage.",
            "ménages",
            "Accès aux droits",
            menages_depistes,
            ordre=12,
        ),
        Indicateur(
            "accueil.personnes_recues",
            "Personnes reçues au premier accueil, par canal",
            "Personnes distinctes ayant eu au moins un contact enregistré pendant la période "
            "dans une structure du département, par canal du contact (une personne reçue par "
            "deux canaux compte dans chacun).",
            "personnes",
            "Premier accueil",
            personnes_recues,
            ordre=20,
        ),
        Indicateur(
            "accueil.personnes_orientees",
            "Personnes orientées vers une autre structure, par canal",
            "Personnes distinctes dont une orientation a été envoyée pendant la période par une "
            "structure du département, par canal du contact d'où elle part.",
            "personnes",
            "Premier accueil",
            personnes_orientees,
            ordre=21,
        ),
        Indicateur(
            "accueil.orientations_a_temps",
            "Orientations répondues à temps",
            f"Orientations envoyées pendant la période par une structure du département et "
            f"acceptées ou refusées par la structure destinataire en {jours} jours au plus "
            f"(délai de relance), sur toutes les orientations envoyées.",
            "orientations",
            "Premier accueil",
            orientations_a_temps,
            ordre=22,
        ),
        Indicateur(
            "annuaire.fraicheur",
            "Fraîcheur de l'annuaire",
            "Fiches de structures du département mises à jour ou vérifiées depuis moins d'un "
            "an à la fin de la période, sur toutes les fiches.",
            "fiches",
            "Annuaire",
            fraicheur_annuaire,
            ordre=40,
        ),
        Indicateur(
            "annuaire.eds_permanence_numerique",
            "MDS et EDS tenant une permanence d'accès aux droits numériques",
            "Maisons ou espaces départementaux des solidarités dont l'annuaire indique une "
            "permanence d'accès aux droits numériques, sur tous.",
            "structures",
            "Annuaire",
            eds_permanence_numerique,
            ordre=41,
        ),
    ):
        enregistrer(i)
    from django.apps import apps

    if apps.is_installed("rsa"):
        enregistrer(
            Indicateur(
                "rsa.referents",
                "Allocataires du RSA accompagnés par un référent unique",
                "Allocataires du RSA du département dont le droit est ouvert et qui ont un "
                "référent unique ou une structure référente, sur tous les allocataires au droit "
                "ouvert (à la date du calcul) ; délai médian, en jours, entre l'ouverture du "
                "droit et la désignation du référent pour les désignations de la période.",
                "allocataires / jours",
                "Insertion",
                rsa_referents,
                ordre=60,
            )
        )
    if apps.is_installed("aides_financieres"):
        enregistrer(
            Indicateur(
                "aides_financieres.accordees",
                "Aides financières accordées (fonds unique)",
                "Demandes d'aide financière du département décidées pendant la période et "
                "accordées en tout ou partie, sur toutes les demandes décidées ; montant "
                "accordé ; délai médian, en jours, entre le dépôt et la décision.",
                "demandes / € / jours",
                "Aides financières",
                aides_accordees,
                ordre=61,
            )
        )
