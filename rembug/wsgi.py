"""WSGI entry point (gunicorn rembug.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rembug.settings")
application = get_wsgi_application()
