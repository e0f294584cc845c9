from django.urls import path

from conventions import views

app_name = "conventions"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("montants/", views.montants, name="montants"),
    path("<int:pk>/", views.detail, name="detail"),
    path("indicateurs/<int:pk>/releve/", views.saisir, name="saisir"),
]
