"""Property-based testing of the JSON API against its own OpenAPI (schemathesis): no server
error, no answer that violates the schema (status codes, bodies, content types), every
schema-invalid request refused with a 4xx (`negative_data_rejection`: unknown field, text or
boolean for a number, missing field, value out of its bounds…) and every schema-valid request
accepted (`positive_data_acceptance`), except the documented refusals listed in
`REFUS_DOCUMENTES`. Bounded: a few examples per operation, so that the suite stays fast.

Two passes: anonymous over the public operations (those behind the gate answer 401 to an
anonymous client, which the access matrix checks for each of them), and as a logged-in social
worker over the operations behind the gate (session cookie and CSRF token, like the site's own
scripts): there, schema-valid requests may name nothing this account may see or that exists
(404), or break a business rule (400 naming the field): `positive_data_acceptance` is not
checked, every other check is.

Not generated: the NUL character (`allow_x00`): any text holding one is refused with a French
400 before anything else (PostgreSQL cannot store it), which `test_protections.py::
test_octet_nul_*` proves; the schema does not spell it on every string."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

EXEMPLES = 4

# Schema-valid values that name nothing: the answer is a 400 naming the field, on purpose (the
# schema cannot list 34 969 commune codes nor the knowledge base's identifiers).
REFUS_DOCUMENTES = {
    ("GET", "/api/v1/structures"): "commune, thématique ou droit inconnus : 400 nommant le champ",
    ("GET", "/api/v1/droits"): "thématique inconnue : 400 nommant le champ",
    # The household's coherence: exactly one applicant, a partner at most, ages…
    ("POST", "/api/v1/bilan"): "foyer incohérent : 400 nommant le champ",
    ("POST", "/api/v1/aides-financieres/proposition"): "foyer incohérent, département sans "
    "fonds unique : 400 nommant le champ",
}


@pytest.fixture
def schema_api(db):
    """The API called through WSGI inside the test's transaction. Like Django's test client,
    requests must not close the database connection at their end (`close_old_connections`):
    on PostgreSQL that closed the test's own connection and every later call answered 500."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from solidarites.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        # No generated session cookie: the anonymous pass needs none, the agent's pass sends
        # its own (a generated one would be « removed » by negative data, then put back).
        schema.config.generation.update(allow_x00=False, with_security_parameters=False)
        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _derriere_la_porte(ctx) -> bool:
    return bool(ctx.operation.definition.raw.get("security"))


schema = schemathesis.pytest.from_fixture("schema_api")
publiques = schema.exclude(_derriere_la_porte)
securisees = schema.include(_derriere_la_porte)

REGLAGES = settings(
    max_examples=EXEMPLES,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def travailleur_social(db, client):
    """A social worker of an MDS holding a file, logged in: the session and CSRF cookies and the
    CSRF header the API's writes require."""
    from django.conf import settings as reglages
    from django.middleware.csrf import _get_new_csrf_string

    from accueil.tests.factories import PersonneFactory
    from comptes.roles import Role
    from comptes.tests.factories import StructureFactory, agent

    mds = StructureFactory(nom="MDS de Melun (schemathesis)", typologie="mds")
    PersonneFactory(structure=mds)
    client.force_login(agent(mds, Role.TRAVAILLEUR_SOCIAL, "ts-schemathesis"))
    jeton = _get_new_csrf_string()
    session = client.cookies[reglages.SESSION_COOKIE_NAME].value
    return {
        "cookies": {reglages.SESSION_COOKIE_NAME: session, reglages.CSRF_COOKIE_NAME: jeton},
        "headers": {"X-CSRFToken": jeton},
    }


@publiques.parametrize()
@REGLAGES
def test_api_publique_conforme_a_son_schema(case):
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    exclus = []
    if (case.operation.method.upper(), case.operation.path) in REFUS_DOCUMENTES:
        exclus.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=exclus)


@securisees.parametrize()
@REGLAGES
def test_api_d_un_agent_conforme_a_son_schema(case, travailleur_social):
    from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

    # `ignored_auth` would resend with our cookies: the 401 of every operation without a
    # session is the access matrix' (comptes/tests/test_matrice_acces.py::test_anonyme).
    case.call_and_validate(
        cookies=travailleur_social["cookies"],
        headers=travailleur_social["headers"],
        excluded_checks=[positive_data_acceptance, ignored_auth],
    )
