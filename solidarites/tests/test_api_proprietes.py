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
    from solidarites.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


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
