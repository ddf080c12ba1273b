"""The portal's settings for the outage drill's gunicorn: production (DEBUG off) except that static
files are served by WhiteNoise from the apps' folders, so that no collectstatic is needed first."""
from laichau_plan.settings import *  # noqa: F401,F403
from laichau_plan.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
