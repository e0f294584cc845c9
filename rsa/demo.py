"""DEMONSTRATION data of the RSA pathway (only with SOLIDARITES_DEMO=1): the monthly demo files of
the three départements imported, then orientations, référents, meetings, contracts, an
accompagnement global and parcours types, so that every page shows something after `make run`.

Idempotent: a file already imported is not imported again; the pathway is built once (people
already oriented are left as they are). Every person is fictitious (rsa/generation.py).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accueil.models import Personne
from annuaire.models import Structure
from comptes.audit import Action
from comptes.models import EvenementAudit, Membre
from rsa import importation, regles, services
from rsa.models import (
    Beneficiaire,
    DecisionOrientation,
    Designation,
    Diagnostic,
    Evenement,
    ImportFlux,
)

MOT_DE_PASSE = "demo-solidarites-2026"
DIAGNOSTICS = [
    {
        "situation_emploi": "recherche_active",
        "mobilite": "vehicule",
        "garde_enfants": "sans_objet",
        "sante": "bonne",
        "logement": "stable",
    },
    {
        "situation_emploi": "recherche_active",
        "mobilite": "transports",
        "garde_enfants": "a_trouver",
        "sante": "bonne",
        "logement": "stable",
    },
    {
        "situation_emploi": "eloigne",
        "mobilite": "aucune",
        "garde_enfants": "a_trouver",
        "sante": "suivi",
        "logement": "heberge",
    },
    {
        "situation_emploi": "indisponible",
        "mobilite": "aucune",
        "garde_enfants": "sans_objet",
        "sante": "limitante",
        "logement": "precaire",
    },
    {
        "situation_emploi": "formation",
        "mobilite": "permis",
        "garde_enfants": "solution",
        "sante": "bonne",
        "logement": "stable",
    },
]


def fichiers():
    dossier = importation.dossier_contenu() / "demo"
    return sorted(dossier.glob("flux-rsa-*"), key=lambda f: (f.name.split("-")[2], f.name))


def importer_fichiers(sortie=None) -> list[str]:
    import hashlib

    faits = []
    for f in fichiers():
        departement = f.name.split("-")[2]
        contenu = f.read_bytes()
        if ImportFlux.objects.filter(empreinte=hashlib.sha256(contenu).hexdigest()).exists():
            continue
        if f.name == "flux-rsa-77-2026-10.csv":
            _homonymes(contenu)
        r = importation.importer(contenu, f.name, departement=departement)
        faits.append(f"{f.name} : {r.resume()}")
        if sortie:
            sortie(faits[-1])
    return faits


def _homonymes(contenu: bytes) -> None:
    """Two files already known at the MDS of Melun, with a name close to two entrants of the
    October file: the import shows them to an agent instead of merging."""
    from rsa import flux

    mds = Structure.objects.filter(identifiant__endswith="--77-mds-melun").first()
    if mds is None:
        return
    lignes = [
        ligne.split(";")
        for ligne in contenu.decode().splitlines()[1:]
        if ";E;" in ligne and ";77288;" in ligne
    ][:2]
    for champs in lignes:
        nom = champs[5]
        Personne.objects.get_or_create(
            structure=mds,
            nom=nom[:-1] + ("D" if nom[-1] != "D" else "T"),
            prenom=champs[6],
            date_naissance=flux.lire_date(champs[7]),
            defaults={"commune_code": "77288"},
        )


def _referents(departement: str) -> dict[int, list]:
    """Accounts who may be référent, by structure: the existing accounts, plus one demo
    référent per MDS / EDS of the département that has none."""
    User = get_user_model()
    par_structure: dict[int, list] = {}
    for m in Membre.objects.filter(
        actif=True,
        role__in=["travailleur_social", "conseiller_emploi"],
        structure__departement_id=departement,
    ).select_related("utilisateur"):
        par_structure.setdefault(m.structure_id, []).append(m.utilisateur)
    for s in Structure.objects.filter(departement_id=departement, typologie__in=["mds", "eds"]):
        if s.pk in par_structure:
            continue
        identifiant = f"demo.rsa.referent-{s.identifiant.split('--')[-1]}"[:150]
        user, cree = User.objects.get_or_create(
            username=identifiant,
            defaults={"first_name": "Référente", "last_name": f"(démo) {s.nom.split(' de ')[-1]}"},
        )
        if cree:
            user.set_password(MOT_DE_PASSE)
            user.save()
        Membre.objects.update_or_create(
            utilisateur=user,
            defaults={"structure": s, "role": "travailleur_social", "actif": True, "demo": True},
        )
        par_structure[s.pk] = [user]
    return par_structure


@transaction.atomic
def construire_parcours(departement: str, graine: int = 2026) -> int:
    """Orient ~75 % of the beneficiaries entered before the last month, designate référents for
    most of them, book first meetings (bulk writes, labelled in the history)."""
    h = random.Random(f"{graine}-{departement}")
    r = services.regles_du(departement)
    aujourdhui = timezone.localdate()
    referents = _referents(departement)
    france_travail = list(
        Structure.objects.filter(departement_id=departement, typologie="france-travail")
    )
    a_orienter = list(
        Beneficiaire.objects.filter(
            departement=departement,
            oriente_le__isnull=True,
            date_entree__lt=aujourdhui - timedelta(days=20),
        ).order_by("pk")
    )
    diagnostics, decisions, designations, evenements = [], [], [], []
    modifies = []
    for b in a_orienter:
        if h.random() > 0.78 or b.territoire_id is None:
            continue
        reponses = h.choice(DIAGNOSTICS)
        suggestion = regles.suggerer_orientation(r, reponses)
        orientation = suggestion.orientation
        structure_id = b.territoire_id
        if orientation == "professionnelle" and france_travail:
            structure_id = h.choice(france_travail).pk
        delai = int(h.triangular(3, 75, 18))
        decide = min(b.date_entree + timedelta(days=delai), aujourdhui)
        diagnostics.append(
            Diagnostic(
                beneficiaire=b,
                fait_le=decide,
                suggestion=orientation,
                explication=suggestion.explication,
                **reponses,
            )
        )
        decisions.append(
            DecisionOrientation(
                beneficiaire=b,
                orientation=orientation,
                structure_id=structure_id,
                decide_le=decide,
                suggestion=orientation,
                explication=suggestion.explication,
            )
        )
        b.orientation, b.oriente_le, b.structure_referente_id = orientation, decide, structure_id
        evenements.append(
            Evenement(
                beneficiaire=b,
                type="orientation",
                le=_dt(decide),
                libelle=f"Orientation {regles.ORIENTATIONS[orientation].lower()} (démonstration)",
            )
        )
        possibles = referents.get(structure_id) or []
        if possibles and h.random() < 0.93:
            ref = h.choice(possibles)
            designe = min(decide + timedelta(days=h.randint(0, 8)), aujourdhui)
            designations.append(
                Designation(
                    beneficiaire=b, referent=ref, structure_id=structure_id, designe_le=designe
                )
            )
            b.referent, b.referent_designe_le = ref, designe
            evenements.append(
                Evenement(
                    beneficiaire=b,
                    type="referent",
                    le=_dt(designe),
                    libelle="Référent unique désigné (démonstration)",
                )
            )
            if h.random() < 0.8:
                b.premier_rdv_le = min(designe + timedelta(days=h.randint(4, 30)), aujourdhui)
        modifies.append(b)
    Diagnostic.objects.bulk_create(diagnostics, batch_size=1000)
    DecisionOrientation.objects.bulk_create(decisions, batch_size=1000)
    Designation.objects.bulk_create(designations, batch_size=1000)
    Evenement.objects.bulk_create(evenements, batch_size=1000)
    Beneficiaire.objects.bulk_update(
        modifies,
        [
            "orientation",
            "oriente_le",
            "structure_referente",
            "referent",
            "referent_designe_le",
            "premier_rdv_le",
        ],
        batch_size=1000,
    )
    EvenementAudit.objects.bulk_create(
        [
            EvenementAudit(
                action=Action.ORIENTATION,
                objet="orientation_rsa",
                objet_id=d.pk,
                personne_id=d.beneficiaire.personne_id,
                canal="commande",
            )
            for d in decisions
        ],
        batch_size=1000,
    )
    return len(modifies)


def _dt(jour):
    return timezone.make_aware(datetime.combine(jour, time(10, 0)))


def dossiers_complets() -> int:
    """A few complete files at the MDS of Melun (through the services, as an agent would):
    meetings (one attended, one missed and re-invited), a signed contract with two actions,
    an accompagnement global with the France Travail demo adviser, a parcours type."""
    mds = Structure.objects.filter(identifiant__endswith="--77-mds-melun").first()
    ts = Membre.objects.filter(structure=mds, role="travailleur_social", actif=True).first()
    conseiller = Membre.objects.filter(
        role="conseiller_emploi", actif=True, structure__departement_id="77"
    ).first()
    if mds is None:
        return 0
    faits = 0
    beneficiaires = (
        Beneficiaire.objects.filter(
            structure_referente=mds, statut="ouvert", oriente_le__isnull=False
        )
        .exclude(orientation="professionnelle")
        .order_by("pk")[:8]
    )
    aujourdhui = timezone.localdate()
    for i, b in enumerate(beneficiaires):
        if b.rendez_vous.exists():
            continue
        with transaction.atomic():
            if ts and b.referent_id != ts.utilisateur_id and i < 5:
                services.designer_referent(
                    b,
                    {
                        "referent": ts.utilisateur_id,
                        "designe_le": max(b.oriente_le, aujourdhui - timedelta(days=30)),
                    },
                )
                b.refresh_from_db()
            passe = services.inviter(
                b,
                {
                    "objet": "orientation",
                    "canal": "courrier",
                    "lieu": mds.pk,
                    "le": timezone.now() + timedelta(days=1),
                },
            )
            # The meeting took place (demo): moved to the past, then attendance noted.
            passe.le = timezone.now() - timedelta(days=10 - i)
            passe.save(update_fields=["le"])
            services.noter_presence(passe, "absent" if i % 3 == 2 else "venu")
            if i % 3 == 2:
                services.inviter(
                    b,
                    {
                        "objet": "orientation",
                        "canal": "sms" if b.personne.telephone else "courrier",
                        "lieu": mds.pk,
                        "le": timezone.now() + timedelta(days=7 + i),
                    },
                    reinvitation_de=passe,
                )
            else:
                debut = aujourdhui - timedelta(days=5)
                services.enregistrer_contrat(
                    b,
                    services.DonneesContrat(
                        type="cer",
                        objectifs=[
                            "Retrouver un logement stable",
                            "Reprendre une formation qualifiante",
                        ],
                        debut_le=debut,
                        fin_le=regles.ajouter_mois(debut, 12),
                        heures_hebdomadaires=15,
                        signe_le=debut,
                        actions=[
                            services.DonneesAction(
                                "Déposer une demande de logement social",
                                debut,
                                debut + timedelta(days=30),
                                2,
                            ),
                            services.DonneesAction(
                                "Réunion d'information sur les métiers de l'aide à domicile",
                                debut,
                                debut + timedelta(days=45),
                                3,
                            ),
                        ],
                    ),
                )
                suivi = services.attacher_parcours(b, "aide-a-domicile")
                services.marquer_etape(suivi, "information")
            if i == 0 and ts and conseiller:
                services.demarrer_accompagnement_global(
                    b,
                    {
                        "travailleur_social": ts.utilisateur_id,
                        "conseiller": conseiller.utilisateur_id,
                        "plan": "1. Lever le frein de garde d'enfants (crèche à vocation d'insertion "
                        "professionnelle).\n2. Immersion de deux semaines dans un service d'aide "
                        "à domicile.\n3. Point à trois dans un mois.",
                        "debut_le": aujourdhui - timedelta(days=3),
                    },
                )
            faits += 1
    return faits


def charger(sortie=print) -> None:
    importer_fichiers(sortie)
    for departement in ("77", "94", "71"):
        n = construire_parcours(departement)
        sortie(f"{departement} : {n} bénéficiaires orientés (démonstration)")
    sortie(f"{dossiers_complets()} dossiers complets à la MDS de Melun (démonstration)")
