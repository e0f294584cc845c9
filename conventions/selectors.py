"""Lectures des conventions : synthèse des montants par partenaire, politique et année."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from conventions.models import POLITIQUES, MontantAnnuel


def synthese_montants(conventions) -> dict:
    montants = MontantAnnuel.objects.filter(convention__in=conventions).select_related(
        "convention", "partie__structure"
    )
    annees: set[int] = set()
    par_partenaire: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    par_politique: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    total: dict[int, Decimal] = defaultdict(Decimal)
    for m in montants:
        annees.add(m.annee)
        if m.partie is not None:
            qui = m.partie.structure.nom
        else:
            qui = " et ".join(p.structure.nom for p in m.convention.parties.all())
        par_partenaire[qui][m.annee] += m.montant
        par_politique[POLITIQUES[m.convention.politique]][m.annee] += m.montant
        total[m.annee] += m.montant
    annees_l = sorted(annees)

    def tableau(d):
        return [
            (nom, [d[nom].get(a, Decimal(0)) for a in annees_l], sum(d[nom].values(), Decimal(0)))
            for nom in sorted(d)
        ]

    return {
        "annees": annees_l,
        "par_partenaire": tableau(par_partenaire),
        "par_politique": tableau(par_politique),
        "total": [total.get(a, Decimal(0)) for a in annees_l],
        "total_general": sum(total.values(), Decimal(0)),
    }
