"""`make schaal` (benchmarks/schaal.py) counts a page's queries with its own stopwatch; it must
agree with Django's own count, the one `django_assert_max_num_queries` uses in the tests."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "schaal.py"


@pytest.fixture(scope="module")
def schaal():
    spec = importlib.util.spec_from_file_location("schaal", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# transaction=True: the request then starts and commits its own transaction (ATOMIC_REQUESTS), as
# in `make schaal`, instead of a savepoint inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_stopwatch_counts_every_query_django_counts_apart_from_the_requests_own_transaction(
    schaal, client, stuurgroeplid
):
    client.force_login(stuurgroeplid)
    client.get("/")  # warm up, as the script does

    with CaptureQueriesContext(connection) as django:
        assert client.get("/").status_code == 200
    status, _, queries, transactie = schaal.meet(client, "/")

    assert status == 200
    assert "COMMIT" in transactie
    assert len(queries) + len(transactie) == len(django)
    assert len(queries) > 0
