"""Find a commune from what a resident types: INSEE code, postal code or name (plain Python)."""

from __future__ import annotations

from functools import lru_cache

from accueil.regles import normaliser
from territoires import referentiel


class CommuneIntrouvable(ValueError):
    pass


@lru_cache(maxsize=1)
def _index():
    par_nom: dict[str, list[str]] = {}
    par_cp: dict[str, list[str]] = {}
    for c in referentiel.communes().values():
        par_nom.setdefault(normaliser(c.nom).replace("SAINT ", "ST "), []).append(c.code_insee)
        for cp in c.codes_postaux:
            par_cp.setdefault(cp, []).append(c.code_insee)
    return par_nom, par_cp


def trouver_commune(saisie: str, departements_servis=()) -> str:
    """Return the INSEE code, or raise CommuneIntrouvable with a French message. When several
    communes match, those of the départements served win; still ambiguous -> ask for the postal
    code."""
    saisie = (saisie or "").strip()
    if not saisie:
        raise CommuneIntrouvable("Indiquez votre commune.")
    par_nom, par_cp = _index()
    # "Melun (77000)" or "77000 Melun"
    chiffres = "".join(ch for ch in saisie if ch.isdigit())
    lettres = normaliser("".join(ch for ch in saisie if not ch.isdigit())).replace("SAINT ", "ST ")
    if len(chiffres) == 5:
        if not lettres and referentiel.commune(chiffres) and chiffres not in par_cp:
            return chiffres
        codes = par_cp.get(chiffres, [])
        if lettres:
            codes = [
                c
                for c in codes
                if normaliser(referentiel.commune(c).nom).replace("SAINT ", "ST ") == lettres
            ] or codes
        if len(codes) == 1:
            return codes[0]
        if len(codes) > 1:
            raise CommuneIntrouvable(
                "Plusieurs communes ont ce code postal : indiquez aussi le nom de la commune, "
                "par exemple « 77000 Melun »."
            )
        if referentiel.commune(chiffres):
            return chiffres
        raise CommuneIntrouvable(
            "Code postal inconnu : vérifiez-le ou indiquez le nom de la commune."
        )
    codes = par_nom.get(lettres, [])
    if len(codes) > 1 and departements_servis:
        servis = [c for c in codes if referentiel.commune(c).departement in departements_servis]
        codes = servis or codes
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        raise CommuneIntrouvable(
            "Plusieurs communes portent ce nom : ajoutez le code postal, par exemple « Melun 77000 »."
        )
    raise CommuneIntrouvable(
        "Commune introuvable : vérifiez l'orthographe ou indiquez le code postal."
    )
