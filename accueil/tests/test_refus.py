"""#16: each refusal says what it refuses. Every page of the agents' side behind the gate has
its own 403 message (not the generic one), and a directory page's refusal never speaks of
people's files."""

from __future__ import annotations

from django.urls import get_resolver

from comptes.acces import REFUS_PAR_DEFAUT, message_refus
from comptes.roles import Role
from comptes.tests.factories import agent

AGENTS = ("accueil/", "bilan/", "depistage/", "annuaire/", "aides-financieres/", "rsa/")


def _pages(motifs=None, prefixe=""):
    for m in motifs if motifs is not None else get_resolver().url_patterns:
        if hasattr(m, "url_patterns"):
            yield from _pages(m.url_patterns, prefixe + str(m.pattern))
        elif getattr(m.callback, "acces_regle", None) is not None:
            yield prefixe + str(m.pattern), message_refus(m.callback.acces_regle)


def test_chaque_page_des_agents_dit_ce_qu_elle_refuse():
    pages = [(url, msg) for url, msg in _pages() if url.startswith(AGENTS)]
    assert len(pages) > 40
    generiques = [url for url, msg in pages if msg == REFUS_PAR_DEFAUT]
    assert generiques == []
    annuaire = [(url, msg) for url, msg in pages if url.startswith("annuaire/")]
    assert annuaire and all("dossier" not in msg.lower() for _, msg in annuaire)


def test_refus_d_une_page_de_l_annuaire_en_clair(client, monde):
    client.force_login(agent(monde["mds_a"], Role.TRAVAILLEUR_SOCIAL, "ts-refus"))
    r = client.get("/annuaire/ma-fiche/")
    page = r.content.decode()
    assert r.status_code == 403
    assert (
        "fiche de sa structure dans l&#x27;annuaire" in page
        or "fiche de sa structure dans l'annuaire" in page
    )
    assert "dossier" not in page.lower().split("<main")[1].split("</main>")[0]
