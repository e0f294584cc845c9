"""#17, session 7: the APA of a hosted relative spoken of as theirs; PAJE prime de naissance and
prime d'adoption computed with OpenFisca-France; the PreParE as this project's rule."""

from bilan.moteur import Situation
from bilan.moteur.droits_nationaux import PAR_SLUG


def _texte(droit) -> str:
    return f"{droit.explication} {droit.ce_qui_changerait or ''}"


def test_apa_du_parent_heberge_dit_sa_participation(resultats_reference):
    """The APA of a hosted older relative is computed on their resources: every text of the
    result speaks of their participation, never "votre participation"."""
    apa = resultats_reference["melun-mere-hebergee-gir3"].droit("apa")
    texte = _texte(apa)
    assert apa.eligible
    assert "d'après ses propres revenus, sa participation serait de" in texte
    assert "votre participation" not in texte and "vos revenus" not in texte
    assert "avec vous" not in texte
    # The household's own adult: "votre participation", as before.
    apa = resultats_reference["melun-couple-retraites-gir4"].droit("apa")
    assert "d'après vos revenus, votre participation" in _texte(apa)


def test_apa_estimee_et_mixte_chacun_son_texte():
    """Estimated GIR of a hosted relative: "Son GIR"; an older adult of the household and a
    hosted one both in GIR 1–4: the total participation, each on their own resources."""
    base = {
        "mois": "2026-11",
        "commune": "77288",
        "logement": {"statut": "proprietaire"},
    }
    valeurs = {
        "apa_domicile": 500.0,
        "dependance_plan_aide_domicile_accepte": 800.0,
        "apa_domicile_participation": 300.0,
    }
    heberge = Situation.model_validate(
        base
        | {
            "personnes": [
                {"role": "demandeur", "age": 50},
                {"role": "autre", "age": 85, "gir": 4, "gir_estime": True},
            ]
        }
    )
    texte = _texte(PAR_SLUG["apa"].expliquer(heberge, valeurs))
    assert "Son GIR (4) a été estimé" in texte and "Votre GIR" not in texte
    assert "sa participation serait de 300 €" in texte
    mixte = Situation.model_validate(
        base
        | {
            "personnes": [
                {"role": "demandeur", "age": 70, "gir": 4},
                {"role": "autre", "age": 92, "gir": 2},
            ]
        }
    )
    texte = _texte(PAR_SLUG["apa"].expliquer(mixte, valeurs))
    assert "d'après vos revenus et les siens, la participation totale (la vôtre et celle" in texte
    refus = PAR_SLUG["apa"].expliquer(heberge, valeurs | {"apa_domicile": 0.0})
    assert "sa participation (300 € par mois) couvrirait tout le plan" in refus.explication
    assert "votre" not in _texte(refus).replace("vous hébergez", "")
