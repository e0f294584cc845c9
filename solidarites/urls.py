from django.contrib import admin
from django.urls import include, path

from solidarites import exploitation, views
from solidarites.api import api

admin.site.site_header = "Solidarités — administration"
admin.site.site_title = "Solidarités"
admin.site.index_title = "Gestion des contenus et des comptes"

urlpatterns = [
    path("", include("droits.urls")),
    path("territoires/", include("territoires.urls")),
    path("annuaire/", include("annuaire.urls")),
    path("bilan/", include("bilan.urls")),
    path("accueil/", include("accueil.urls")),
    path("depistage/", include("depistage.urls")),
    path("aides-financieres/", include("aides_financieres.urls")),
    path("comptes/", include("comptes.urls")),
    path("rsa/", include("rsa.urls")),
    path("engagements/", include("engagements.urls")),
    path("chiffres/", include("chiffres.urls")),
    path("conventions/", include("conventions.urls")),
    path("participation/", include("participation.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("sante/", views.sante, name="sante"),
    path("exploitation/taches/", exploitation.taches, name="exploitation_taches"),
    path(
        "exploitation/taches/<uuid:pk>/relancer/",
        exploitation.relancer,
        name="exploitation_relancer",
    ),
]

handler404 = "solidarites.views.page_introuvable"
handler500 = "solidarites.views.erreur_serveur"
handler403 = "solidarites.views.acces_refuse"
handler400 = "solidarites.views.requete_invalide"
