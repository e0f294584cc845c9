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
    if perms.peut_voir_budget(a):
        liens.append(("/aides-financieres/budget/", "Budget et délais"))
    liens.append(("/aides-financieres/bareme/", "Barème"))
    return {"liens": liens, "chemin": request.path}
