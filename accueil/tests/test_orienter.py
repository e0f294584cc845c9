"""#16, orienting: the structures serving the person's commune for the need come first
(directory data), then the others grouped by kind; the orientation page shows the phone and the
needs as far as the person's current consent shares them."""

from __future__ import annotations

from accueil.models import Orientation
from annuaire.tests.factories import ServiceFactory, StructureFactory
from annuaire.zones import reindexer
from comptes.tests.factories import melun
from territoires.tests.factories import CommuneFactory


def _annuaire():
    logement = StructureFactory(
        nom="Association Toit (test)", commune=melun(), typologie="association"
    )
    ServiceFactory(structure=logement, thematiques=["logement-hebergement--louer-un-logement"])
    ailleurs = StructureFactory(
        nom="Association lointaine (test)",
        typologie="association",
        commune=CommuneFactory(code_insee="77186", nom="Fontainebleau"),
    )
    ServiceFactory(structure=ailleurs, thematiques=["logement-hebergement--louer-un-logement"])
    reindexer([logement.pk, ailleurs.pk])
    return logement, ailleurs


def test_suggestions_de_la_commune_pour_le_besoin_puis_par_type(client, monde):
    logement, ailleurs = _annuaire()
    p = monde["personne"]  # Melun; its contact's needs: logement, budget
    client.force_login(monde["comptes"]["A.travailleur_social"])
    page = client.get(f"/accueil/personnes/{p.pk}/orienter/").content.decode()
    assert '<option value="logement" selected>' in page
    assert "Suggérées pour Melun (77288) — Logement" in page
    suggestions = page[page.index('id="suggestions"') :]
    suggestions = suggestions[: suggestions.index("</ul>")]
    assert "Association Toit (test)" in suggestions and "sert la commune" in suggestions
    assert "Association lointaine" not in suggestions
    # the select: the suggestion first, then the others in groups by kind
    select = page[page.index('name="structure_destination"') :]
    assert select.index("Association Toit (test) (sert la commune)") < select.index(
        '<optgroup label="Association">'
    )
    assert select.index('<optgroup label="Association">') < select.index("Association lointaine")
    # another need: no suggestion for it, said plainly
    page = client.get(f"/accueil/personnes/{p.pk}/orienter/?besoin=mobilite").content.decode()
    assert "ne sert Melun (77288) pour ce besoin" in page
    r = client.post(
        f"/accueil/personnes/{p.pk}/orienter/",
        {
            "structure_destination": logement.pk,
            "motif": "Logement",
            "elements_partages": ["identite"],
        },
    )
    assert r.status_code == 302
    assert Orientation.objects.filter(structure_destination=logement).exists()


def test_page_d_orientation_montre_ce_qui_est_partage(client, monde):
    o, p = monde["orientation"], monde["personne"]
    client.force_login(monde["comptes"]["ccas.partenaire"])
    page = client.get(f"/accueil/orientations/{o.pk}/").content.decode()
    assert "telephone-partage" not in page and "besoins-partages" not in page
    o.elements_partages = ["identite", "coordonnees", "besoins"]
    o.save()
    page = client.get(f"/accueil/orientations/{o.pk}/").content.decode()
    assert f'href="tel:{p.telephone.replace(" ", "")}"' in page
    assert "Logement, Budget" in page
    # the queue names the person as far as the identity is shared
    file = client.get("/accueil/").content.decode()
    assert f"{p.prenom} {p.nom}" in file
    o.elements_partages = ["coordonnees"]
    o.save()
    assert "identité non partagée" in client.get("/accueil/").content.decode()
