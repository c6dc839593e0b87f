# Errorscape image: docs/deploy.md. Official python:3.12-slim only; two stages so that the final
# image holds the virtualenv and the source, and no build tools or caches.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
# Runtime dependencies from pyproject.toml alone, so that a code change reuses this layer; then
# pip itself goes, since nothing is installed at run time.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt \
    && /opt/venv/bin/pip uninstall --yes pip setuptools

FROM python:3.12-slim
RUN groupadd --gid 10001 errorscape \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin errorscape
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The source (filtered by .dockerignore), owned by root and read-only to the app's user.
COPY . .
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ERRORSCAPE_HOST=0.0.0.0 \
    PORT=8000
# Byte-compile now: at run time the file system may be read-only (Kubernetes readOnlyRootFilesystem).
RUN python -m compileall -q app errorscape
USER 10001:10001
EXPOSE 8000
# Every other setting comes from the environment: ERRORSCAPE_* (docs/deploy.md), PORT, and the
# trusted proxies in ERRORSCAPE_FORWARDED_ALLOW_IPS or FORWARDED_ALLOW_IPS (default 127.0.0.1).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; p = os.environ.get('ERRORSCAPE_PORT') or os.environ.get('PORT') or '8000'; u.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=2)"]
# `python -m app` is the errorscape console script: uvicorn on $PORT with proxy headers and a
# bounded graceful shutdown (ERRORSCAPE_GRACEFUL_TIMEOUT, default 5 s).
CMD ["python", "-m", "app", "--proxy-headers"]
