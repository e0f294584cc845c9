from decimal import Decimal

from django import template

from aides_financieres.bareme import en_euros

register = template.Library()


@register.filter
def cle(dictionnaire, nom):
    """{{ erreurs|cle:"besoins.0.montant" }}"""
    if not dictionnaire:
        return ""
    return dictionnaire.get(nom, "")


@register.filter
def euros(valeur):
    if valeur in (None, ""):
        return "—"
    return en_euros(Decimal(str(valeur)))


@register.inclusion_tag("aides_financieres/_menu.html", takes_context=True)
def menu_aides(context):
    """The fund's sub-menu: only the pages this account may open."""
    from aides_financieres import perms
    from comptes.acces import acteur

    request = context["request"]
    a = acteur(request)
    liens = []
    if perms.peut_lister_demandes(a):
        liens.append(("/aides-financieres/", "Demandes"))
    if perms.est_service(a):
        liens.append(("/aides-financieres/instruction/", "File d'instruction"))
    if perms.peut_voir_commissions(a):
        liens.append(("/aides-financieres/commissions/", "Commissions"))
    if perms.peut_voir_paiements(a):
        liens.append(("/aides-financieres/paiements/", "Paiements"))
        liens.append(("/aides-financieres/prets/", "Prêts"))
    if perms.peut_voir_budget(a):
        liens.append(("/aides-financieres/budget/", "Budget et délais"))
    liens.append(("/aides-financieres/bareme/", "Barème"))
    return {"liens": liens, "chemin": request.path}


@register.inclusion_tag("aides_financieres/_lien_dossier.html", takes_context=True)
def aides_du_dossier(context, personne):
    """On a person's file: the button to open an application and the applications of the
    file that this account may see."""
    from aides_financieres import perms
    from aides_financieres.models import DemandeAide
    from comptes.acces import acteur

    a = acteur(context["request"])
    demandes = (
        DemandeAide.objects.visibles_par(a).filter(personne=personne).order_by("-cree_le")[:10]
        if perms.peut_lister_demandes(a)
        else []
    )
    return {"personne": personne, "peut_deposer": perms.peut_deposer(a), "demandes": demandes}


@register.filter
def saisie(valeur) -> str:
    """A number as typed in a form field, in French: 700 → « 700 », 12.5 → « 12,50 »; text
    (what was typed and refused) is given back as it is."""
    if valeur in (None, ""):
        return ""
    try:
        d = Decimal(str(valeur))
    except (ArithmeticError, ValueError):
        return str(valeur)
    if d == d.to_integral_value():
        return str(int(d))
    return f"{d:.2f}".replace(".", ",")


@register.filter
def verse_a(code) -> str:
    """ "bailleur" → "au bailleur"."""
    from aides_financieres.bareme import VERSE_A

    return VERSE_A.get(code, code)
