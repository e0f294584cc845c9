from django.urls import path

from rsa import views

app_name = "rsa"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("import/", views.importer, name="importer"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("rapprochements/", views.rapprochements, name="rapprochements"),
    path(
        "rapprochements/<int:pk>/traiter/",
        views.rapprochement_resoudre,
        name="rapprochement_resoudre",
    ),
    path("beneficiaires/<int:pk>/", views.beneficiaire, name="beneficiaire"),
    path("beneficiaires/<int:pk>/diagnostic/", views.diagnostic, name="diagnostic"),
    path("beneficiaires/<int:pk>/orienter/", views.orienter, name="orienter"),
    path("beneficiaires/<int:pk>/referent/", views.designer_referent, name="referent"),
    path("beneficiaires/<int:pk>/inviter/", views.inviter, name="inviter"),
    path("beneficiaires/<int:pk>/contrat/", views.contrat, name="contrat_nouveau"),
    path(
        "beneficiaires/<int:pk>/accompagnement-global/",
        views.accompagnement_global,
        name="accompagnement_global",
    ),
    path("beneficiaires/<int:pk>/parcours/", views.parcours_attacher, name="parcours_attacher"),
    path("rendez-vous/<int:pk>/lettre.pdf", views.lettre, name="lettre"),
    path("rendez-vous/<int:pk>/presence/", views.presence, name="presence"),
    path("rendez-vous/<int:pk>/reinviter/", views.reinviter, name="reinviter"),
    path("contrats/<int:pk>/", views.contrat_voir, name="contrat_voir"),
    path("contrats/<int:pk>/modifier/", views.contrat_modifier, name="contrat_modifier"),
    path("contrats/<int:pk>/contrat.pdf", views.contrat_pdf, name="contrat_pdf"),
    path("revues/<int:pk>/", views.revue, name="revue"),
    path(
        "accompagnements/<int:pk>/terminer/",
        views.accompagnement_terminer,
        name="accompagnement_terminer",
    ),
    path("parcours/<int:pk>/etapes/<slug:etape>/", views.etape_faite, name="etape_faite"),
    path("parcours-types/", views.parcours_types, name="parcours_types"),
    path("inscrire/<int:personne_pk>/", views.inscrire, name="inscrire"),
    path("tableau-de-bord/", views.tableau_de_bord, name="tableau_de_bord"),
    path("tableau-de-bord.csv", views.tableau_de_bord_csv, name="tableau_de_bord_csv"),
]
