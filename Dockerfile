# TruthLens service image: slim Python, non-root, PostgreSQL driver included.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY schema ./schema
COPY plugins ./plugins
# The offline GraphiQL IDE: pinned npm tarballs, integrity-checked, into service/static/ide/.
COPY scripts/fetch_ide_assets.py scripts/ide-assets.lock.json ./scripts/
RUN python scripts/fetch_ide_assets.py --force
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels ".[postgres]"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TRUTHLENS_DATABASE_URL=sqlite+aiosqlite:////data/truthlens.db
RUN useradd --create-home --uid 10001 truthlens \
 && mkdir -p /data && chown truthlens:truthlens /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER truthlens
WORKDIR /home/truthlens
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["uvicorn", "truthlens.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
