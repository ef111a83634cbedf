from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A staff member's personal token, made in the admin: `Authorization: Token <key>`.",
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the language asked for.")


FIELD_ERRORS = {
    "type": "object",
    "description": "Each parameter that was refused, with why.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class Schema(AutoSchema):
    """Every operation also documents the errors it can answer with, all JSON: refused parameters (400),
    a bad token (401), nothing there (404), too many calls (429)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            responses.setdefault("400", self._get_response_for_code(FIELD_ERRORS, "400", direction=direction))
            for code in ("401", "404", "429"):
                responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code, direction=direction))
        return responses
