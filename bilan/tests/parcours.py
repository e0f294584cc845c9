"""Walking the bilan's questionnaire in tests: one place for the steps' POSTs."""


def parcourir(client, etapes):
    """POST each (step name, data) of `etapes` in order; each must pass (302 to the next step).
    Returns the last answer."""
    for nom, data in etapes:
        r = client.post(f"/bilan/etape/{nom}/", data)
        assert r.status_code == 302, (nom, r.content.decode()[:3000])
    return r
