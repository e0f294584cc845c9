"""Loans with late instalments: listed (simulation, the default) or reminded (--wet-run): by
e-mail or SMS through the durable job queue when the file has an address or a number, else a
reminder letter to print from the loan's page. A loan reminded less than --intervalle days ago
is skipped. No name in the output: references only."""

import datetime as dt

from django.utils import timezone

from aides_financieres import selectors, services
from aides_financieres.models import AideAccordee
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Relance les personnes dont le prêt du fonds unique a des mensualités en retard : liste "
        "les prêts à relancer ; avec --wet-run, relance (courriel, SMS par la file des tâches, "
        "sinon lettre à imprimer)."
    )

    def arguments(self, parser):
        parser.add_argument("--departement", choices=["77", "94", "71"], action="append")
        parser.add_argument(
            "--canal",
            choices=["auto", "courrier", "courriel", "sms"],
            default="auto",
            help="auto : courriel si le dossier a une adresse, sinon SMS, sinon lettre.",
        )
        parser.add_argument(
            "--intervalle",
            type=int,
            default=30,
            help="Jours au moins entre deux relances d'un même prêt (30 par défaut).",
        )

    def _a_relancer(self, departement=None, intervalle=30, canal="auto", **options):
        depuis = timezone.now() - dt.timedelta(days=intervalle)
        qs = AideAccordee.objects.filter(demande__departement__in=departement or ["77", "94", "71"])
        out = []
        for aide, etat in selectors.prets(qs, en_retard=True):
            if any(r.le >= depuis for r in aide.relances_liste):
                continue
            p = aide.demande.personne
            choisi = canal
            if canal == "auto":
                choisi = "courriel" if p.courriel else "sms" if p.telephone else "courrier"
            out.append((aide, etat, choisi))
        return out

    def a_changer(self, **options):
        return [
            f"{aide.demande.reference} : {len(etat.en_retard)} mensualité(s) en retard "
            f"({etat.montant_en_retard} €, {etat.jours_retard} jours) — relance par {canal}"
            for aide, etat, canal in self._a_relancer(**options)
        ]

    def appliquer(self, **options):
        faites, impossibles = 0, 0
        for aide, _etat, canal in self._a_relancer(**options):
            try:
                services.relancer(None, aide, canal)
            except services.ErreurChamps:
                impossibles += 1
            else:
                faites += 1
        return (
            f"{faites} relance(s) enregistrée(s) (courriels et SMS mis en file d'envoi, lettres à "
            f"imprimer depuis la page du prêt) ; {impossibles} impossible(s) par ce canal."
        )
