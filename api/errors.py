"""Every API error is JSON with a clear message: DRF's own, a page not found, and a server error."""

import logging

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger(__name__)


def handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        return response
    log.exception("API error", exc_info=exc)
    return Response({"detail": _("Something went wrong on our side; it has been logged.")}, status=500)


def not_found(request, *args, **kwargs):
    """Any address under /api/ that is not an endpoint."""
    return JsonResponse(
        {"detail": _("There is no such API address. The endpoints are listed at /api/v1/ and in /api/schema/.")},
        status=404,
    )
