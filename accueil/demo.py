"""Demo data of the agents' queue (SOLIDARITES_DEMO=1 only, called by `chiffres.demo.charger`
after the demo files are created): online requests waiting for a call back (one due today, one
called with no answer and to call again tomorrow), follow-ups due today, and rights identified
with their follow-up (à demander, demandé, obtenu). Every name says « démonstration »."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

PRENOM_DEMO = "Exemple (démonstration)"
DROITS = [
    ("prime-activite", "Prime d'activité", 187),
    ("css", "Complémentaire santé solidaire", None),
    ("aide-logement", "Aide personnalisée au logement", 245),
]


SUITE_DEMO = "Rappeler pour savoir si les demandes sont faites (démonstration)."


def supprimer() -> None:
    from accueil.models import Contact, Demande, SuiviDroit

    Demande.objects.filter(prenom=PRENOM_DEMO).delete()
    SuiviDroit.objects.filter(contact__suite=SUITE_DEMO).delete()
    Contact.objects.filter(suite=SUITE_DEMO).delete()


def charger(personnes_par_bureau: dict) -> dict:
    """`personnes_par_bureau`: {structure: [demo Personne, …]} (their files already exist)."""
    from accueil import regles
    from accueil.models import Contact, Demande, SuiviDroit

    supprimer()
    aujourdhui = timezone.localdate()
    maintenant = timezone.now()
    faits = {"demandes": 0, "suivis_droits": 0, "rappels": 0}
    statuts = [regles.StatutDroit.A_DEMANDER, regles.StatutDroit.DEMANDE, regles.StatutDroit.OBTENU]
    for structure, personnes in personnes_par_bureau.items():
        for k, (rappel, appels) in enumerate(
            [(None, 0), (aujourdhui, 1), (aujourdhui + dt.timedelta(days=1), 2)]
        ):
            Demande.objects.create(
                reference=regles.nouvelle_reference("D"),
                structure=structure,
                commune_code=structure.commune_id or "",
                besoins=[["budget"], ["logement", "budget"], ["emploi"]][k],
                prenom=PRENOM_DEMO,
                telephone="06 00 00 00 0" + str(k),
                moment_prefere="matin",
                message="Demande de démonstration.",
                cree_le=maintenant - dt.timedelta(hours=5 + 20 * k),
                appels_sans_reponse=appels,
                rappeler_le=rappel,
            )
            faits["demandes"] += 1
        for i, p in enumerate(personnes[:3]):
            c = Contact.objects.create(
                personne=p,
                structure=structure,
                canal="telephone",
                date=maintenant - dt.timedelta(days=6),
                besoins=["budget"],
                droits_identifies=[
                    {"slug": s, "libelle": lib, "montant_mensuel": m} for s, lib, m in DROITS
                ],
                suite=SUITE_DEMO,
                date_suivi=aujourdhui if i < 2 else aujourdhui + dt.timedelta(days=3),
                appels_sans_reponse=1 if i == 1 else 0,
            )
            for j, (slug, libelle, montant) in enumerate(DROITS):
                SuiviDroit.objects.create(
                    personne=p,
                    droit=slug,
                    libelle=libelle,
                    montant_mensuel=montant,
                    statut=statuts[(i + j) % len(statuts)],
                    contact=c,
                )
                faits["suivis_droits"] += 1
            faits["rappels"] += 1
    return faits
