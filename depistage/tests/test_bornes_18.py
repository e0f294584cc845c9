"""Issue 18: the month of a web screening is bounded."""

from django.core.files.uploadedfile import SimpleUploadedFile

from depistage.views import FormulaireDepot


def _form(mois):
    return FormulaireDepot(
        {"mois": mois}, {"fichier": SimpleUploadedFile("m.csv", b"menage;role;age\n")}
    )


def test_mois_hors_bornes_refuse():
    for mois in ("1900-01", "2019-12", "2999-01"):
        f = _form(mois)
        assert not f.is_valid()
        assert "entre 2020-01" in f.errors["mois"][0]


def test_mois_courant_accepte():
    from django.utils import timezone

    assert _form(timezone.localdate().strftime("%Y-%m")).is_valid()
