"""Activité de démonstration pour que les chiffres clés aient quelque chose à montrer après
`make run` (SOLIDARITES_DEMO=1 seulement) : des dossiers « Exemple (démonstration) » avec leurs
contacts et orientations dans les MDS / EDS de chaque département, des bilans conservés, et un
dépistage terminé dont la synthèse est celle que le moteur a calculée sur
content/chiffres/demo-depistage-menages.csv (400 ménages fictifs, mois 2026-10).

Idempotent : l'activité de démonstration précédente est supprimée puis recréée, à dates
relatives au jour du chargement (toujours dans les 12 derniers mois)."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

NOM_DEMO = "Exemple (démonstration)"
FICHIER_DEPISTAGE = "demo-depistage-menages.csv (démonstration)"
CANAUX = ["sur_place", "telephone", "formulaire", "courriel", "aller_vers"]
# Personnes, bilans conservés par département.
VOLUMES = {"77": (30, 12), "94": (40, 15), "71": (20, 8)}


def _bureaux(dep: str):
    """The local offices of the département, by name; the structure of the first demo account
    (`demo.mds.accueil`, the one the README gives) first, so that its queue has requests,
    follow-ups and orientations to show after `make run`."""
    from annuaire.models import Structure
    from annuaire.typologies import BUREAUX_LOCAUX
    from comptes.demo import COMPTES_DEMO
    from comptes.models import Membre

    premier = (
        Membre.objects.filter(utilisateur__username=COMPTES_DEMO[0][0])
        .values_list("structure_id", flat=True)
        .first()
    )
    bureaux = Structure.objects.filter(departement_id=dep, typologie__in=BUREAUX_LOCAUX)
    return sorted(bureaux.order_by("nom"), key=lambda s: s.pk != premier)


def _destination(dep: str, exclure):
    from annuaire.models import Structure

    return (
        Structure.objects.filter(departement_id=dep, typologie__in=["ccas", "france-travail"])
        .exclude(pk__in=[s.pk for s in exclure])
        .order_by("typologie", "nom")
        .first()
    )


def supprimer() -> None:
    from accueil.models import Personne
    from bilan.models import BilanConserve
    from depistage.models import Depistage

    Personne.objects.filter(nom=NOM_DEMO).delete()
    BilanConserve.objects.filter(situation__demonstration=True).delete()
    Depistage.objects.filter(nom_fichier=FICHIER_DEPISTAGE).delete()


@transaction.atomic
def charger() -> dict:
    from accueil.models import Contact, Orientation, Personne
    from bilan.models import BilanConserve
    from depistage.models import Depistage

    supprimer()
    maintenant = timezone.now()
    jours_relance = settings.ACCUEIL_ORIENTATION_RELANCE_JOURS
    faits = {"personnes": 0, "contacts": 0, "orientations": 0, "bilans": 0, "depistages": 0}
    a_suivre: dict = {}  # the agents' queue (accueil.demo): first bureau of each département
    for dep, (n_personnes, n_bilans) in VOLUMES.items():
        bureaux = _bureaux(dep)[:2]
        if not bureaux:
            continue
        destination = _destination(dep, bureaux) or bureaux[-1]
        for i in range(n_personnes):
            s = bureaux[i % len(bureaux)]
            quand = maintenant - dt.timedelta(days=3 + (i * 11) % 300)
            p = Personne.objects.create(
                structure=s,
                nom=NOM_DEMO,
                prenom=f"Personne {dep}-{i + 1:02d}",
                commune_code=s.commune_id or "",
            )
            c = Contact.objects.create(
                personne=p, structure=s, canal=CANAUX[i % len(CANAUX)], date=quand
            )
            faits["personnes"] += 1
            faits["contacts"] += 1
            if s == bureaux[0]:
                a_suivre.setdefault(s, []).append(p)
            if i % 4 == 0:
                Contact.objects.create(
                    personne=p, structure=s, canal="telephone", date=quand + dt.timedelta(days=1)
                )
                faits["contacts"] += 1
            if i % 3 == 0:
                envoyee = quand + dt.timedelta(hours=2)
                if i % 2 == 0:  # répondue à temps
                    statut, repondue = "acceptee", envoyee + dt.timedelta(days=2)
                elif i % 9 == 3:  # répondue en retard
                    statut, repondue = "refusee", envoyee + dt.timedelta(days=jours_relance + 4)
                else:
                    statut, repondue = "envoyee", None
                Orientation.objects.create(
                    personne=p,
                    contact=c,
                    structure_origine=s,
                    structure_destination=destination,
                    motif="Orientation de démonstration.",
                    elements_partages=["identite"],
                    statut=statut,
                    cree_le=envoyee,
                    envoyee_le=envoyee,
                    repondue_le=repondue,
                )
                faits["orientations"] += 1
        for k in range(n_bilans):
            commune = bureaux[k % len(bureaux)].commune_id or ""
            droits = [
                {"slug": "prime-activite", "probablement_non_demande": k % 2 == 0},
                {"slug": "css", "probablement_non_demande": k % 3 == 0},
            ]
            b = BilanConserve.objects.create(
                situation={"demonstration": True, "commune": commune},
                resultat={
                    "mois": "2026-10",
                    "commune": commune,
                    "departement": dep,
                    "droits": droits,
                    "total_mensuel": 0,
                    "avertissements": [],
                },
            )
            BilanConserve.objects.filter(pk=b.pk).update(
                cree_le=maintenant - dt.timedelta(days=1 + k * 17)
            )
            faits["bilans"] += 1
    from accueil import demo as demo_accueil

    faits.update(demo_accueil.charger(a_suivre))
    structure_depistage = (_bureaux("94") or _bureaux("77") or [None])[0]
    chemin = settings.CONTENT_DIR / "chiffres" / "demo-depistage-synthese.json"
    if structure_depistage is not None and chemin.is_file():
        synthese = json.loads(chemin.read_text(encoding="utf-8"))
        Depistage.objects.create(
            structure=structure_depistage,
            nom_fichier=FICHIER_DEPISTAGE,
            mois=synthese["mois"],
            statut="termine",
            synthese=synthese,
            lance_le=maintenant - dt.timedelta(days=20),
            termine_le=maintenant - dt.timedelta(days=20),
            expire_le=maintenant + dt.timedelta(days=3650),
        )
        faits["depistages"] += 1
    return faits
