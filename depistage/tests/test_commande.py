"""`solidarites depistage` end to end on small files, in this process (one engine warm-up)."""

import csv
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bilan.moteur import Situation, evaluer
from bilan.tests.factories import MELUN_PARENT_ISOLE
from depistage.lecture import CHAMPS_PERSONNE, FACULTATIVES, MENAGES, REVENUS
from depistage.tests.factories import ecrire_csv, personne

EXEMPLES = Path(__file__).resolve().parents[2] / "content" / "depistage"


def depister(entree: Path, sortie: Path, *args: str) -> dict:
    call_command(
        "depistage",
        str(entree),
        "--sortie",
        str(sortie),
        "--mois",
        "2026-11",
        "--processus",
        "1",
        *args,
    )
    return json.loads(sortie.with_name(sortie.stem + ".synthese.json").read_text(encoding="utf-8"))


def lire(chemin: Path) -> list[dict]:
    with open(chemin, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_exemple_une_ligne_par_personne(tmp_path):
    s = depister(EXEMPLES / "exemple.csv", tmp_path / "r.csv")
    assert s["menages_depistes"] == 8
    assert s["lignes_lues"] == 15 and s["lignes_rejetees"] == 0
    lignes = lire(tmp_path / "r.csv")
    m001 = {r["droit"]: r for r in lignes if r["menage"] == "M001"}
    # Received rights are not listed; the others come with an amount and a reason.
    assert "aide-logement" not in m001
    assert float(m001["rsa"]["montant_mensuel"]) > 0
    assert m001["rsa"]["raison"]
    assert m001["ars"]["periodicite"] == "annuelle" and float(m001["ars"]["montant_versement"]) > 0
    # The high-income couple misses nothing.
    assert not [r for r in lignes if r["menage"] == "M008"]
    assert s["menages_concernes"] == len({r["menage"] for r in lignes})
    assert s["montant_mensuel_total"] == pytest.approx(
        sum(float(r["montant_mensuel"]) for r in lignes), abs=0.01
    )
    assert {c["code"] for c in s["communes"]} >= {"77288", "94028", "71306"}
    html = (tmp_path / "r.synthese.html").read_text(encoding="utf-8")
    assert "data:image/svg+xml;base64," in html and "Melun" in html and "<script" not in html
    # Nothing fetched: no address in a src, href or url() (the SVG namespace is a name, not a fetch).
    assert not re.search(r"(src|href)=\"https?:|url\(\s*['\"]?https?:|@import", html)
    assert not (tmp_path / "r.csv.encours").exists()
    assert lire(tmp_path / "r.rejets.csv") == []


def test_les_deux_formats_donnent_le_meme_resultat(tmp_path):
    depister(EXEMPLES / "exemple.csv", tmp_path / "a.csv")
    depister(EXEMPLES / "exemple-menages.csv", tmp_path / "b.csv")
    a = [{k: v for k, v in r.items() if k != "ligne"} for r in lire(tmp_path / "a.csv")]
    b = [{k: v for k, v in r.items() if k != "ligne"} for r in lire(tmp_path / "b.csv")]
    assert a == b and len(a) > 10


CHAMPS_CSV = {"role", *CHAMPS_PERSONNE}
REVENUS_CSV = set(REVENUS)


def _exprimable_en_csv(s: dict) -> bool:
    """Whether the screening's CSV columns can describe this household (every field of a
    person but `gir_estime`, which only the questionnaire's short estimate sets)."""
    return all(
        set(p) - {"revenus"} <= CHAMPS_CSV and set(p.get("revenus") or {}) <= REVENUS_CSV
        for p in s["personnes"]
    )


def _situations_de_reference() -> list[tuple[dict, dict | None]]:
    """The bilan's reference households (content/bilan/menages/*.yaml) with their expected
    amounts, and the bilan's contract example."""
    import yaml

    out = []
    dossier = Path(__file__).resolve().parents[2] / "content" / "bilan" / "menages"
    for p in sorted(dossier.glob("*")) if dossier.is_dir() else []:
        if p.suffix in (".json", ".yaml", ".yml"):
            d = yaml.safe_load(p.read_text(encoding="utf-8"))
            if isinstance(d, dict) and "personnes" in d.get("situation", {}):
                if _exprimable_en_csv(d["situation"]):
                    out.append((d["situation"], d.get("attendu")))
    out.append((MELUN_PARENT_ISOLE, None))  # the bilan's contract example
    return out


def _en_lignes(ident: str, s: dict) -> list[dict]:
    lignes = []
    for i, p in enumerate(s["personnes"]):
        ligne = personne(ident, p["role"], p.get("age", ""))
        for cle in CHAMPS_PERSONNE:
            if p.get(cle) is not None:
                ligne[cle] = p[cle]
        ligne.update(p.get("revenus") or {})
        if i == 0:
            ligne.update(
                commune=s["commune"],
                logement_statut=s["logement"]["statut"],
                loyer=s["logement"].get("loyer", 0),
                epargne=s.get("epargne", ""),
                droits_percus="|".join(s.get("droits_percus", [])),
                **_grossesse(s),
            )
        lignes.append(ligne)
    return lignes


def _grossesse(s: dict) -> dict:
    """The household's pregnancy columns (#17: PAJE prime à la naissance), when given."""
    return {c: s[c] for c in ("naissance_attendue", "enfants_attendus") if c in s}


def _en_ligne_de_menage(ident: str, s: dict) -> dict:
    """The same household in the one-row-per-household layout (no « autre »)."""
    ligne = {
        "menage": ident,
        "commune": s["commune"],
        "logement_statut": s["logement"]["statut"],
        "loyer": s["logement"].get("loyer", 0),
        "epargne": s.get("epargne", ""),
        "droits_percus": "|".join(s.get("droits_percus", [])),
        **_grossesse(s),
    }
    for p in s["personnes"]:
        if p["role"] in ("demandeur", "conjoint"):
            for cle in CHAMPS_PERSONNE:
                if p.get(cle) is not None:
                    v = p[cle]
                    if cle in ("ass_conditions", "trimestres_prepare", "boursier"):  # in French
                        v = "oui" if v else "non"
                    ligne[f"{p['role']}_{cle}"] = v
            for cle, v in (p.get("revenus") or {}).items():
                ligne[f"{p['role']}_{cle}"] = v
    enfants = [p for p in s["personnes"] if p["role"] == "enfant"]
    for col, cle in (
        ("enfants_ages", "age"),
        ("enfants_naissances", "naissance"),
        ("enfants_scolarites", "scolarite"),
        ("enfants_taux_incapacite", "taux_incapacite"),
        ("enfants_adoptions", "adoption"),
    ):
        ligne[col] = "|".join("" if e.get(cle) is None else str(e[cle]) for e in enfants)
    return ligne


def test_memes_montants_que_le_bilan(tmp_path):
    """For each reference household of the bilan, the screening (chunks of 7) lists exactly the
    rights the bilan (one batch) flags `probablement_non_demande`, with the same amounts; and
    those amounts are the reference file's expected ones."""
    references = _situations_de_reference()
    situations = [Situation.model_validate(s | {"mois": "2026-11"}) for s, _ in references]
    lignes = []
    for i, (s, _) in enumerate(references):
        lignes += _en_lignes(f"R{i:03d}", s)
    ecrire_csv(tmp_path / "ref.csv", lignes)
    synthese = depister(tmp_path / "ref.csv", tmp_path / "r.csv", "--taille-lot", "7")
    assert synthese["lignes_rejetees"] == 0
    trouve: dict[str, dict[str, tuple]] = {}
    for r in lire(tmp_path / "r.csv"):
        trouve.setdefault(r["menage"], {})[r["droit"]] = (
            float(r["montant_mensuel"]),
            float(r["montant_versement"] or 0),
        )
    controles = 0
    for i, ((s, attendu), bilan) in enumerate(zip(references, evaluer(situations), strict=True)):
        non_demandes = {
            d.slug: (
                round(d.montant_mensuel, 2),
                round(d.montant or 0, 2) if d.periodicite != "mensuelle" else 0.0,
            )
            for d in bilan.droits
            if d.probablement_non_demande
        }
        assert trouve.get(f"R{i:03d}", {}) == non_demandes, s
        for slug, valeur in (attendu or {}).items():
            if (
                slug in non_demandes
                and isinstance(valeur, int | float)
                and not isinstance(valeur, bool)
            ):
                mensuel, versement = non_demandes[slug]  # yearly and one-off rights: versement
                montant = versement or mensuel
                assert montant == pytest.approx(valeur, abs=1), (slug, s)
                controles += 1
    assert len(references) >= 30 and controles >= 1
    # The households described by the fields added in sessions 5 and 6 are screened too.
    nouveaux = {"naissance", "scolarite", "gir", "ass_conditions", "activites_difficulte_grave"}
    assert nouveaux | {"adoption"} <= {c for s, _ in references for p in s["personnes"] for c in p}
    # Session 7: the PAJE primes (an expected birth, twins, an adoption) are screened too.
    assert {"naissance_attendue", "enfants_attendus"} <= {c for s, _ in references for c in s}
    assert {"prime-naissance", "prime-adoption", "prepare"} <= {
        d for m in trouve.values() for d in m
    }
    nouveaux |= {"echelon_bourse"}  # with the household's `epargne`
    assert nouveaux <= {c for s, _ in references for p in s["personnes"] for c in p}
    assert any(s.get("epargne") for s, _ in references)
    assert "aspa" in {d for m in trouve.values() for d in m}

    # The one-row-per-household layout takes the same fields (children's months of birth and
    # schooling position by position, ASS « oui ») and gives the same rows.
    par_menage = [
        _en_ligne_de_menage(f"R{i:03d}", s)
        for i, (s, _) in enumerate(references)
        if all(p["role"] != "autre" for p in s["personnes"])
    ]
    assert any(ligne.get("demandeur_ass_conditions") == "oui" for ligne in par_menage)
    assert any(ligne.get("demandeur_echelon_bourse") for ligne in par_menage)
    assert any(ligne.get("epargne") for ligne in par_menage)
    assert any(ligne["enfants_naissances"].strip("|") for ligne in par_menage)
    colonnes = dict.fromkeys(("menage", "commune", "logement_statut", "demandeur_age"))
    colonnes.update(dict.fromkeys(FACULTATIVES[MENAGES]))
    ecrire_csv(tmp_path / "m.csv", par_menage, colonnes=tuple(colonnes))
    assert depister(tmp_path / "m.csv", tmp_path / "m-r.csv")["lignes_rejetees"] == 0
    idents = {ligne["menage"] for ligne in par_menage}
    sans_ligne = [
        [{k: v for k, v in r.items() if k != "ligne"} for r in lire(tmp_path / f)]
        for f in ("r.csv", "m-r.csv")
    ]
    assert [r for r in sans_ligne[0] if r["menage"] in idents] == sans_ligne[1]
    assert len(sans_ligne[1]) > 20


def test_lignes_rejetees_avec_numero_et_raison(tmp_path):
    ok = dict(commune="77288", logement_statut="locataire_hlm", loyer=400)
    lignes = [
        personne("OK1", "demandeur", 30, **ok),
        personne("AGE", "demandeur", 250, **ok),  # line 3
        personne("COM", "demandeur", 40, **(ok | {"commune": "99999"})),  # line 4
        personne("DEUX", "demandeur", 40, **ok),  # line 5
        personne("DEUX", "demandeur", 41),  # line 6
        personne("SLUG", "demandeur", 40, **(ok | {"droits_percus": "rsa|licorne"})),  # line 7
        personne("LOY", "demandeur", 40, **(ok | {"loyer": "-5"})),  # line 8
        personne("ENF", "demandeur", 40, **ok),  # line 9
        personne("ENF", "enfant", "trois"),  # line 10
        personne("DIF", "demandeur", 40, **ok),  # line 11
        personne("DIF", "enfant", 4, commune="94028"),  # line 12
        personne(
            "OK2", "demandeur", 45, **(ok | {"salaire_net": "1 234,50", "activite": "salarie"})
        ),
    ]
    ecrire_csv(tmp_path / "e.csv", lignes)
    s = depister(tmp_path / "e.csv", tmp_path / "r.csv")
    assert s["menages_depistes"] == 2
    assert s["menages_rejetes"] == 7
    assert s["lignes_rejetees"] == 10
    rejets = {int(r["ligne"]): r for r in lire(tmp_path / "r.rejets.csv")}
    assert sorted(rejets) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert rejets[3]["raison"].startswith("age : La valeur doit être inférieure ou égale à 120")
    assert rejets[4]["raison"].startswith("commune : Code commune inconnu")
    assert "exactement un demandeur" in rejets[5]["raison"]
    assert "licorne" in rejets[7]["raison"] and rejets[7]["raison"].startswith("droits_percus")
    assert rejets[8]["raison"].startswith("loyer : La valeur doit être supérieure ou égale à 0")
    assert rejets[10]["raison"] == "age : Un nombre entier est attendu."
    assert rejets[9]["raison"] == "Ménage écarté : erreur à la ligne 10 du ménage."
    assert "commune : valeur différente" in rejets[12]["raison"]
    assert {r["menage"] for r in lire(tmp_path / "r.csv")} <= {"OK1", "OK2"}


def test_erreurs_de_lancement_en_francais(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        depister(tmp_path / "absent.csv", tmp_path / "r.csv")
    (tmp_path / "x.csv").write_text("menage;role\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes obligatoires absentes"):
        depister(tmp_path / "x.csv", tmp_path / "r.csv")
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command(
            "depistage",
            str(EXEMPLES / "exemple.csv"),
            "--sortie",
            str(tmp_path / "r.csv"),
            "--mois",
            "11/2026",
        )


def test_reprise_refusee_si_le_fichier_a_change(tmp_path):
    entree = ecrire_csv(
        tmp_path / "e.csv",
        [personne("A", "demandeur", 30, commune="77288", logement_statut="locataire_hlm")],
    )
    travail = tmp_path / "r.csv.encours"
    travail.mkdir()
    (travail / "manifeste.json").write_text(
        '{"version": 1, "empreinte_entree": "autre"}', encoding="utf-8"
    )
    with pytest.raises(CommandError, match="--recommencer"):
        depister(entree, tmp_path / "r.csv")
    s = depister(entree, tmp_path / "r.csv", "--recommencer")
    assert s["menages_depistes"] == 1
