"""Public pages of the knowledge base (no account), and the content team's list of rights to
re-check (through the one gate, comptes.acces, with droits/perms.py)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from comptes.acces import acteur, page, page_publique
from droits import schema
from droits.models import Droit, date_limite_verification
from droits.perms import peut_relire_contenus
from droits.recherche import index
from droits.recherche.departements import extraire_departement
from droits.themes import THEMES, ordre_habitants, themes_de

SESSION_DEPARTEMENT = "droits_departement"
PREMIERS_THEMES = 6  # the home page shows the residents' six most common needs, the rest folded


class ChoixForm(forms.Form):
    """Search words, département and theme, as sent in the query string."""

    q = forms.CharField(label="Rechercher un droit, une aide", required=False, max_length=200)
    departement = forms.ChoiceField(label="Votre département", required=False)
    theme = forms.ChoiceField(label="Thème", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Tous les départements")] + [
            (code, f"{nom} ({code})") for code, nom in settings.DEPARTEMENTS.items()
        ]
        self.fields["theme"].choices = [("", "Tous les thèmes")] + list(THEMES.items())


def _choix(request) -> tuple[ChoixForm, str]:
    """The form bound to the query string, and the département to use.

    A département chosen in the form is remembered in the session; an empty choice forgets it.
    """
    data = request.GET.copy()
    if "departement" in data:
        departement = data["departement"]
        if departement in settings.DEPARTEMENTS:
            request.session[SESSION_DEPARTEMENT] = departement
        elif departement == "":
            request.session.pop(SESSION_DEPARTEMENT, None)
    else:
        data["departement"] = request.session.get(SESSION_DEPARTEMENT, "")
    form = ChoixForm(data)
    form.is_valid()
    departement = form.cleaned_data.get("departement") or ""
    return form, departement


def _nom_departement(code: str) -> str:
    return settings.DEPARTEMENTS.get(code, "")


def visibles(departement: str):
    return Droit.objects.publies().pour_departement(departement or None)


@page_publique
def accueil(request):
    form, departement = _choix(request)
    droits = visibles(departement)
    populaires = droits.filter(populaire=True)
    compte = {}
    for codes in droits.values_list("thematiques", flat=True):
        for theme in themes_de(codes):
            compte[theme] = compte.get(theme, 0) + 1
    themes = sorted(
        ((code, nom, compte[code]) for code, nom in THEMES.items() if code in compte),
        key=lambda t: ordre_habitants(t[0]),
    )
    return render(
        request,
        "droits/accueil.html",
        {
            "title": "Vos droits sociaux",
            "form": form,
            "departement": departement,
            "nom_departement": _nom_departement(departement),
            "populaires": populaires,
            "themes": themes[:PREMIERS_THEMES],
            "autres_themes": themes[PREMIERS_THEMES:],
            "nombre_droits": droits.count(),
        },
    )


@page_publique
def liste(request):
    form, departement = _choix(request)
    theme = form.cleaned_data.get("theme") or ""
    droits = list(visibles(departement))
    if theme:
        droits = [d for d in droits if theme in themes_de(d.thematiques)]
    return render(
        request,
        "droits/liste.html",
        {
            "title": "Tous les droits",
            "form": form,
            "droits": droits,
            "departement": departement,
            "nom_departement": _nom_departement(departement),
            "theme": theme,
            "nom_theme": THEMES.get(theme, ""),
        },
    )


@page_publique
def theme(request, code: str):
    if code not in THEMES:
        raise Http404("Thème inconnu")
    form, departement = _choix(request)
    droits = [d for d in visibles(departement) if code in themes_de(d.thematiques)]
    return render(
        request,
        "droits/theme.html",
        {
            "title": THEMES[code],
            "form": form,
            "code": code,
            "nom_theme": THEMES[code],
            "droits": droits,
            "departement": departement,
            "nom_departement": _nom_departement(departement),
        },
    )


@page_publique
def recherche(request):
    form, departement = _choix(request)
    q = (form.cleaned_data.get("q") or "").strip()
    resultats, requete = [], None
    if q:
        # A département named in the query ("rsa 77") wins over the one remembered.
        nomme = extraire_departement(q).departement
        trouve = index.rechercher(
            q, departement=nomme or departement or None, limite=30, elaguer=True
        )
        requete = trouve.requete
        departement = trouve.departement or ""
        par_slug = Droit.objects.publies().in_bulk(
            [r.slug for r in trouve.resultats], field_name="slug"
        )
        resultats = [par_slug[r.slug] for r in trouve.resultats if r.slug in par_slug]
    return render(
        request,
        "droits/recherche.html",
        {
            "title": f"Recherche « {q} »" if q else "Rechercher un droit",
            "form": form,
            "q": q,
            "resultats": resultats,
            "requete": requete,
            "departement": departement,
            "nom_departement": _nom_departement(departement),
            "populaires": Droit.objects.publies()
            .pour_departement(departement or None)
            .filter(populaire=True)
            if not resultats
            else [],
        },
    )


@page_publique
def detail(request, slug: str):
    droit = get_object_or_404(Droit.objects.select_related("variante_de"), slug=slug)
    relecteur = peut_relire_contenus(acteur(request))
    if not droit.est_publie and not relecteur:
        raise Http404("Droit introuvable")
    departement = request.session.get(SESSION_DEPARTEMENT, "")
    variantes = list(droit.variantes.publies().order_by("territoire"))
    version_locale = next((v for v in variantes if v.territoire == departement), None)
    voir_aussi = Droit.objects.publies().in_bulk(droit.voir_aussi, field_name="slug")
    apport = droit.ce_que_ca_apporte or {}
    demarche = droit.demarche or {}
    return render(
        request,
        "droits/detail.html",
        {
            "title": droit.titre,
            "droit": droit,
            "relecteur": relecteur,
            "apport": apport,
            "periodicite": schema.PERIODICITES.get(apport.get("periodicite", ""), ""),
            "demarche": demarche,
            "lieux": [schema.LIEUX[c] for c in droit.ou_s_adresser if c in schema.LIEUX],
            "voir_aussi": [voir_aussi[s] for s in droit.voir_aussi if s in voir_aussi],
            "variantes": [(v, _nom_departement(v.territoire)) for v in variantes],
            "version_locale": version_locale,
            "nom_departement": _nom_departement(departement),
            "nom_territoire": _nom_departement(droit.territoire),
            "themes": [(c, THEMES[c]) for c in themes_de(droit.thematiques)],
            "publics": [schema.PUBLICS[p] for p in droit.publics if p in schema.PUBLICS],
            "commune": request.GET.get("commune", "")[:5],
        },
    )


@page(peut_relire_contenus)
def a_reverifier(request):
    limite = date_limite_verification()
    droits = Droit.objects.a_reverifier().order_by("verifie_le", "titre")
    return render(
        request,
        "droits/a_reverifier.html",
        {"title": "Droits à revérifier", "droits": droits, "limite": limite},
    )
