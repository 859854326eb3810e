"""gunicorn settings of the web process: the Dockerfile, docker-compose.yml and `make bench` all start gunicorn
with `-c gunicorn.conf.py`, so what is measured is what is deployed.

Every value comes from the environment:

- `WEB_CONCURRENCY` (2) processes × `GUNICORN_THREADS` (4) threads (gthread workers): a thread waits on
  PostgreSQL or Redis while another runs; the database pool is sized from the threads (smedx_portal/settings/base.py).
- `GUNICORN_KEEPALIVE` (75 s): how long an idle keep-alive connection stays open. It must be longer than any
  client's or proxy's idle time, or the server closes a connection the client is about to reuse and that
  request fails without a status (gunicorn's default of 2 s dropped POSTs sent after a 1–3 s think time).
  75 s is above the idle timeout of common reverse proxies (nginx's upstream keepalive_timeout is 60 s).
- `GUNICORN_BIND` (0.0.0.0:8000), `GUNICORN_TIMEOUT` (30 s), `GUNICORN_ACCESS_LOG` ("-" for stdout, empty
  for none), `GUNICORN_LOG_LEVEL` (info).
"""

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
