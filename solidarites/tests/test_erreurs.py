from django import forms

from solidarites.erreurs import ErreurChamps, appliquer_erreurs, champ, messages_champs


def test_champ_sans_prefixes_techniques():
    assert champ(("body", "payload", "personnes", 1, "age")) == "personnes.1.age"
    assert champ(()) == "__all__"


def test_messages_en_francais():
    erreurs = messages_champs(
        [
            {"loc": ("query", "departement"), "type": "missing", "msg": "Field required"},
            {"loc": ("body", "age"), "type": "less_than_equal", "msg": "x", "ctx": {"le": 120}},
            {
                "loc": ("body", "loyer"),
                "type": "value_error",
                "msg": "Value error, Le loyer ne peut pas être négatif.",
            },
        ]
    )
    assert erreurs == [
        {"champ": "departement", "message": "Ce champ est obligatoire."},
        {"champ": "age", "message": "La valeur doit être inférieure ou égale à 120."},
        {"champ": "loyer", "message": "Le loyer ne peut pas être négatif."},
    ]


def test_valeurs_possibles_en_francais():
    (e,) = messages_champs(
        [
            {
                "loc": ("body", "logement", "statut"),
                "type": "literal_error",
                "msg": "x",
                "ctx": {"expected": "'locataire_prive', 'proprietaire' or 'sans_domicile'"},
            }
        ]
    )
    assert e["message"] == (
        "Valeur non reconnue. Valeurs possibles : locataire_prive, proprietaire ou sans_domicile."
    )


def test_erreur_champs_depuis_dict():
    exc = ErreurChamps({"commune": "Commune inconnue."})
    assert exc.erreurs == [{"champ": "commune", "message": "Commune inconnue."}]


def test_appliquer_erreurs_sur_le_champ_ou_le_formulaire():
    class F(forms.Form):
        annee = forms.IntegerField()

    f = F({"annee": "2025"})
    assert f.is_valid()
    appliquer_erreurs(f, ErreurChamps({"annee": "Année déjà saisie.", "version": "Modifié."}))
    assert f.errors["annee"] == ["Année déjà saisie."]
    assert f.non_field_errors() == ["Modifié."]
