"""Settings for the test suite: the real settings with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")  # tested on its own (tests/test_two_factor.py)

from cooperation.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Tasks run in the caller, on in-memory storage.
HUEY = {"huey_class": "huey.MemoryHuey", "name": "cooperation-tests", "immediate": True, "results": False}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The suite calls the API far more often than any caller should: the limits are tested on their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "1000000/hour", "address": "1000000/hour"},
}
if "devtools" not in INSTALLED_APPS:  # noqa: F405  (the suite tests the generator and the benchmarks' parts)
    INSTALLED_APPS.append("devtools")  # noqa: F405
