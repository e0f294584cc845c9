"""Property-based testing of the JSON API against its own OpenAPI (schemathesis): no server
error, no answer that violates the schema (status codes, bodies, content types), every
schema-invalid request refused with a 4xx (`negative_data_rejection`: unknown field, text or
boolean for a number, missing field, value out of its bounds…) and every schema-valid request
accepted (`positive_data_acceptance`), except the documented refusals listed in
`REFUS_DOCUMENTES`. Bounded: a few examples per operation, so that the suite stays fast.

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
        schema.config.generation.update(allow_x00=False)
        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("schema_api")


@schema.parametrize()
@settings(
    max_examples=EXEMPLES,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforme_a_son_schema(case):
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    exclus = []
    if (case.operation.method.upper(), case.operation.path) in REFUS_DOCUMENTES:
        exclus.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=exclus)
