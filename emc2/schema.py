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
