from django.urls import path

from accueil.views import contacts, demande, dossiers, file, orientations, statistiques, suivis

app_name = "accueil"
urlpatterns = [
    path("", file.tableau, name="file"),
    path("demande/", demande.demande, name="demande"),
    path("demande/envoyee/", demande.demande_envoyee, name="demande_envoyee"),
    path("demandes/<int:pk>/", file.demande_detail, name="demande_detail"),
    path("demandes/<int:pk>/clore/", file.demande_clore, name="demande_clore"),
    path("personnes/", dossiers.personnes, name="personnes"),
    path("personnes/nouvelle/", dossiers.personne_nouvelle, name="personne_nouvelle"),
    path("personnes/<int:pk>/", dossiers.personne_detail, name="personne"),
    path("personnes/<int:pk>/modifier/", dossiers.personne_modifier, name="personne_modifier"),
    path(
        "personnes/<int:pk>/export.<str:format>", dossiers.personne_export, name="personne_export"
    ),
    path("personnes/<int:pk>/contacts/nouveau/", contacts.contact_nouveau, name="contact_nouveau"),
    path("personnes/<int:pk>/orienter/", orientations.orienter, name="orienter"),
    path("contacts/<int:pk>/modifier/", contacts.contact_modifier, name="contact_modifier"),
    path("orientations/<int:pk>/", orientations.orientation_detail, name="orientation"),
    path(
        "orientations/<int:pk>/repondre/",
        orientations.orientation_repondre,
        name="orientation_repondre",
    ),
    path("statistiques/", statistiques.statistiques, name="statistiques"),
    path("statistiques/export.csv", statistiques.statistiques_csv, name="statistiques_csv"),
    path("personnes/<int:pk>/droits/", suivis.droit_ajouter, name="droit_ajouter"),
    path("droits/<int:pk>/", suivis.droit_suivi, name="droit_suivi"),
    path("demandes/<int:pk>/sans-reponse/", suivis.appel_demande, name="appel_demande"),
    path("contacts/<int:pk>/sans-reponse/", suivis.appel_contact, name="appel_contact"),
]
