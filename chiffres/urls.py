from django.urls import path

from chiffres import views

app_name = "chiffres"
urlpatterns = [
    path("", views.donnees_ouvertes, name="index"),
    path("schema.json", views.schema_json, name="schema"),
    path("<str:code>/", views.departement, name="departement"),
    path("<str:code>/chiffres.csv", views.export_csv, name="csv"),
    path("<str:code>/chiffres.json", views.export_json, name="json"),
    path("<str:code>/non-recours-communes.csv", views.communes_csv, name="communes_csv"),
]
