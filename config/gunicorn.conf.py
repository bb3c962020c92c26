"""gunicorn's configuration for `make serve`: no `Server: gunicorn` header (it tells an attacker
which server and, with a version scan, which bugs to try). gunicorn has no setting for it, so its
response class drops the header; this file runs in the master before the workers fork."""

from gunicorn.http import wsgi


class ResponseZonderServer(wsgi.Response):
    def default_headers(self):
        return [regel for regel in super().default_headers() if not regel.lower().startswith("server:")]


wsgi.Response = ResponseZonderServer

# The longest request we allow: a list export of up to EXPORT_ACHTERGROND_VANAF rows (20,000: about
# 2 s) is made in the request, a longer one in the background (exports/). A request that still
# takes longer is ended here, and nginx (deploy/nginx/leerwerkloket-proxy.conf, proxy_read_timeout
# 35s) waits a little longer than this, so the user gets gunicorn's answer rather than nginx's.
timeout = 30
graceful_timeout = 30


def post_worker_init(worker):
    """Once a worker has loaded the app: what it loaded kept out of the cycle collector's full
    collections (kern.proces.opstart_bevriezen)."""
    from kern.proces import opstart_bevriezen

    opstart_bevriezen()
