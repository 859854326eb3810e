# Image for web, worker and beat (docker-compose.yml). Debian, like the development machines.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core \
    gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
# collectstatic needs settings that pass the production checks; these build-time values are not used at run time.
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-0123456789 ALLOWED_HOSTS=build \
    PORTAL_BASE_URL=https://build.invalid \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv

RUN useradd --create-home --uid 1000 portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
# Workers, threads, keep-alive: gunicorn.conf.py, from WEB_CONCURRENCY and GUNICORN_THREADS.
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
