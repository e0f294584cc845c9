from django.urls import path

from droits import views

app_name = "droits"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("droits/", views.liste, name="liste"),
    path("droits/recherche/", views.recherche, name="recherche"),
    path("droits/a-reverifier/", views.a_reverifier, name="a_reverifier"),
    path("droits/theme/<slug:code>/", views.theme, name="theme"),
    path("droits/<slug:slug>/", views.detail, name="detail"),
]
