"""Security headers on every response: CSP, Permissions-Policy, private caching."""

from django.conf import settings
from django.utils.cache import patch_cache_control


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (a relaxed style policy for the API docs, whose
    bundles inject styles and start a search worker), the Permissions-Policy, and marks
    responses to signed-in users or token clients ``Cache-Control: private``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = _policy(settings.CONTENT_SECURITY_POLICY)
        self.docs_csp = _policy(
            {**settings.CONTENT_SECURITY_POLICY, **settings.CONTENT_SECURITY_POLICY_API_DOCS}
        )
        self.docs_paths = tuple(settings.CONTENT_SECURITY_POLICY_API_DOCS_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            docs = request.path_info.startswith(self.docs_paths)
            response["Content-Security-Policy"] = self.docs_csp if docs else self.csp
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            # A page or file meant for one person must never be kept by a shared cache.
            patch_cache_control(response, private=True)
        return response
