"""Work done after the answer: a mail that would otherwise make the answer slower for one case
than for another (a known address against an unknown one).

The task starts in a thread once the request's transaction commits (ATOMIC_REQUESTS), so the
response goes out while it runs, and nothing is sent for a request that failed. The task must not
use the database: everything it needs is read in the request. The thread lives in the web worker
(gunicorn's sync workers keep running it after the response); a worker stopped in that second
loses the mail, and the person asks again. Tests wait for it with `wait()`."""

import logging
import threading
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)
_running: set[threading.Thread] = set()
_lock = threading.Lock()


def after_response(task: Callable[[], None], *, name: str) -> None:
    transaction.on_commit(lambda: _start(task, name))


def _start(task: Callable[[], None], name: str) -> None:
    def run():
        try:
            task()
        except Exception:  # the answer has gone: the log is where it is seen
            logger.exception("Taak na het antwoord mislukt: %s", name)
        finally:
            with _lock:
                _running.discard(threading.current_thread())

    thread = threading.Thread(target=run, name=name, daemon=True)
    with _lock:
        _running.add(thread)
    thread.start()


def wait(timeout: float = 10) -> None:
    """Wait until every task started so far has ended (tests, and a command that must not exit early)."""
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join(timeout)
