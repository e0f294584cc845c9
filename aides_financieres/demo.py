"""Demo data of the single fund: a year of applications for 77, 94 and 71, deterministic
(seeded), labelled « démonstration ». Envelopes (no personal data) are always loaded; people's
files and applications only with SOLIDARITES_DEMO=1. Running it twice leaves the same state: the
previous demo applications, sessions and files are removed first."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aides_financieres.bareme import (
    BESOINS,
    Demande,
    LigneBesoin,
    bareme_du_departement,
    euros,
    proposer,
)
from aides_financieres.models import (
    AideAccordee,
    Commission,
    Decision,
    DemandeAide,
    Echeance,
    Enveloppe,
    HistoriqueStatut,
    Paiement,
    PresenceCommission,
    Relance,
    Remboursement,
)
from aides_financieres.regles import echeancier
from aides_financieres.services import membres_commission

DEPARTEMENTS = ("77", "94", "71")
PAR_DEPARTEMENT = 90
MARQUE = "(démo)"
MOT_DE_PASSE_DEMO = "demo-solidarites-2026"

PRENOMS = [
    "Camille", "Nadia", "Kevin", "Sofia", "Yannick", "Aïcha", "Julien", "Fatou", "Marc",
    "Léa", "Karim", "Sandrine", "Mamadou", "Élodie", "Thomas", "Inès", "Paul", "Chloé",
]  # fmt: skip
NOMS = [
    "Martin", "Bernard", "Diallo", "Petit", "Moreau", "Haddad", "Lefèvre", "Nguyen", "Roux",
    "Garcia", "Fontaine", "Traoré", "Mercier", "Benali", "Dupuis", "Lambert", "Faure", "Colin",
]  # fmt: skip


# Typical households: (situation builder, prestations, charges)
def _menages(rng: random.Random, commune: str):
    enfants = [{"role": "enfant", "age": rng.randint(1, 16)} for _ in range(rng.randint(1, 3))]
    loyer = rng.choice([480, 560, 620, 690, 750, 820])
    types = [
        (
            {"statut": rng.choice(["locataire_prive", "locataire_hlm"]), "loyer": loyer},
            [{"role": "demandeur", "age": rng.randint(24, 48), "activite": "sans_emploi"}]
            + enfants,
            {"rsa": rng.choice([650, 700, 760]), "aide-logement": rng.choice([320, 380, 420]),
             "allocations-familiales": 150 if len(enfants) > 1 else 0, "asf": 200},
        ),
        (
            {"statut": "locataire_hlm", "loyer": loyer},
            [
                {"role": "demandeur", "age": rng.randint(28, 55), "activite": "salarie",
                 "revenus": {"salaire_net": rng.choice([1250, 1430, 1600])}},
                {"role": "conjoint", "age": rng.randint(26, 55), "activite": "inactif"},
            ]
            + enfants,
            {"aide-logement": 250, "allocations-familiales": 150 if len(enfants) > 1 else 0,
             "prime-activite": rng.choice([150, 220, 280])},
        ),
        (
            {"statut": rng.choice(["heberge_gratuit", "locataire_prive"]), "loyer": 0},
            [{"role": "demandeur", "age": rng.randint(18, 25), "activite": "sans_emploi"}],
            {},
        ),
        (
            {"statut": "locataire_prive", "loyer": rng.choice([420, 500, 560])},
            [{"role": "demandeur", "age": rng.randint(62, 85), "activite": "retraite",
              "revenus": {"retraite": rng.choice([850, 980, 1100])}}],
            {"aide-logement": 180},
        ),
        (
            {"statut": "locataire_hlm", "loyer": rng.choice([420, 480])},
            [{"role": "demandeur", "age": rng.randint(30, 59), "activite": "inactif",
              "taux_incapacite": 80}],
            {"aah": 1040, "aide-logement": 260},
        ),
    ]  # fmt: skip
    logement, personnes, prestations = rng.choice(types)
    situation = {
        "mois": timezone.localdate().strftime("%Y-%m"),
        "commune": commune,
        "logement": logement,
        "personnes": personnes,
    }
    charges = {
        "loyer": logement.get("loyer", 0),
        "energie": rng.choice([70, 95, 120, 160]),
        "eau": rng.choice([20, 30, 45]),
        "assurances": rng.choice([15, 25, 40]),
        "telephone": rng.choice([25, 40, 55]),
    }
    if rng.random() < 0.3:
        charges["credits"] = rng.choice([80, 150, 220])
    return (
        situation,
        {k: v for k, v in prestations.items() if v},
        {k: v for k, v in charges.items() if v},
    )


MONTANTS = {
    "acces_logement": (600, 1600),
    "impaye_loyer": (700, 3200),
    "energie": (150, 700),
    "eau": (80, 350),
    "telephone": (60, 160),
    "subsistance": (100, 400),
    "projet_jeune": (200, 800),
}
CREANCIERS = {
    "acces_logement": ("bailleur", ["Bailleur privé", "Office public de l'habitat"]),
    "impaye_loyer": ("bailleur", ["Office public de l'habitat", "Bailleur privé", "SA HLM"]),
    "energie": ("fournisseur_energie", ["EDF", "Engie", "TotalEnergies"]),
    "eau": ("distributeur_eau", ["Veolia Eau", "Suez Eau", "Régie des eaux"]),
    "telephone": ("operateur_telephone", ["Orange", "SFR", "Free"]),
    "subsistance": ("personne", [""]),
    "projet_jeune": ("organisme", ["Auto-école du centre", "Centre de formation"]),
}


def enveloppes(annee: int) -> int:
    """Yearly envelopes per fund (demo amounts, sized so that some alerts show)."""
    n = 0
    for dep in DEPARTEMENTS:
        bareme = bareme_du_departement(dep)
        for i, f in enumerate(bareme.fonds):
            montant = (f.plafond_demande * (12 if f.fsl else 8)).quantize(Decimal("1"))
            if i == 1:  # FSL maintien: tight, to show the alert before exhaustion
                montant = (f.plafond_demande * 9).quantize(Decimal("1"))
            Enveloppe.objects.update_or_create(
                departement=dep,
                annee=annee,
                fonds=f.slug,
                territoire="",
                defaults={"montant": montant, "seuil_alerte": 80, "demo": True},
            )
            n += 1
    return n


def _structures(dep):
    from annuaire.models import Secteur, Structure

    qs = Structure.objects.filter(departement_id=dep, typologie__in=("mds", "eds", "ccas"))
    out = []
    for s in qs.order_by("nom")[:6]:
        communes = list(
            Secteur.objects.filter(structure=s).values_list("commune_id", flat=True)[:10]
        )
        if not communes and s.commune_id:
            communes = [s.commune_id]
        if communes:
            out.append((s, communes))
    return out


def _supprimer_demo():
    from accueil.models import Personne

    Paiement.objects.filter(aide__demande__demo=True).delete()
    Remboursement.objects.filter(aide__demande__demo=True).delete()
    Enveloppe.objects.filter(demo=True).exclude(territoire="").delete()
    DemandeAide.objects.filter(demo=True).delete()
    Commission.objects.filter(demo=True).delete()
    Personne.objects.filter(nom__endswith=MARQUE).delete()


def compte_ccas_demo():
    """A social worker of the CCAS of Melun (the issue's journey starts there)."""
    from django.contrib.auth import get_user_model

    from annuaire.models import Structure
    from comptes.models import Membre

    ccas = Structure.objects.filter(typologie="ccas", commune_id="77288").order_by("pk").first()
    if ccas is None:
        return None
    user, _ = get_user_model().objects.get_or_create(username="demo.ccas.social")
    user.set_password(MOT_DE_PASSE_DEMO)
    user.first_name, user.last_name = "Travailleuse sociale", "CCAS (démo)"
    user.save()
    Membre.objects.update_or_create(
        utilisateur=user,
        defaults={"structure": ccas, "role": "travailleur_social", "actif": True, "demo": True},
    )
    return user


@transaction.atomic
def charger(personnel: bool, aujourdhui: dt.date | None = None) -> dict:
    aujourdhui = aujourdhui or timezone.localdate()
    resume = {"enveloppes": enveloppes(aujourdhui.year)}
    if not personnel:
        return resume
    from accueil.models import Personne

    _supprimer_demo()
    compte_ccas_demo()
    debut = dt.date(aujourdhui.year, 1, 3)
    jours = max((aujourdhui - debut).days - 1, 30)
    total = 0
    for dep in DEPARTEMENTS:
        rng = random.Random(f"aides-financieres-{dep}")
        bareme = bareme_du_departement(dep)
        structures = _structures(dep)
        if not structures:
            continue
        seances = []
        membres = list(membres_commission(dep))
        d0 = debut
        while d0 <= aujourdhui + dt.timedelta(days=20):
            seance = d0.replace(day=min(12, 28))
            seances.append(
                Commission.objects.create(
                    departement=dep,
                    date=seance,
                    lieu="Hôtel du Département",
                    presidence="La vice-présidente chargée des solidarités (démo)",
                    membres="Élus et représentants de la CAF, des bailleurs et des CCAS (démo)",
                    tenue=seance < aujourdhui,
                    demo=True,
                )
            )
            if seances[-1].tenue:
                _presences(seances[-1], membres, len(seances))
            d0 = (d0.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        for n in range(PAR_DEPARTEMENT):
            structure, communes = structures[n % len(structures)]
            commune = rng.choice(communes)
            situation, prestations, charges = _menages(rng, commune)
            age = situation["personnes"][0]["age"]
            personne = Personne.objects.create(
                structure=structure,
                nom=f"{rng.choice(NOMS)} {MARQUE}",
                prenom=rng.choice(PRENOMS),
                date_naissance=dt.date(
                    aujourdhui.year - age, rng.randint(1, 12), rng.randint(1, 28)
                ),
                commune_code=commune,
            )
            choix = ["impaye_loyer", "energie", "eau", "telephone", "subsistance", "acces_logement"]
            if age <= 25:
                choix += ["projet_jeune", "subsistance"]
            besoins = []
            for b in rng.sample(choix, k=rng.choice([1, 1, 2])):
                bas, haut = MONTANTS[b]
                creancier, noms = CREANCIERS[b]
                besoins.append(
                    (b, euros(rng.randrange(bas, haut, 10)), creancier, rng.choice(noms))
                )
            depot = debut + dt.timedelta(days=int(jours * n / PAR_DEPARTEMENT) + rng.randint(0, 3))
            depot = min(depot, aujourdhui - dt.timedelta(days=1))
            p = proposer(
                bareme,
                Demande(
                    situation=_situation(situation),
                    besoins=tuple(LigneBesoin(b, m, c) for b, m, c, _ in besoins),
                    prestations=prestations,
                    charges=charges,
                ),
            )
            total += _une_demande(
                rng, dep, bareme, structure, personne, situation, prestations, charges,
                besoins, p, depot, aujourdhui, seances, n,
            )  # fmt: skip
    resume["demandes"] = total
    resume["enveloppes"] += enveloppes_territoriales(aujourdhui.year)
    return resume


def enveloppes_territoriales(annee: int) -> int:
    """For each département, the FSL maintien envelope of its busiest territory (a share of the
    département's), so that the dashboard shows a territory's line too."""
    from django.db.models import Sum

    n = 0
    for dep in DEPARTEMENTS:
        ligne = (
            AideAccordee.objects.filter(demande__departement=dep, annee=annee, demande__demo=True)
            .exclude(territoire="")
            .values("territoire")
            .annotate(t=Sum("montant"))
            .order_by("-t")
            .first()
        )
        if ligne is None:
            continue
        fonds = f"fsl-maintien-{dep}"
        Enveloppe.objects.update_or_create(
            departement=dep,
            annee=annee,
            fonds=fonds,
            territoire=ligne["territoire"],
            defaults={"montant": Decimal("6000"), "seuil_alerte": 80, "demo": True},
        )
        n += 1
    return n


def _remboursements(aide, echeances, aujourdhui: dt.date, rng: random.Random) -> None:
    """Repayments of a demo loan: most people repay on time, some are one to three instalments
    late (with a reminder letter when it has lasted a month), a few never started."""
    dues = [e for e in echeances if e.date < aujourdhui]
    tirage = rng.random()
    if tirage < 0.65:
        payees = dues
    elif tirage < 0.9:
        payees = dues[: max(len(dues) - rng.randint(1, 3), 0)]
    else:
        payees = []
    Remboursement.objects.bulk_create(
        Remboursement(
            aide=aide,
            montant=e.montant,
            date=min(e.date + dt.timedelta(days=rng.randint(0, 6)), aujourdhui),
            reference=f"TR-{aide.pk}-{e.rang}",
        )
        for e in payees
    )
    for e in payees:
        Echeance.objects.filter(aide=aide, rang=e.rang).update(remboursee_le=e.date)
    retard = dues[len(payees) :]
    if retard and (aujourdhui - retard[0].date).days > 30 and rng.random() < 0.5:
        Relance.objects.create(
            aide=aide,
            canal="courrier",
            montant_du=sum((e.montant for e in retard), Decimal(0)),
            echeances=len(retard),
            le=_moment(retard[0].date + dt.timedelta(days=30)),
            par_nom="Démonstration",
        )


def _presences(seance, membres, rang: int) -> None:
    """Who sat in a held demo session: every member of the département's commission, one of
    them excused every third session."""
    PresenceCommission.objects.bulk_create(
        PresenceCommission(
            commission=seance,
            utilisateur=m.utilisateur,
            nom=(m.utilisateur.get_full_name() or m.utilisateur.get_username())[:150],
            present=not (i == 1 and rang % 3 == 2),
        )
        for i, m in enumerate(membres)
    )


def _situation(data):
    from bilan.moteur.situation import Situation

    return Situation.model_validate(data)


def _moment(jour: dt.date, heure=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(jour, dt.time(heure, 0)))


def _une_demande(
    rng, dep, bareme, structure, personne, situation, prestations, charges, besoins, p, depot,
    aujourdhui, seances, n,
) -> int:  # fmt: skip
    from aides_financieres.models import Besoin
    from aides_financieres.services import territoire_de

    territoire = territoire_de(situation["commune"])
    d = DemandeAide.objects.create(
        reference=f"AF-{dep}-{depot:%Y}-D{n + 1:05d}",
        personne=personne,
        structure=structure,
        departement=dep,
        territoire=territoire,
        statut="deposee",
        situation=situation,
        prestations=prestations,
        charges=charges,
        evaluation_sociale=rng.choice(
            [
                "Baisse de ressources après une fin de contrat ; dette récente, plan d'apurement "
                "accepté par le bailleur. (démonstration)",
                "Famille suivie par la MDS ; facture d'énergie élevée après un hiver froid, "
                "logement mal isolé. (démonstration)",
                "Jeune sans soutien familial, en parcours avec la mission locale. (démonstration)",
                "Personne âgée isolée, reste à vivre très faible après le loyer. (démonstration)",
            ]
        ),
        montant_demande=sum((m for _, m, _, _ in besoins), Decimal(0)),
        montant_propose=p.total,
        cree_le=_moment(depot, 9),
        deposee_le=_moment(depot, 9),
        demo=True,
    )
    for b, m, c, nom in besoins:
        Besoin.objects.create(demande=d, besoin=b, montant=m, creancier=c, creancier_nom=nom)
    from aides_financieres.services import calculer_proposition

    d.proposition = calculer_proposition(d)
    d.save(update_fields=["proposition"])
    histo = [("", "brouillon", depot), ("brouillon", "deposee", depot)]
    age = (aujourdhui - depot).days
    statut = "deposee"
    if age > 3:
        histo.append(("deposee", "complete", depot + dt.timedelta(days=1)))
        histo.append(("complete", "en_instruction", depot + dt.timedelta(days=2)))
        statut = "en_instruction"
    decision = None
    commission = None
    if statut == "en_instruction":
        if p.total == 0:
            jour = depot + dt.timedelta(days=rng.randint(3, 9))
            if jour < aujourdhui:
                decision = ("refusee", "delegation", jour, [])
        elif p.decision == "delegation":
            jour = depot + dt.timedelta(days=rng.randint(3, 12))
            if jour < aujourdhui:
                nature = "partiellement_accordee" if rng.random() < 0.15 else "accordee"
                decision = (nature, "delegation", jour, list(p.lignes))
        else:
            commission = next((s for s in seances if s.date >= depot + dt.timedelta(days=5)), None)
            if commission is not None:
                histo.append(("en_instruction", "en_commission", depot + dt.timedelta(days=4)))
                statut = "en_commission"
                if commission.tenue:
                    tirage = rng.random()
                    nature = (
                        "accordee"
                        if tirage < 0.6
                        else "partiellement_accordee"
                        if tirage < 0.82
                        else "refusee"
                        if tirage < 0.93
                        else "ajournee"
                    )
                    decision = (nature, "commission", commission.date, list(p.lignes))
    d.commission = commission
    if decision:
        nature, mode, jour, lignes = decision
        if nature == "partiellement_accordee":
            lignes = [
                type(ligne)(**{**ligne.__dict__, "montant": euros(ligne.montant * Decimal("0.6"))})
                for ligne in lignes
            ]
        if nature in ("refusee", "ajournee"):
            lignes = []
        motif = ""
        if nature == "refusee":
            motif = (
                "ressources"
                if p.taux is None and p.refus and "quotient" in p.refus[0]
                else "reste_a_vivre"
                if p.refus and "reste à vivre" in p.refus[0]
                else rng.choice(["hors_criteres", "autre_dispositif", "pieces_manquantes"])
            )
        elif nature == "partiellement_accordee":
            motif = rng.choice(["plafond_atteint", "autre_dispositif", "hors_criteres"])
        montant = sum((ligne.montant for ligne in lignes), Decimal(0))
        x = Decimal(0)
        dec = Decision.objects.create(
            demande=d,
            nature=nature,
            mode=mode,
            commission=commission if mode == "commission" else None,
            montant=montant,
            motif_refus=motif,
            motivation="Pièces attendues : décompte de la dette à jour. (démonstration)"
            if nature == "ajournee"
            else "",
            le=_moment(jour, 15),
        )
        histo.append((statut, nature, jour))
        statut = nature
        if nature != "ajournee":
            d.decidee_le = _moment(jour, 15)
            d.montant_accorde = montant
            d.motif_refus = motif
            d.mode_decision = mode
        for ligne in lignes:
            aide = AideAccordee.objects.create(
                decision=dec,
                demande=d,
                fonds=ligne.fonds,
                fonds_label=ligne.fonds_label,
                besoin=ligne.besoin,
                montant=ligne.montant,
                forme=ligne.forme,
                duree_pret_mois=ligne.duree_pret_mois,
                beneficiaire=ligne.beneficiaire,
                beneficiaire_nom=next(
                    (nom for b, _, _, nom in besoins if b == ligne.besoin and nom), ""
                )
                or f"{personne.prenom} {personne.nom}",
                annee=jour.year,
                territoire=d.territoire,
            )
            if ligne.forme == "pret":
                ech = echeancier(ligne.montant, ligne.duree_pret_mois or 12, jour)
                Echeance.objects.bulk_create(
                    Echeance(aide=aide, rang=e.rang, date=e.date, montant=e.montant) for e in ech
                )
                _remboursements(
                    aide, ech, aujourdhui, random.Random(f"pret-{dep}-{n}-{aide.fonds}")
                )
            paye_le = jour + dt.timedelta(days=rng.randint(5, 20))
            if paye_le < aujourdhui:
                Paiement.objects.create(
                    aide=aide,
                    montant=aide.montant,
                    beneficiaire=aide.beneficiaire,
                    beneficiaire_nom=aide.beneficiaire_nom,
                    date_paiement=paye_le,
                    reference_mandat=f"M{jour:%y}-{dep}-{n + 1:05d}",
                )
                x += aide.montant
        if lignes and x == montant:
            histo.append((statut, "payee", jour + dt.timedelta(days=20)))
            statut = "payee"
    d.statut = statut
    d.save()
    HistoriqueStatut.objects.bulk_create(
        HistoriqueStatut(
            demande=d, de=de, vers=vers, par_nom="Démonstration", le=_moment(min(jour, aujourdhui))
        )
        for de, vers, jour in histo
    )
    return 1


__all__ = ["charger", "enveloppes", "BESOINS"]
