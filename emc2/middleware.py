"""Security headers on every response (CSP, Permissions-Policy, private caching) and the
guard that keeps malformed query parameters away from the API."""

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
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


# Larger than any id or count we store (a signed 64-bit integer).
MAX_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"[+-]?\d+")


def _bad_parameter(name: str, value: str) -> str | None:
    if "\x00" in name or "\x00" in value:
        return f"Parameter {name!r} contains a NUL byte."
    if _INTEGER.fullmatch(value.strip()) and abs(int(value)) > MAX_INTEGER:
        return f"Parameter {name!r} is out of range."
    return None


class ApiInputGuardMiddleware:
    """Refuses query parameters no API view can use (NUL bytes, integers beyond 64 bits, bytes
    that are not UTF-8) with a 400 JSON answer before any view or database sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            problem = self._problem(request)
            if problem:
                return JsonResponse({"detail": problem}, status=400)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str | None:
        raw = request.META.get("QUERY_STRING", "")
        try:
            unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError:
            return "The query string is not valid UTF-8."
        for name, values in request.GET.lists():
            for value in values:
                problem = _bad_parameter(name, value)
                if problem:
                    return problem
        return None
