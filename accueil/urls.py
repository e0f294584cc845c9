from django.urls import path

from accueil import views

app_name = "accueil"
urlpatterns = [
    path("", views.tableau, name="file"),
    path("demande/", views.demande, name="demande"),
    path("demande/envoyee/", views.demande_envoyee, name="demande_envoyee"),
    path("demandes/<int:pk>/", views.demande_detail, name="demande_detail"),
    path("demandes/<int:pk>/clore/", views.demande_clore, name="demande_clore"),
    path("personnes/", views.personnes, name="personnes"),
    path("personnes/nouvelle/", views.personne_nouvelle, name="personne_nouvelle"),
    path("personnes/<int:pk>/", views.personne_detail, name="personne"),
    path("personnes/<int:pk>/modifier/", views.personne_modifier, name="personne_modifier"),
    path("personnes/<int:pk>/export.<str:format>", views.personne_export, name="personne_export"),
    path("personnes/<int:pk>/contacts/nouveau/", views.contact_nouveau, name="contact_nouveau"),
    path("personnes/<int:pk>/orienter/", views.orienter, name="orienter"),
    path("contacts/<int:pk>/modifier/", views.contact_modifier, name="contact_modifier"),
    path("orientations/<int:pk>/", views.orientation_detail, name="orientation"),
    path(
        "orientations/<int:pk>/repondre/", views.orientation_repondre, name="orientation_repondre"
    ),
    path("statistiques/", views.statistiques, name="statistiques"),
]
