"""gunicorn.conf.py, the one configuration of the web process (Dockerfile, docker-compose.yml, make bench)."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_keep_alive_outlasts_the_clients_idle_time_and_workers_use_threads(monkeypatch):
    monkeypatch.delenv("GUNICORN_KEEPALIVE", raising=False)
    config = runpy.run_path(str(CONFIG))
    assert config["worker_class"] == "gthread"
    assert config["keepalive"] >= 60  # above a reverse proxy's idle keep-alive and the survey's think time


def test_a_worker_freezes_what_it_has_loaded():
    config = runpy.run_path(str(CONFIG))
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
