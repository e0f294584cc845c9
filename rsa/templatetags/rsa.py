"""`{% rsa_du_dossier p %}`: the RSA part of a person's file at the accueil (a link to the
pathway, or to enter the person by hand when the bilan said « RSA probable » and they applied)."""

from django import template

from comptes.acces import acteur
from rsa import perms
from rsa.models import Beneficiaire

register = template.Library()


@register.inclusion_tag("rsa/_dossier_accueil.html", takes_context=True)
def rsa_du_dossier(context, personne):
    request = context.get("request")
    a = acteur(request) if request is not None else None
    if a is None or not perms.peut_acceder(a):
        return {"montrer": False}
    b = Beneficiaire.objects.filter(personne=personne).first()
    visible = b is not None and Beneficiaire.objects.visibles_par(a).filter(pk=b.pk).exists()
    return {"montrer": True, "p": personne, "b": b, "visible": visible}
