from django.shortcuts import get_object_or_404, render

from annuaire import selectors
from annuaire import thematiques as th
from annuaire.droits_lien import cible_droit
from annuaire.forms import RechercheForm
from annuaire.horaires import semaine_type
from annuaire.models import Structure
from annuaire.perms import peut_suivre_fraicheur
from annuaire.presentation import lien_carte, maintenant_local, preparer
from comptes.acces import page, page_publique
from solidarites.erreurs import ErreurChamps
from territoires.formulaires import resoudre_commune


@page_publique
def recherche(request):
    """« Où s'adresser ? » — commune + need or right -> structures, without JavaScript."""
    contexte = {"title": "Où s'adresser ?"}
    if "commune" not in request.GET:
        contexte["form"] = RechercheForm()
        return render(request, "annuaire/recherche.html", contexte)
    form = RechercheForm(request.GET)
    contexte["form"] = form
    if not form.is_valid():
        return render(request, "annuaire/recherche.html", contexte, status=200)
    resolution = resoudre_commune(
        form.cleaned_data["commune"],
        form.cleaned_data["code_commune"],
        departement_prefere=request.session.get("droits_departement"),
    )
    if resolution.erreur:
        form.add_error("commune", resolution.erreur)
    elif resolution.choix:
        contexte["choix_communes"] = resolution.choix
    else:
        commune = resolution.commune
        thematique = form.cleaned_data["thematique"] or None
        droit = form.cleaned_data["droit"] or None
        try:
            structures = selectors.structures_pour(commune.code_insee, thematique, droit)
        except ErreurChamps as e:
            for err in e.erreurs:
                champ = err["champ"] if err["champ"] in form.fields else None
                form.add_error(champ, err["message"])
        else:
            preparer(selectors.avec_details(structures), commune.code_insee)
            contexte.update(
                commune=commune,
                structures=structures,
                bureau_local=selectors.bureau_local_pour_commune(commune.code_insee),
                libelle_thematique=th.libelle(thematique) if thematique else None,
                droit=cible_droit(droit) if droit else None,
                title=f"Où s'adresser à {commune.nom} ?",
            )
    return render(request, "annuaire/recherche.html", contexte)


@page_publique
def structure(request, pk: int):
    s = get_object_or_404(Structure.objects.select_related("commune", "departement"), pk=pk)
    preparer(selectors.avec_details([s]), request.GET.get("commune") or s.commune_id)
    secteur = list(s.secteurs.select_related("commune").order_by("commune__nom"))
    aujourd_hui = maintenant_local().date()
    return render(
        request,
        "annuaire/structure.html",
        {
            "title": s.nom,
            "s": s,
            "secteur": secteur,
            "semaine": semaine_type(s.horaires_accueil, aujourd_hui),
            "carte": lien_carte(s),
        },
    )


@page(peut_suivre_fraicheur)
def a_mettre_a_jour(request):
    departement = request.GET.get("departement") or None
    fiches = selectors.fiches_a_mettre_a_jour(departement)
    return render(
        request,
        "annuaire/a_mettre_a_jour.html",
        {
            "title": "Fiches de l'annuaire à mettre à jour",
            "fiches": fiches,
            "departement": departement,
        },
    )
