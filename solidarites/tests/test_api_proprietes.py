"""Property-based testing of the JSON API against its own OpenAPI (schemathesis): no server
error, no answer that violates the schema (status codes, bodies, content types). Bounded: a few
examples per operation, so that the suite stays fast.

Not checked here: whether the API accepts every schema-valid body and refuses every invalid one
(schemathesis' positive/negative acceptance heuristics): business rules the schema cannot say
(a NUL byte, a date in the past…) answer a documented 400 on purpose."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

EXEMPLES = 4


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
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
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
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
