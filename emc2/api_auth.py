"""API authentication. Kept apart from emc2.api: DRF imports authentication classes while
``rest_framework.views`` loads, so this module must not import DRF views.
"""

from rest_framework import authentication, exceptions, permissions
from rest_framework.authtoken.models import Token

from emc2.models import ApiToken
from emc2.selectors import api_token_get_for_key
from emc2.services import api_token_touch


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` or ``Bearer <key>``.

    Personal tokens (``emc2_...``, see ApiToken) carry a scope: a read token cannot write, on
    every route, whatever the view's own permissions say. Any other key is looked up as an
    evaluator token of ``rest_framework.authtoken``, which keeps its full access. A header that
    names a wrong, expired or revoked token is a 401, never a silent fall back to anonymous.
    """

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: give one token.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if key.startswith(ApiToken.PREFIX):
            token = api_token_get_for_key(key=key)
            if token is None:
                raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
            if request.method not in permissions.SAFE_METHODS and not token.can_write:
                raise exceptions.PermissionDenied("This token is read-only.")
            api_token_touch(token=token)
            return token.user, token
        evaluator_token = Token.objects.select_related("user").filter(key=key).first()
        if evaluator_token is None or not evaluator_token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return evaluator_token.user, evaluator_token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'
