"""Shared API pieces: the permission class all apps use and the error format."""

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from emc2.exceptions import DomainError


def exception_handler(exc, context):
    """Every API error is JSON: ``{"detail": ...}`` plus field messages where there are any."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field:
            body[exc.field] = [exc.message]
        body.update(exc.extra)
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": "Permission denied."}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, OverflowError | DataError) or (
        isinstance(exc, ValueError) and "NUL" in str(exc)
    ):
        # A value the database cannot hold (an id beyond 64 bits, a NUL byte in a string)
        # came from the request: the client's error, not ours.
        return Response(
            {"detail": "A value in the request is out of range or contains a NUL byte."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class HasRulePermission(permissions.BasePermission):
    """Asks the same rules permission as the web views.

    A view sets ``permission_required`` and provides ``get_permission_object()``.
    """

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "permission_required", None)
        if perm is None:
            return True
        return request.user.has_perm(perm, view.get_permission_object())
