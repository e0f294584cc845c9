"""Rows of the access matrix for the RSA pathway (comptes/tests/test_matrice_acces.py).

A beneficiary of the 77 oriented to MDS A, whose référent is A's social worker, in an
accompagnement global with the France Travail adviser; a second one waiting for an orientation
(seen only by the 77's insertion service). Role refusals answer 403; a file the account may not
see answers 404 (then, for a visible file, the rule of the action may still answer 403)."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne

INS, TS, AC, PA = Role.INSERTION, Role.TRAVAILLEUR_SOCIAL, Role.ACCUEIL, Role.PARTENAIRE
FT, PI, EN = Role.CONSEILLER_EMPLOI, Role.PILOTAGE, Role.ENCADRANT
ROLES_RSA = {INS, TS, AC, PA, FT}
VOIENT = {("dep77", INS), ("A", TS), ("A", AC), ("A", PA), ("ft", FT)}


def statut(roles, visibles=None, permis=None, ok=200):
    """403 outside `roles`; 404 when the object is not visible; 403 when visible but the action's
    rule refuses (`permis`); else `ok`."""

    def attendu(c):
        if c.role not in roles:
            return 403
        if visibles is not None and (c.structure, c.role) not in visibles:
            return 404
        if permis is not None and (c.structure, c.role) not in permis:
            return 403
        return ok

    return attendu


ACCES = statut(ROLES_RSA)
LECTURE = statut(ROLES_RSA, VOIENT)
SUIVI_PERMIS = {("dep77", INS), ("A", TS), ("A", AC), ("A", PA)}
SUIVI = statut(ROLES_RSA, VOIENT, SUIVI_PERMIS)
SUIVI_POST = statut(ROLES_RSA, VOIENT, SUIVI_PERMIS, ok=302)
ORIENTER = statut(ROLES_RSA, VOIENT, {("dep77", INS)})
REFERENT = statut(ROLES_RSA, VOIENT, {("dep77", INS), ("A", TS)})
IMPORT = statut({INS})
IMPORT_77 = statut({INS}, {("dep77", INS)})
TABLEAU = statut({INS, PI, EN})
INSCRIRE = statut(ROLES_RSA, {("A", TS), ("A", AC), ("A", PA)})
# A beneficiary oriented professionnelle whose référent unique is the France Travail adviser
# (no accompagnement global): their own caseload, seen and followed by them and the 77's
# insertion service only (not by the MDS, not by the agency's other accounts).
VOIENT_FT = {("dep77", INS), ("ft", FT)}
LECTURE_FT = statut(ROLES_RSA, VOIENT_FT)
SUIVI_FT = statut(ROLES_RSA, VOIENT_FT, VOIENT_FT)


def voit(c) -> bool:
    return (c.structure, c.role) in VOIENT


def voit_noms(c) -> bool:
    return (c.structure, c.role) == ("dep77", INS)


LIGNES = [
    Ligne("rsa liste", "get", "/rsa/", ACCES, montre=voit),
    Ligne("rsa parcours types", "get", "/rsa/parcours-types/", ACCES),
    Ligne("rsa import", "get", "/rsa/import/", IMPORT),
    Ligne("rsa import détail", "get", "/rsa/import/{rsa_import}/", IMPORT_77),
    Ligne("rsa rapprochements", "get", "/rsa/rapprochements/", IMPORT),
    Ligne(
        "rsa traiter rapprochement",
        "post",
        "/rsa/rapprochements/{rsa_rapprochement}/traiter/",
        statut({INS}, {("dep77", INS)}, ok=302),
    ),
    Ligne("rsa dossier", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/", LECTURE),
    Ligne(
        "rsa dossier référent FT", "get", "/rsa/beneficiaires/{rsa_beneficiaire_ft}/", LECTURE_FT
    ),
    Ligne(
        "rsa diagnostic référent FT",
        "get",
        "/rsa/beneficiaires/{rsa_beneficiaire_ft}/diagnostic/",
        SUIVI_FT,
    ),
    Ligne(
        "rsa inviter référent FT",
        "get",
        "/rsa/beneficiaires/{rsa_beneficiaire_ft}/inviter/",
        SUIVI_FT,
    ),
    Ligne("rsa diagnostic", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/diagnostic/", SUIVI),
    Ligne("rsa orienter", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/orienter/", ORIENTER),
    Ligne("rsa référent", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/referent/", REFERENT),
    Ligne("rsa inviter", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/inviter/", SUIVI),
    Ligne("rsa contrat nouveau", "get", "/rsa/beneficiaires/{rsa_beneficiaire}/contrat/", SUIVI),
    Ligne(
        "rsa accompagnement global",
        "get",
        "/rsa/beneficiaires/{rsa_beneficiaire}/accompagnement-global/",
        SUIVI,
    ),
    Ligne(
        "rsa parcours attacher",
        "post",
        "/rsa/beneficiaires/{rsa_beneficiaire}/parcours/",
        SUIVI_POST,
    ),
    Ligne("rsa lettre", "get", "/rsa/rendez-vous/{rsa_rdv}/lettre.pdf", SUIVI),
    Ligne("rsa présence", "post", "/rsa/rendez-vous/{rsa_rdv}/presence/", SUIVI_POST),
    Ligne("rsa réinviter", "get", "/rsa/rendez-vous/{rsa_rdv}/reinviter/", SUIVI),
    Ligne("rsa contrat", "get", "/rsa/contrats/{rsa_contrat}/", LECTURE),
    Ligne("rsa contrat pdf", "get", "/rsa/contrats/{rsa_contrat}/contrat.pdf", LECTURE),
    Ligne("rsa contrat modifier", "get", "/rsa/contrats/{rsa_contrat}/modifier/", SUIVI),
    Ligne("rsa revue", "post", "/rsa/revues/{rsa_revue}/", SUIVI_POST),
    Ligne("rsa étape", "post", "/rsa/parcours/{rsa_suivi}/etapes/inconnue/", SUIVI_POST),
    Ligne("rsa inscrire", "get", "/rsa/inscrire/{rsa_personne_accueil}/", INSCRIRE),
    Ligne("rsa tableau de bord", "get", "/rsa/tableau-de-bord/", TABLEAU, montre=voit_noms),
    Ligne("rsa tableau csv", "get", "/rsa/tableau-de-bord.csv", TABLEAU),
    Ligne("api rsa liste", "get", "/api/v1/rsa/beneficiaires", ACCES, montre=voit),
    Ligne(
        "api rsa recherche",
        "post",
        "/api/v1/rsa/beneficiaires/recherche",
        ACCES,
        corps={"q": "Matricedossier"},
    ),
    Ligne("api rsa dossier", "get", "/api/v1/rsa/beneficiaires/{rsa_beneficiaire}", LECTURE),
    Ligne(
        "api rsa dossier référent FT",
        "get",
        "/api/v1/rsa/beneficiaires/{rsa_beneficiaire_ft}",
        LECTURE_FT,
    ),
    Ligne("api rsa contrat", "get", "/api/v1/rsa/contrats/{rsa_contrat}", LECTURE),
    Ligne("api rsa parcours types", "get", "/api/v1/rsa/parcours-types", ACCES),
    Ligne("api rsa imports", "get", "/api/v1/rsa/imports", IMPORT),
    Ligne("api rsa importer", "post", "/api/v1/rsa/imports", statut({INS}, ok=400)),
    Ligne("api rsa rapprochements", "get", "/api/v1/rsa/rapprochements", IMPORT),
    Ligne("api rsa tableau de bord", "get", "/api/v1/rsa/tableau-de-bord", TABLEAU),
    # Last: ends the accompagnement global (the adviser no longer sees the file afterwards).
    Ligne(
        "rsa terminer accompagnement",
        "post",
        "/rsa/accompagnements/{rsa_ag}/terminer/",
        SUIVI_POST,
    ),
]


def objets(monde) -> dict:
    import datetime

    from django.utils import timezone

    from accueil.tests.factories import PersonneFactory
    from rsa.models import ImportFlux, ParcoursSuivi, Rapprochement, RevueContrat
    from rsa.tests.factories import (
        AccompagnementGlobalFactory,
        BeneficiaireFactory,
        ContratFactory,
        RendezVousFactory,
    )

    s, c = monde["structures"], monde["comptes"]
    aujourdhui = timezone.localdate()
    b = BeneficiaireFactory(
        personne__structure=s["dep77"],
        personne__nom="Matricedossier",
        territoire=s["A"],
        orientation="sociale",
        oriente_le=aujourdhui - datetime.timedelta(days=20),
        structure_referente=s["A"],
        referent=c["A.travailleur_social"],
        referent_designe_le=aujourdhui - datetime.timedelta(days=19),
    )
    BeneficiaireFactory(
        personne__structure=s["dep77"],
        personne__nom="Attentematrice",
        territoire=s["A"],
        date_entree=aujourdhui - datetime.timedelta(days=90),
    )
    b_ft = BeneficiaireFactory(
        personne__structure=s["dep77"],
        personne__nom="Referentft",
        territoire=s["A"],
        orientation="professionnelle",
        oriente_le=aujourdhui - datetime.timedelta(days=10),
        structure_referente=s["ft"],
        referent=c["ft.conseiller_emploi"],
        referent_designe_le=aujourdhui - datetime.timedelta(days=9),
    )
    rdv = RendezVousFactory(beneficiaire=b, lieu=s["A"])
    contrat = ContratFactory(beneficiaire=b)
    revue = RevueContrat.objects.create(contrat=contrat, prevue_le=aujourdhui)
    ag = AccompagnementGlobalFactory(
        beneficiaire=b,
        travailleur_social=c["A.travailleur_social"],
        conseiller=c["ft.conseiller_emploi"],
    )
    suivi = ParcoursSuivi.objects.create(beneficiaire=b, parcours="aide-a-domicile")
    imp = ImportFlux.objects.create(nom_fichier="flux.csv", empreinte="0" * 64, departement="77")
    rp = Rapprochement.objects.create(
        import_flux=imp,
        departement="77",
        ligne=2,
        cle="caf:1",
        donnees={},
        candidats=[],
    )
    accueil = PersonneFactory(structure=s["A"], nom="Sansrsa")
    return {
        "rsa_beneficiaire": b.pk,
        "rsa_beneficiaire_ft": b_ft.pk,
        "rsa_rdv": rdv.pk,
        "rsa_contrat": contrat.pk,
        "rsa_revue": revue.pk,
        "rsa_ag": ag.pk,
        "rsa_suivi": suivi.pk,
        "rsa_import": imp.pk,
        "rsa_rapprochement": rp.pk,
        "rsa_personne_accueil": accueil.pk,
        "_traces": ["Matricedossier", "Attentematrice", "Referentft"],
    }
