"""A place's page (#16): the full weekly hours, the permanences, a map link, fewer badges."""

from datetime import date

from annuaire.horaires import semaine_type
from annuaire.presentation import lien_carte
from annuaire.tests.factories import StructureFactory


def test_semaine_type_jours_feries_ignores():
    # The week of Christmas is not the usual week: the one open the longest is shown.
    semaine = semaine_type(
        "Mo-Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off", date(2026, 12, 18)
    )
    assert [j.jour for j in semaine] == [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
    ]  # fmt: skip
    assert semaine[0].plages == ("9 h – 12 h", "14 h – 17 h")
    assert semaine[2].plages == ("9 h – 12 h",) and semaine[5].plages == ()
    assert semaine_type("pas des horaires", date(2026, 12, 18)) == []


def test_fiche_horaires_de_la_semaine_et_carte(client, db):
    s = StructureFactory(
        nom="MDS de test",
        horaires_accueil="Mo-Th 09:00-12:30,13:30-17:00; Fr 09:00-12:00; PH off",
        latitude=48.5392,
        longitude=2.6590,
    )
    page = client.get(f"/annuaire/structures/{s.pk}/").content.decode()
    assert "Horaires d&#x27;ouverture habituels" in page or "Horaires d'ouverture habituels" in page
    for jour in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"):
        assert f'<th scope="row">{jour}</th>' in page
    assert "9 h – 12 h 30, 13 h 30 – 17 h" in page and "<td>Fermé</td>" in page
    assert "https://www.openstreetmap.org/?mlat=48.53920&amp;mlon=2.65900" in page
    assert "Voir sur une carte" in page
    assert page.count("fr-badge") <= 2  # open/closed now, and "à vérifier" when it applies


def test_lien_carte_par_adresse_sans_coordonnees(db):
    s = StructureFactory(adresse="2 rue de la Rochette", code_postal="77000")
    assert lien_carte(s).startswith(
        "https://www.openstreetmap.org/search?query=2+rue+de+la+Rochette+77000"
    )
