"""API throttles: per signed-in user (session or token) and per client address.

The client address is the one the sign-in limits count (allauth's ``get_client_ip``, which
honours ``ALLAUTH_TRUSTED_PROXY_COUNT``): one rule for which proxy hops to trust. Like
``emc2.api_auth`` this module must not import DRF views (DRF loads throttles while
``rest_framework.views`` is being imported). Rates come from ``settings.API_THROTTLE_RATES``
at request time; ``None`` turns a scope off. Over the rate: 429 JSON with ``Retry-After``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from rest_framework.throttling import SimpleRateThrottle


def client_address(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address at all: one bucket for all such requests
        return "unknown"


class _SettingsRateThrottle(SimpleRateThrottle):
    def __init__(self):  # the rate is read per request, not frozen at import
        pass

    def allow_request(self, request, view):
        self.rate = settings.API_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class ApiUserThrottle(_SettingsRateThrottle):
    """Requests of one signed-in user, whichever session or token they come with."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ApiClientThrottle(_SettingsRateThrottle):
    """Requests from one client address, signed in or not (many users behind one address
    share it, so the rate is set higher than a single user's)."""

    scope = "client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
