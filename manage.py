#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = settings.INSTALLED_APPS  # reading one setting loads the settings module
    except ImproperlyConfigured as fout:
        # A missing production variable is the operator's to fix, not a bug: one Dutch line, no traceback.
        sys.exit(f"{os.environ['DJANGO_SETTINGS_MODULE']}: {fout}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
