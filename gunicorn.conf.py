"""gunicorn settings of the web process: the Dockerfile, docker-compose.yml and `make bench` all start gunicorn
with `-c gunicorn.conf.py`, so what is measured is what is deployed.

Every value comes from the environment:

- `WEB_CONCURRENCY` (2) processes × `GUNICORN_THREADS` (4) threads (gthread workers): a thread waits on
  PostgreSQL or Redis while another runs; the database pool is sized from the threads (smedx_portal/settings/base.py).
- `GUNICORN_KEEPALIVE` (75 s): how long an idle keep-alive connection stays open. It must be longer than any
  client's or proxy's idle time, or the server closes a connection the client is about to reuse and that
  request fails without a status (gunicorn's default of 2 s dropped POSTs sent after a 1–3 s think time).
  75 s is above the idle timeout of common reverse proxies (nginx's upstream keepalive_timeout is 60 s).
- Each worker freezes the objects it has once the application is loaded (`gc.freeze()`, `post_worker_init`):
  the modules, settings and app registry live as long as the worker, and without the freeze every full garbage
  collection walked them all (about 100 ms every few hundred requests: 0.13–0.26 ms per survey page on average).
- `GUNICORN_BIND` (0.0.0.0:8000), `GUNICORN_TIMEOUT` (30 s), `GUNICORN_ACCESS_LOG` ("-" for stdout, empty
  for none), `GUNICORN_LOG_LEVEL` (info).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# A thread's connection slots: enough for the client connections a proxy keeps open to this process.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
wsgi_app = os.environ.get("GUNICORN_WSGI_APP", "smedx_portal.wsgi:application")


def post_worker_init(worker):
    """The application is loaded: what exists now lives as long as the worker; keep it out of the collector's
    full passes."""
    gc.freeze()
