"""Requests generated from the API's own OpenAPI schema (schemathesis): no server error, every status
code one the schema documents, every response valid against it, for anonymous callers and a staff token."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ApiTokenFactory, DraftProposalFactory, FollowUpFactory, InternalMeetingFactory

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(demo):
    DraftProposalFactory(title="Hidden draft")
    InternalMeetingFactory(title="Hidden meeting")
    FollowUpFactory()
    # The app is called through WSGI, which ends each request by closing "old" database connections;
    # inside a test's transaction that would close the test's own. Django's test client leaves them be
    # in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def exercise(schema, examples, headers=None):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15  # every list, detail and the trade series
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS, headers=headers)

        check()


def test_anonymous_callers_get_valid_responses(api_schema):
    exercise(api_schema, examples=15)


def test_token_callers_get_valid_responses(api_schema):
    token = ApiTokenFactory()
    exercise(api_schema, examples=6, headers={"Authorization": f"Token {token.key}"})
