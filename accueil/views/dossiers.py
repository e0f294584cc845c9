"""People's files: list and search, creation (from an online request or not), reading (only the
parts shared with the actor's structure), change, export (RGPD right of access)."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from accueil import regles, selectors, services
from accueil.forms import FormulaireAjoutDroit, FormulairePersonne, libelle_commune
from accueil.perms import PARTIES, peut_modifier_dossier
from comptes.acces import acteur, page
from comptes.audit import Action, journaliser
from comptes.permissions import est_agent
from solidarites import recherche
from solidarites.pagination import PaginateurCompte
from solidarites.tableur import ecrivain_csv

PAR_PAGE = 50

CHAMPS_DOSSIER = [
    "nom",
    "prenom",
    "date_naissance",
    "commune_code",
    "telephone",
    "courriel",
    "partage_autorise",
]


@page(est_agent)
def personnes(request):
    # The name searched is posted and kept in the session: never in the URL (access logs).
    criteres = recherche.criteres(request, "accueil-personnes")
    if isinstance(criteres, HttpResponse):
        return criteres
    q = (criteres.get("q") or "").strip()
    a = acteur(request)
    # 50 a page, only the columns shown, read in order from an index (a structure may hold
    # 10 000 files): see selectors.liste_personnes.
    page_ = PaginateurCompte(
        selectors.liste_personnes(a, q), PAR_PAGE, total=lambda: selectors.nombre_personnes(a, q)
    ).get_page(request.GET.get("page"))
    journaliser(request, Action.LISTE, "personne")
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "accueil/personnes.html",
        {
            "title": "Dossiers",
            "personnes": [selectors.ligne_personne(d) for d in page_.object_list],
            "page": page_,
            "parametres": parametres.urlencode(),
            "q": q,
            "demandes": selectors.demandes_par_reference(a, q),
        },
    )


@page(est_agent)
def personne_nouvelle(request):
    a = acteur(request)
    demande = selectors.demande_de_la_file(
        a, request.GET.get("demande") or request.POST.get("demande")
    )
    initial = {}
    if demande:
        initial = {k: getattr(demande, k) for k in ("nom", "prenom", "telephone", "courriel")}
        initial["commune"] = libelle_commune(demande.commune_code)
    form = FormulairePersonne(request.POST or None, initial=initial, departement=a.departement)
    candidats = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        candidats = services.doublons(a, c["nom"], c["prenom"], c["date_naissance"], c["telephone"])
        if candidats and not c["confirmer_nouveau"]:
            form.add_error(
                "confirmer_nouveau",
                "Des dossiers ressemblent à celui-ci : ouvrez le bon dossier, ou cochez "
                "cette case si c'est bien une autre personne.",
            )
        else:
            donnees = services.DonneesPersonne(**form.dossier())
            p = services.creer_personne(request, donnees, demande=demande)
            messages.success(request, f"Dossier {p.reference} créé.")
            suite = f"?demande={demande.pk}" if demande else ""
            return redirect(f"/accueil/personnes/{p.pk}/contacts/nouveau/{suite}")
    return render(
        request,
        "accueil/personne_form.html",
        {"title": "Nouveau dossier", "form": form, "candidats": candidats, "demande": demande},
    )


@page(est_agent)
def personne_detail(request, pk):
    a = acteur(request)
    p, parties = selectors.personne_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "personne", objet_id=p.pk, personne=p)
    return render(
        request,
        "accueil/personne_detail.html",
        {
            "title": f"Dossier {p.reference}",
            "p": p,
            "parties": parties,
            "detenteur": peut_modifier_dossier(a, p.structure_id),
            "contacts": selectors.contacts_du_dossier(a, p, parties),
            "orientations": selectors.orientations_du_dossier(a, p),
            "suivis_droits": selectors.suivis_droits_du_dossier(a, p, parties),
            "STATUTS_DROIT": regles.StatutDroit.choices(),
            "form_ajout_droit": (
                FormulaireAjoutDroit() if peut_modifier_dossier(a, p.structure_id) else None
            ),
            "PARTIES": PARTIES,
            "DOMAINES": regles.DOMAINES,
            "CANAUX": regles.CANAUX,
            "partage_libelles": [PARTIES[k] for k in p.partage_autorise if k in PARTIES],
        },
    )


@page(est_agent)
def personne_modifier(request, pk):
    p, _ = selectors.personne_pour(request, pk, ecriture=True)
    initial = {k: getattr(p, k) for k in CHAMPS_DOSSIER if k != "commune_code"}
    initial["commune"] = libelle_commune(p.commune_code)
    form = FormulairePersonne(
        request.POST or None, initial=initial, departement=acteur(request).departement
    )
    form.fields.pop("confirmer_nouveau")
    if request.method == "POST" and form.is_valid():
        services.modifier_personne(request, p, services.DonneesPersonne(**form.dossier()))
        messages.success(request, "Dossier mis à jour.")
        return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/personne_form.html",
        {"title": f"Modifier le dossier {p.reference}", "form": form, "p": p},
    )


@page(est_agent)
def personne_export(request, pk, format):
    if format not in ("json", "csv"):
        raise Http404("Format inconnu : json ou csv.")
    p, _ = selectors.personne_pour(request, pk, ecriture=True)
    donnees = services.export_personne(p)
    journaliser(request, Action.EXPORT, "personne", objet_id=p.pk, personne=p)
    nom = f"dossier-{p.reference}"
    if format == "json":
        r = HttpResponse(
            json.dumps(donnees, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        r["Content-Disposition"] = f'attachment; filename="{nom}.json"'
        return r
    tampon = io.StringIO()
    w = ecrivain_csv(tampon, delimiter=";")
    w.writerow(["rubrique", "n°", "champ", "valeur"])
    for k, v in donnees["dossier"].items():
        w.writerow(["dossier", 1, k, v if not isinstance(v, list) else ", ".join(v)])
    for rubrique in ("contacts", "orientations", "droits_suivis", "demandes_en_ligne"):
        for i, ligne in enumerate(donnees[rubrique], 1):
            for k, v in ligne.items():
                if isinstance(v, list):
                    v = ", ".join(x if isinstance(x, str) else x.get("libelle", "") for x in v)
                w.writerow([rubrique, i, k, "" if v is None else v])
    r = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return r
