"""
WSGI config for cooperation project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")

application = get_wsgi_application()

# The URLs (and with them every view's module) are read now rather than at the first request; then all that
# is loaded, kept for the life of the process, is moved out of the garbage collector's reach
# (https://docs.python.org/3/library/gc.html#gc.freeze), so that its full passes during a request walk
# what the request made, not the whole application again.
get_resolver().url_patterns  # noqa: B018 - reading it loads it
gc.freeze()
