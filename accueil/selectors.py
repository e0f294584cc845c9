"""Reading the accueil's data for one actor: what pages and the API show (no writes here).

Access to one object goes through `comptes.acces.objet_ou_refus` (404 when absent or not visible,
refusal audited); lists through the "visible to this actor" querysets.
"""

from __future__ import annotations

from django.http import Http404

from accueil.models import Contact, Demande, Orientation, Personne
from comptes.acces import INTROUVABLE, acteur, objet_ou_refus
from comptes.audit import Action, journaliser
from comptes.permissions import (
    TOUTES_PARTIES,
    demandes_visibles,
    orientations_visibles,
    parties_pour,
    personnes_visibles,
    peut_modifier_dossier,
)

PARTIES_CONTACTS = frozenset({"besoins", "droits", "historique"})


def personnes_modifiables(a):
    """Files the actor's structure holds (only the holder writes, exports, orients)."""
    if not a.est_agent:
        return Personne.objects.none()
    return Personne.objects.filter(structure_id=a.structure_id, anonymise_le__isnull=True)


def personne_pour(request, pk, *, ecriture: bool = False) -> tuple[Personne, frozenset[str]]:
    """One file and the parts the actor may read (all of them to write), or 404 (audited)."""
    if ecriture:
        visibles = personnes_modifiables(acteur(request))
    else:
        visibles = personnes_visibles(request.user)
    p = objet_ou_refus(
        request, visibles.select_related("structure"), pk, objet="personne", personne=_soi
    )
    return p, TOUTES_PARTIES if ecriture else parties_pour(request.user, p)


def contact_pour(request, pk, *, ecriture: bool = False):
    """One contact, its file, the parts readable and whether the actor holds the file; 404 when
    the file or its contacts are not shared with the actor's structure (audited)."""
    c = Contact.objects.select_related("structure", "personne").filter(pk=pk).first()
    if c is None:
        raise Http404(INTROUVABLE)
    p, parties = personne_pour(request, c.personne_id, ecriture=ecriture)
    detenteur = peut_modifier_dossier(acteur(request), p.structure_id)
    if not detenteur and not parties & PARTIES_CONTACTS:
        journaliser(request, Action.REFUS, "contact", objet_id=c.pk, personne=p)
        raise Http404(INTROUVABLE)
    return c, p, parties, detenteur


def orientation_pour(request, pk) -> Orientation:
    return objet_ou_refus(
        request,
        orientations_visibles(request.user).select_related(
            "personne", "structure_origine", "structure_destination"
        ),
        pk,
        objet="orientation",
        personne=lambda o: o.personne,
    )


def demande_pour(request, pk) -> Demande:
    return objet_ou_refus(
        request, demandes_visibles(request.user).select_related("personne"), pk, objet="demande"
    )


def _soi(p):
    return p
