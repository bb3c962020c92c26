"""Logging: an expected refusal is one line, so the log shows the real errors.

Django logs every 403 (PermissionDenied) and 404 (Http404) to `django.request` with the exception
attached, which the handler prints as a full traceback: a probe of the access rules wrote 11,680 of
them, burying the one error that mattered. These are answers the app means to give (another
region's object, a page the role may not open), so they keep their one line ("Forbidden
(Permission denied): /facturen/12/", with status and path) and lose the traceback. A 5xx keeps it."""

import logging

VERWACHT = {403, 404}


class ZonderTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in VERWACHT:
            record.exc_info = None
            record.exc_text = None
        return True
