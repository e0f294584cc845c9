from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("comites/<int:pk>/", views.comite, name="comite"),
    path("comites/<int:pk>/rejoindre/", views.rejoindre, name="rejoindre"),
    path("merci/", views.merci, name="merci"),
    path("evenements/<int:pk>/", views.evenement, name="evenement"),
    path("gestion/", views.gestion, name="gestion"),
    path("gestion/comites/<int:pk>/", views.gestion_comite, name="gestion_comite"),
    path(
        "gestion/demandes/<int:pk>/<str:decision>/",
        views.traiter_demande,
        name="traiter_demande",
    ),
    path("gestion/reunions/<int:pk>/", views.gestion_reunion, name="gestion_reunion"),
    path("gestion/propositions/<int:pk>/", views.gestion_proposition, name="gestion_proposition"),
    path("gestion/evenements/<int:pk>/", views.gestion_evenement, name="gestion_evenement"),
]
