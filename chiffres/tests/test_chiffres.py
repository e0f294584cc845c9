"""Chaque chiffre clé vérifié contre un décompte fait autrement sur les données de
démonstration ; exports valides contre leur schéma ; petits effectifs masqués."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema_rs
import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from accueil.models import Contact, Orientation
from annuaire.models import Permanence, Structure
from bilan.models import BilanConserve
from chiffres import registre, selectors
from chiffres.demo import VOLUMES
from chiffres.tests.demo import module_charge

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schema" / "chiffres.schema.json").read_text()
)
DEPS = ("94", "77", "71")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_charge(django_db_blocker, DEPS):
        yield


def _valeurs(code: str, dep: str) -> dict:
    m = next(m for m in selectors.mesures(dep) if m.indicateur.code == code)
    return {v.ventilation: v for v in m.valeurs}


def _depuis():
    return timezone.now() - dt.timedelta(days=366)


@pytest.mark.parametrize("dep", DEPS)
def test_bilans_et_droits_non_demandes(demo, dep):
    bilans = [b for b in BilanConserve.objects.all() if b.resultat.get("departement") == dep]
    assert len(bilans) == VOLUMES[dep][1]
    assert _valeurs("bilan.bilans_conserves", dep)[""].valeur == len(bilans)
    drapeaux = [[d for d in b.resultat["droits"] if d["probablement_non_demande"]] for b in bilans]
    v = _valeurs("bilan.droits_non_demandes", dep)
    assert v["Droits probablement non demandés"].valeur == sum(len(x) for x in drapeaux)
    assert v["Foyers ayant au moins un droit probablement non demandé"].valeur == sum(
        1 for x in drapeaux if x
    )


@pytest.mark.parametrize("dep", DEPS)
def test_personnes_recues_par_canal(demo, dep):
    v = _valeurs("accueil.personnes_recues", dep)
    contacts = Contact.objects.filter(structure__departement_id=dep, date__gte=_depuis())
    assert v["Toutes les personnes"].valeur == len({c.personne_id for c in contacts})
    assert v["Toutes les personnes"].valeur == VOLUMES[dep][0]
    for canal, libelle in [
        ("sur_place", "Sur place"),
        ("telephone", "Téléphone"),
        ("aller_vers", "Aller vers"),
    ]:
        attendu = len({c.personne_id for c in contacts if c.canal == canal})
        assert v[libelle].valeur == attendu


@pytest.mark.parametrize("dep", DEPS)
def test_orientations_par_canal_et_a_temps(demo, dep):
    orientations = list(
        Orientation.objects.filter(structure_origine__departement_id=dep).select_related("contact")
    )
    v = _valeurs("accueil.personnes_orientees", dep)
    assert v["Toutes les personnes"].valeur == len({o.personne_id for o in orientations})
    assert v["Courriel"].valeur == len(
        {o.personne_id for o in orientations if o.contact.canal == "courriel"}
    )
    jours = settings.ACCUEIL_ORIENTATION_RELANCE_JOURS
    a_temps = [
        o
        for o in orientations
        if o.repondue_le and (o.repondue_le - o.envoyee_le) <= dt.timedelta(days=jours)
    ]
    t = _valeurs("accueil.orientations_a_temps", dep)[f"Réponse en {jours} jours au plus"]
    assert (t.valeur, t.sur) == (len(a_temps), len(orientations))
    assert 0 < t.valeur < t.sur  # la démonstration a des réponses à temps, en retard, sans


@pytest.mark.parametrize("dep", DEPS)
def test_depistage_et_annuaire(demo, dep):
    v = _valeurs("depistage.menages_concernes", dep)
    ligne = next(iter(v.values()))
    brut = json.loads(
        (settings.CONTENT_DIR / "chiffres" / "demo-depistage-synthese.json").read_text()
    )
    attendu = next(d for d in brut["departements"] if d["code"] == dep)
    assert (ligne.valeur, ligne.sur) == (attendu["menages_concernes"], attendu["menages_depistes"])
    f = _valeurs("annuaire.fraicheur", dep)["Fiches à jour depuis moins d'un an"]
    assert f.sur == Structure.objects.filter(departement_id=dep).count()
    assert f.valeur == f.sur  # l'annuaire de démonstration est vérifié de ce mois
    n = _valeurs("annuaire.eds_permanence_numerique", dep)["MDS ou EDS"]
    bureaux = Structure.objects.filter(departement_id=dep, typologie__in=["mds", "eds"])
    assert n.sur == bureaux.count()
    assert n.valeur == len(
        {
            p.structure_id
            for p in Permanence.objects.filter(structure__in=bureaux)
            if "numérique" in p.nom.lower()
        }
    )


def test_la_page_montre_chaque_chiffre_avec_sa_definition(client, demo):
    r = client.get("/chiffres/94/")
    html = r.content.decode()
    # graphiques en image (leur <style> n'est pas bloqué par la politique de sécurité du contenu)
    assert 'src="data:image/svg+xml;base64,' in html and "<style" not in html
    for m in selectors.mesures("94"):
        assert escape(m.indicateur.definition) in html
        for v in m.valeurs:
            cellule = f'data-valeur="{m.indicateur.code}|{escape(v.ventilation)}">'
            assert f"{cellule}{escape(v.affichee)}<" in html


def test_exports_valides_contre_le_schema(client, demo):
    valideur = jsonschema_rs.validator_for(SCHEMA, validate_formats=True)
    for dep in DEPS:
        doc = client.get(f"/chiffres/{dep}/chiffres.json").json()
        valideur.validate(doc)
        api = client.get(f"/api/v1/chiffres/{dep}").json()["indicateurs"]

        def sans_heure(inds):
            return [{k: v for k, v in i.items() if k != "calcule_le"} for i in inds]

        assert sans_heure(api) == sans_heure(doc["indicateurs"])
    r = client.get("/chiffres/94/chiffres.csv")
    lignes = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    codes = {i.code for i in registre.indicateurs()}
    assert {ligne["code"] for ligne in lignes} == codes
    assert all(ligne["definition"] for ligne in lignes)
    assert client.get("/chiffres/schema.json").status_code == 200
    with pytest.raises(jsonschema_rs.ValidationError):
        valideur.validate({**doc, "seuil_secret": "cinq"})


def test_petits_effectifs_masques(client, demo):
    assert registre.Valeur(3).masque and registre.Valeur(3).affichee == "< 5"
    assert not registre.Valeur(0).masque and not registre.Valeur(5).masque
    assert registre.Valeur(4, sur=40).masque and registre.Valeur(7, sur=3).masque
    assert not registre.Valeur(3, personnes=False).masque  # des structures, pas des personnes
    assert registre.Valeur(3).publique()["valeur"] is None
    # Bry-sur-Marne : 3 ménages dépistés dans la démonstration
    doc = client.get("/chiffres/94/chiffres.json").json()
    bry = next(c for c in doc["non_recours_communes"]["communes"] if c["code"] == "94015")
    assert bry["masque"] and bry["menages_depistes"] is None and bry["montant_mensuel"] is None
    csv_communes = client.get("/chiffres/94/non-recours-communes.csv").content.decode("utf-8-sig")
    assert "94015;Bry-sur-Marne;oui;;;;" in csv_communes
    html = client.get("/chiffres/94/").content.decode()
    assert "secret statistique" in html


def test_tri_des_communes_et_departement_inconnu(client, demo):
    croissant = selectors.non_recours_communes("94", "menages_depistes")["communes"]
    valeurs = [c["menages_depistes"] for c in croissant if not c["masque"]]
    assert valeurs == sorted(valeurs)
    assert croissant[-1]["masque"]  # les masquées à la fin
    assert client.get("/chiffres/94/?tri=n-importe-quoi").status_code == 200
    assert client.get("/chiffres/99/").status_code == 404
    assert client.get("/api/v1/chiffres/99").status_code == 404


def _valeurs_sans_demo(code: str, dep: str) -> dict:
    m = registre.mesurer(code, dep, selectors.periode_courante(), timezone.now())
    return {v.ventilation: v for v in m.valeurs}


@pytest.mark.django_db
def test_rsa_referents_et_delai(db):
    """Le chiffre RSA (application `rsa`) comparé à un décompte fait autrement."""
    from rsa.models import Beneficiaire
    from rsa.tests.factories import BeneficiaireFactory

    auj = timezone.localdate()
    for k in range(7):
        BeneficiaireFactory(
            departement="77",
            date_entree=auj - dt.timedelta(days=60),
            referent_designe_le=auj - dt.timedelta(days=60 - 10 - k) if k < 6 else None,
            structure_referente=None,
        )
    BeneficiaireFactory(departement="77", statut="sorti")
    BeneficiaireFactory(departement="94")
    v = _valeurs_sans_demo("rsa.referents", "77")
    ouverts = Beneficiaire.objects.filter(departement="77", statut="ouvert")
    ligne = v["Allocataires (droit ouvert) avec un référent unique"]
    avec = [b for b in ouverts if b.referent_id or b.structure_referente_id]
    assert (ligne.valeur, ligne.sur) == (len(avec), ouverts.count())
    delais = sorted(
        (b.referent_designe_le - b.date_entree).days
        for b in Beneficiaire.objects.filter(departement="77", referent_designe_le__isnull=False)
    )
    assert delais == [10, 11, 12, 13, 14, 15]
    assert v["Délai médian de désignation du référent (jours)"].valeur == 12.5


@pytest.mark.django_db
def test_aides_financieres_accordees(db):
    from decimal import Decimal

    from aides_financieres.models import AideAccordee, Decision
    from aides_financieres.tests.factories import DemandeAideFactory

    maintenant = timezone.now()
    for k, statut in enumerate(["accordee", "payee", "refusee", "partiellement_accordee"]):
        d = DemandeAideFactory(
            departement="94",
            statut=statut,
            deposee_le=maintenant - dt.timedelta(days=10 + k),
            decidee_le=maintenant - dt.timedelta(days=2),
        )
        if statut != "refusee":
            dec = Decision.objects.create(demande=d, nature="accord", montant=Decimal(300))
            AideAccordee.objects.create(
                decision=dec,
                demande=d,
                fonds="fsl",
                fonds_label="FSL",
                besoin="loyer",
                montant=Decimal("300"),
                beneficiaire="bailleur",
                beneficiaire_nom="Bailleur",
                annee=maintenant.year,
            )
    DemandeAideFactory(departement="94", statut="deposee")
    v = _valeurs_sans_demo("aides_financieres.accordees", "94")
    ligne = v["Demandes accordées (tout ou partie)"]
    assert (ligne.valeur, ligne.sur) == (3, 4)
    assert ligne.masque  # 3 demandes : sous le seuil, masqué
    assert v["Montant accordé (€)"].valeur == 900.0
    assert v["Délai médian entre dépôt et décision (jours)"].valeur is None  # < 5 décisions
