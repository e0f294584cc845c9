"""Lectures des engagements : la page publique d'un département, calculée des enregistrements."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from chiffres import registre
from engagements import regles
from engagements.models import ChangementStatut, Engagement, Schema


def valeur_indicateur(ind, departement: str):
    """La valeur affichée d'un indicateur : le chiffre clé en direct s'il est relié."""
    if ind.code_chiffre and registre.indicateur(ind.code_chiffre):
        mesure = registre.mesurer(
            ind.code_chiffre,
            departement,
            registre.Periode.douze_mois(timezone.localdate()),
            timezone.now(),
        )
        v = mesure.valeurs[0] if mesure.valeurs else registre.Valeur(None)
        return {"texte": v.affichee, "direct": True, "date": mesure.calcule_le, "valeur": v}
    if ind.valeur is not None:
        v = registre.Valeur(ind.valeur, sur=ind.cible, personnes=False)
        return {"texte": v.affichee, "direct": False, "date": ind.mesure_le, "valeur": v}
    return {"texte": "non mesuré", "direct": False, "date": None, "valeur": None}


def page_departement(code: str) -> dict:
    aujourdhui = timezone.localdate()
    schemas = list(
        Schema.objects.filter(departement_id=code)
        .prefetch_related(
            "orientations__actions",
            Prefetch(
                "engagements",
                queryset=Engagement.objects.prefetch_related(
                    Prefetch("changements", queryset=ChangementStatut.objects.order_by("date")),
                    "indicateurs",
                ),
            ),
        )
        .order_by("annee", "titre")
    )
    blocs = []
    tous = []
    for s in schemas:
        engagements = list(s.engagements.all())
        for e in engagements:
            e.indicateurs_valeurs = [(i, valeur_indicateur(i, code)) for i in e.indicateurs.all()]
        tous += engagements
        blocs.append(
            {
                "schema": s,
                "engagements": engagements,
                "decompte": regles.decompte(
                    ((e.statut, e.echeance) for e in engagements), aujourdhui
                ),
            }
        )
    return {
        "blocs": blocs,
        "decompte": regles.decompte(((e.statut, e.echeance) for e in tous), aujourdhui),
        "aujourdhui": aujourdhui,
    }
