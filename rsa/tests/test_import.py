"""The monthly CAF / MSA import: matching, rejected rows, idempotence, transaction, dry run."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accueil.models import Personne
from accueil.tests.factories import PersonneFactory
from comptes.models import EvenementAudit
from rsa import flux, generation, importation
from rsa.models import Beneficiaire, Evenement, ImportFlux, Mouvement, Rapprochement
from rsa.services import resoudre_rapprochement

ENTETE = "NUMALLOC;ORGANISME;MOISFLUX;TYPEMVT;NOMNAI;PRENOM;DTNAI;CODEINSEE;NUMTEL;DTOUVDRT;DTCLODRT;MOTIFCLO;NBENFCHA\n"


def fichier(*lignes: str) -> bytes:
    return (ENTETE + "\n".join(lignes) + "\n").encode("utf-8")


ENTREES = fichier(
    "1000001;CAF;2026-10;E;DUPONT;Camille;12/03/1990;77288;06 99 00 00 01;05/10/2026;;;1",
    "1000002;CAF;2026-10;E;MARTIN;Léa;01/01/1985;77288;;12/10/2026;;;0",
    "1000003;CAF;2026-10;E;SIMON;Hugo;31/02/1985;77288;;12/10/2026;;;0",
    "1000004;CAF;2026-10;E;;Inès;01/01/1985;77288;;12/10/2026;;;0",
    "1000005;CAF;2026-10;E;PETIT;Inès;01/01/1985;77000;;12/10/2026;;;0",
    "1000006;CAF;2026-10;S;ROBERT;Jade;01/01/1985;77288;;12/09/2026;20/10/2026;RES;0",
    "1000002;CAF;2026-10;E;MARTIN;Léa;01/01/1985;77288;;12/10/2026;;;0",
    "1000007;CAF;2026-10;E;LEROY;Nina;01/01/1985;94028;;12/10/2026;;;0",
    "1000008;CAF;2026-10;Z;LEROY;Nina;01/01/1985;77288;06 1;12/10/2026;;;0",
    "1000009;CAF;2026-10;E;ROUX;Tom;01/01/1985;77288;06 1;12/10/2026;;;0",
)


def importer(contenu, monde, **kw):
    return importation.importer(
        contenu,
        "flux-rsa-77-2026-10.csv",
        departement="77",
        structure_detentrice=monde["insertion"],
        aujourdhui=date(2026, 11, 28),
        **kw,
    )


def compter():
    return (
        Personne.objects.count(),
        Beneficiaire.objects.count(),
        Mouvement.objects.count(),
        Evenement.objects.count(),
        Rapprochement.objects.count(),
        list(
            Beneficiaire.objects.order_by("pk").values_list(
                "statut", "date_entree", "territoire_id"
            )
        ),
    )


def test_import_rapport_et_rejets(monde_rsa):
    r = importer(ENTREES, monde_rsa)
    assert (r.lignes, r.nouveaux, r.rattaches, r.ambigus) == (10, 3, 0, 0)
    messages = {x.ligne: x.message for x in r.rejets}
    assert (
        messages[4] == "date de naissance « 31/02/1985 » : date non reconnue (attendu JJ/MM/AAAA)."
    )
    assert messages[5] == "nom : valeur manquante."
    assert "code INSEE attendu, pas le code postal" in messages[6]
    assert "sortie d'un allocataire inconnu" in messages[7]
    assert messages[8] == "ligne en double : même allocataire et même mouvement qu'à la ligne 3."
    assert messages[9] == "commune (code INSEE) « 94028 » : commune du département 94, pas du 77."
    assert messages[10].startswith("type de mouvement « Z » : valeur non reconnue")
    assert [a.ligne for a in r.avertissements] == [11]
    assert "téléphone « 06 1 » non reconnu" in r.avertissements[0].message
    assert len(r.rejets) == 7 and r.nouveaux + len(r.rejets) == r.lignes
    b = Beneficiaire.objects.get(numero_allocataire="1000001")
    assert b.personne.nom == "DUPONT" and b.personne.structure == monde_rsa["insertion"]
    assert b.territoire == monde_rsa["mds"] and b.date_entree == date(2026, 10, 5)
    assert b.nombre_enfants == 1 and b.personne.telephone == "06 99 00 00 01"
    assert b.mouvements.get().type == "entree"
    assert "Entrée dans le RSA" in b.evenements.get().libelle
    assert EvenementAudit.objects.filter(
        objet="beneficiaire_rsa", personne_id=b.personne_id
    ).exists()
    imp = ImportFlux.objects.get()
    assert imp.nouveaux == 3 and len(imp.rejets) == 7


def test_meme_fichier_deux_fois_ne_change_rien(monde_rsa):
    importer(ENTREES, monde_rsa)
    avant = compter()
    r = importer(ENTREES, monde_rsa)
    assert compter() == avant
    assert (r.nouveaux, r.modifies, r.sorties, r.inchanges) == (0, 0, 0, 3)
    assert r.deja_importe_le


def test_changements_et_sorties(monde_rsa):
    importer(ENTREES, monde_rsa)
    suite = fichier(
        "1000001;CAF;2026-11;M;DUPONT;Camille;12/03/1990;77305;06 99 00 00 01;05/10/2026;;;2",
        "1000002;CAF;2026-11;S;MARTIN;Léa;01/01/1985;77288;;12/10/2026;25/11/2026;DEM;0",
    )
    r = importer(suite, monde_rsa)
    assert (r.modifies, r.sorties, r.rejets) == (1, 1, [])
    b1 = Beneficiaire.objects.get(numero_allocataire="1000001")
    assert b1.personne.commune_code == "77305" and b1.nombre_enfants == 2
    assert b1.territoire is None  # no MDS serves Montereau in this test
    b2 = Beneficiaire.objects.get(numero_allocataire="1000002")
    assert (b2.statut, b2.sorti_le, b2.motif_sortie) == (
        "sorti",
        date(2026, 11, 25),
        "demenagement",
    )
    assert b2.mouvements.filter(type="sortie", mois=date(2026, 11, 1)).exists()
    avant = compter()
    importer(suite, monde_rsa)
    assert compter() == avant


def test_meme_personne_meme_dossier(monde_rsa):
    existante = PersonneFactory(
        structure=monde_rsa["mds"], nom="Dupont", prenom="Camille", date_naissance=date(1990, 3, 12)
    )
    r = importer(ENTREES, monde_rsa)
    assert (r.nouveaux, r.rattaches) == (2, 1)
    assert Beneficiaire.objects.get(numero_allocataire="1000001").personne == existante
    assert Personne.objects.filter(nom_normalise="DUPONT").count() == 1


def test_homonyme_proche_montre_a_un_agent(monde_rsa):
    proche = PersonneFactory(
        structure=monde_rsa["mds"], nom="Dupond", prenom="Camille", date_naissance=date(1990, 3, 12)
    )
    r = importer(ENTREES, monde_rsa)
    assert (r.nouveaux, r.rattaches, r.ambigus) == (2, 0, 1)
    assert not Beneficiaire.objects.filter(numero_allocataire="1000001").exists()
    rp = Rapprochement.objects.get()
    assert rp.candidats[0]["id"] == proche.pk and rp.ligne == 2
    r2 = importer(ENTREES, monde_rsa)
    assert r2.ambigus == 1 and Rapprochement.objects.count() == 1
    b = resoudre_rapprochement(rp, proche.pk)
    assert b.personne == proche and b.numero_allocataire == "1000001"
    rp.refresh_from_db()
    assert rp.statut == "rattache"
    r3 = importer(ENTREES, monde_rsa)
    assert r3.inchanges == 3 and r3.ambigus == 0


def test_homonyme_ecarte_nouveau_dossier(monde_rsa):
    PersonneFactory(
        structure=monde_rsa["mds"], nom="Dupond", prenom="Camille", date_naissance=date(1990, 3, 12)
    )
    importer(ENTREES, monde_rsa)
    rp = Rapprochement.objects.get()
    with pytest.raises(Exception, match="Choisissez l'un des dossiers"):
        resoudre_rapprochement(rp, 999999)
    b = resoudre_rapprochement(rp, None)
    assert b.personne.nom == "DUPONT" and Personne.objects.filter(prenom="Camille").count() == 2


def test_essai_n_ecrit_rien(monde_rsa):
    avant = compter()
    r = importer(ENTREES, monde_rsa, essai=True)
    assert r.nouveaux == 3 and r.import_id is None
    assert compter() == avant and not ImportFlux.objects.exists()
    assert not EvenementAudit.objects.exists()


def test_rien_a_moitie_enregistre(monde_rsa, monkeypatch):
    def panne(*a, **k):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(importation, "_mettre_a_jour", panne)
    importer(ENTREES, monde_rsa)
    avant = compter()
    suite = fichier("1000001;CAF;2026-11;M;DUPONT;Camille;12/03/1990;77305;;05/10/2026;;;2")
    with pytest.raises(RuntimeError):
        importer(suite, monde_rsa)
    assert compter() == avant and ImportFlux.objects.count() == 1


@pytest.mark.parametrize(
    "contenu,message",
    [
        (b"", "Le fichier est vide."),
        (b"\x00\x01\x02binaire", "ni un CSV ni un classeur XLSX"),
        (b"PK\x03\x04abime", "Le classeur XLSX ne peut pas être lu"),
        (b"NOM;PRENOM\nA;B\n", "colonne obligatoire absente : « numéro d'allocataire »"),
        (ENTETE.encode(), "aucune ligne"),
    ],
)
def test_fichier_illisible(monde_rsa, contenu, message):
    with pytest.raises(flux.FichierInvalide, match=message):
        importer(contenu, monde_rsa)
    assert not ImportFlux.objects.exists()


def test_xlsx_et_correspondance_des_colonnes(monde_rsa):
    lignes = [
        [
            "3000001",
            "MSA",
            "77",
            "2026-10",
            "ENTREE",
            "GARNIER",
            "Awa",
            "1988-05-04",
            "77288",
            "",
            "2026-10-03",
            "",
            "",
            "2",
        ],
    ]
    r = importation.importer(
        generation.en_xlsx(lignes),
        "flux.xlsx",
        departement="77",
        structure_detentrice=monde_rsa["insertion"],
    )
    assert (r.nouveaux, r.rejets) == (1, [])
    b = Beneficiaire.objects.get(numero_allocataire="3000001")
    assert (b.organisme, b.date_entree, b.personne.prenom) == ("msa", date(2026, 10, 3), "Awa")


def test_fichier_de_demonstration(monde_rsa):
    """The shipped demo file: several hundred rows, a few deliberately wrong."""
    from django.conf import settings

    chemin = settings.CONTENT_DIR / "rsa" / "demo" / "flux-rsa-77-2026-05.csv"
    r = importer(chemin.read_bytes(), monde_rsa)
    assert r.nouveaux == 600 and 5 <= len(r.rejets) <= 10
    assert all(x.message for x in r.rejets)


def test_commande(monde_rsa, tmp_path, capsys):
    chemin = tmp_path / "flux-rsa-77-2026-10.csv"
    chemin.write_bytes(ENTREES)
    call_command("importer_rsa", str(chemin), "--dry-run")
    sortie = capsys.readouterr().out
    assert "Essai (rien n'est enregistré)" in sortie and "Ligne 4 : date de naissance" in sortie
    assert Beneficiaire.objects.count() == 1
    call_command("importer_rsa", str(chemin))
    assert Beneficiaire.objects.count() == 1 + 3
    with pytest.raises(CommandError, match="département"):
        autre = tmp_path / "flux.csv"
        autre.write_bytes(ENTREES)
        call_command("importer_rsa", str(autre))
    with pytest.raises(CommandError, match="--mois"):
        call_command("importer_rsa", str(chemin), "--mois", "octobre")
