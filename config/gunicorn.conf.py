"""gunicorn's configuration for `make serve`: no `Server: gunicorn` header (it tells an attacker
which server and, with a version scan, which bugs to try). gunicorn has no setting for it, so its
response class drops the header; this file runs in the master before the workers fork."""

from gunicorn.http import wsgi


class ResponseZonderServer(wsgi.Response):
    def default_headers(self):
        return [regel for regel in super().default_headers() if not regel.lower().startswith("server:")]


wsgi.Response = ResponseZonderServer
