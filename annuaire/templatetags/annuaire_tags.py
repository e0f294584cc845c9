from django import template

from annuaire import selectors
from annuaire import thematiques as th
from annuaire.presentation import preparer
from solidarites.erreurs import ErreurChamps
from territoires.formulaires import resoudre_commune

register = template.Library()


@register.filter
def thematique(code: str) -> str:
    return th.libelle(code)


@register.inclusion_tag("annuaire/_ou_s_adresser_droit.html", takes_context=True)
def ou_s_adresser_droit(context, droit):
    """On a right's page: a commune field (no JS) and the places to claim it there.

    Reads `commune` (text) and `code_commune` from the query string of the page.
    """
    request = context.get("request")
    slug = getattr(droit, "slug", droit)
    texte = request.GET.get("commune", "") if request else ""
    code = request.GET.get("code_commune", "") if request else ""
    out = {"slug": slug, "texte": texte, "request": request, "commune": None}
    if not (texte or code):
        return out
    session = getattr(request, "session", None)
    prefere = session.get("droits_departement") if session is not None else None
    resolution = resoudre_commune(texte, code, departement_prefere=prefere)
    out.update(erreur=resolution.erreur, choix_communes=resolution.choix)
    if resolution.commune:
        try:
            structures = selectors.structures_pour(
                resolution.commune.code_insee, droit=slug, limite=8
            )
        except ErreurChamps as e:
            out["erreur"] = " ".join(x["message"] for x in e.erreurs)
            return out
        preparer(selectors.avec_details(structures), resolution.commune.code_insee)
        out.update(commune=resolution.commune, structures=structures, texte=resolution.commune.nom)
    return out
