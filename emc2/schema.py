"""drf-spectacular extensions for emc2's own API pieces."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "emc2.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal token from your profile page (read or write scope), or an "
                "evaluator token: `Token <key>` (`Bearer <key>` works too)."
            ),
        }


# --- error responses ---------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every API error: `detail` says what went wrong; a 400 may add a list of messages per "
        "field (the field's name as key; `non_field_errors` for the whole input)."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}

_ERRORS = {
    "400": "The request is invalid (bad parameters, a field's value, a rule of the workshop).",
    "401": "No credentials, or a wrong, expired or revoked token.",
    "403": "Signed in, but not allowed to do this (or a read-only token tried to write).",
    "404": "No such edition or object, or one this user may not see.",
    "405": "This method is not allowed here.",
    "406": "The Accept header asks for a format the API does not produce.",
    "415": "The body's content type is not accepted.",
    "429": "Too many requests: wait the seconds `Retry-After` says.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error body and every error status the
    API may answer on each operation (the exception handler in emc2.api makes them JSON)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code, description in _ERRORS.items():
                if code == "415" and method in ("get", "head", "delete"):
                    continue
                response = responses.setdefault(code, {"description": description})
                response.setdefault("content", {}).setdefault("application/json", {"schema": ref})
                if code == "429":
                    response["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait before the next request.",
                        }
                    }
    return result
