"""The Content Security Policy holds in a real browser (issue 18): with the site's CSP (the one
of `solidarites/settings.py`, the same in every profile), a DSFR page, a page with charts, a
form enhanced by JavaScript (commune suggestions fetched from the API) and the API's Swagger
UI load with NO violation reported by the browser, and work; every asset is local.

Violations are caught twice: the `securitypolicyviolation` event (listened to by a script the
browser injects before the page's own, not subject to the page's CSP) and the console."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ECOUTE = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def sous_csp(page, live_server, settings):
    page.add_init_script(ECOUTE)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    externes: list[str] = []
    page.on(
        "request",
        lambda r: (
            externes.append(r.url)
            if not r.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )

    def ouvrir(chemin: str):
        reponse = page.goto(live_server.url + chemin)
        entete = reponse.headers.get("content-security-policy", "")
        assert "script-src 'self'" in entete and "unsafe-inline" not in entete, chemin
        assert "style-src 'self'" in entete and "object-src 'none'" in entete, chemin
        page.wait_for_load_state("networkidle")
        return reponse

    def verifier(chemin: str):
        assert page.evaluate("window.__violations") == [], chemin
        assert console == [], chemin
        assert externes == [], chemin

    return ouvrir, verifier


def test_pages_sans_violation_de_la_csp(page, sous_csp, axe):
    from comptes.tests.factories import melun

    melun()
    ouvrir, verifier = sous_csp

    # A DSFR page: the DSFR's script runs (the menu button opens the menu at 390 px).
    page.set_viewport_size({"width": 390, "height": 800})
    ouvrir("/")
    page.get_by_role("button", name="Menu").first.click()
    expect(page.locator(".fr-header__menu.fr-modal--opened")).to_have_count(1)
    page.screenshot(path="/tmp/pilotage-csp-accueil-390.png")
    verifier("/")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Charts: server-side SVG shown as data: images, with their table.
    ouvrir("/chiffres/77/")
    images = page.locator("img[src^='data:image/svg+xml']")
    assert images.count() >= 1
    assert page.evaluate(
        "Array.from(document.querySelectorAll(\"img[src^='data:image/svg+xml']\"))"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    page.screenshot(path="/tmp/pilotage-csp-chiffres.png", full_page=False)
    verifier("/chiffres/77/")

    # A form enhanced by JavaScript: the commune field's suggestions come from the API.
    ouvrir("/accueil/demande/")
    champ = page.locator("input[data-communes]").first
    with page.expect_response(lambda r: "/api/v1/communes" in r.url) as attendue:
        champ.press_sequentially("Melu", delay=50)
    assert attendue.value.ok
    expect(page.locator("datalist option").first).to_have_attribute("value", "Melun (77000)")
    axe()
    verifier("/accueil/demande/")

    # The API's documentation: Swagger UI from local files lists the operations.
    ouvrir("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert page.locator(".opblock").count() > 50
    page.screenshot(path="/tmp/pilotage-csp-swagger.png")
    verifier("/api/v1/docs")

    # The detector detects: an inline script added to the page is blocked and reported.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.__execute = true'}))"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__execute") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))
