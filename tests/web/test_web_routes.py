"""The reference pages' routes: same-origin files, the operations they use, production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import truthlens.schema
from tests.webclient import LINKS, make_client
from truthlens import web

OPERATIONS = Path(truthlens.schema.__file__ or "").with_name("operations")
IMPORTS = re.compile(r"""from "\./([^"]+)";""")
REQUESTS = re.compile(r"""request\("([a-z_]+\.graphql)", "([A-Za-z]+)\"""")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    """Without the lifespan: these routes only hand out files, no database involved."""
    return make_client(tmp_path)


@pytest.mark.parametrize("path", ["/", "/articles/QXJ0aWNsZTox"])
def test_pages_load_only_same_origin_files(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    links = LINKS.findall(response.text)
    assert links
    for link in links:
        assert link.startswith(("/", "#")), link
        assert not link.startswith("//"), link
        if link.startswith("/-/web/"):
            asset = client.get(link)
            assert asset.status_code == 200, link
            kind = "text/css" if link.endswith(".css") else "text/javascript"
            assert asset.headers["content-type"] == f"{kind}; charset=utf-8"


def test_every_module_import_resolves(client: TestClient) -> None:
    scripts = sorted(web.WEB.glob("*.js"))
    assert len(scripts) >= 3
    for script in scripts:
        served = client.get(f"/-/web/{script.name}")
        assert served.status_code == 200
        assert served.text == script.read_text(encoding="utf-8")
        for name in IMPORTS.findall(served.text):
            assert client.get(f"/-/web/{name}").status_code == 200, (script.name, name)


def test_pages_run_the_operations_of_schema_operations(client: TestClient) -> None:
    """The scripts name operation files and operations; each exists as written."""
    calls = {
        call for script in web.WEB.glob("*.js") for call in REQUESTS.findall(script.read_text())
    }
    assert {name for _, name in calls} >= {"HomeList", "ArticlePage", "AnalyzeUrl", "AnalyzeText"}
    for file, name in calls:
        document = client.get(f"/-/operations/{file}")
        assert document.status_code == 200
        assert document.text == (OPERATIONS / file).read_text(encoding="utf-8")
        assert re.search(rf"^(query|mutation) {name}\b", document.text, re.MULTILINE), name


def test_every_operation_file_is_served_verbatim(client: TestClient) -> None:
    for path in OPERATIONS.glob("*.graphql"):
        response = client.get(f"/-/operations/{path.name}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert response.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "/-/operations/missing.graphql",
        "/-/operations/schema.graphql.bak",
        "/-/operations/..%2Fschema.graphql",
        "/-/web/index.html",
        "/-/web/..%2F..%2Fapp.py",
        "/-/web/.hidden.js",
        "/-/web/missing.js",
    ],
)
def test_nothing_else_is_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_production_keeps_the_pages(tmp_path: Path) -> None:
    with make_client(tmp_path, env="production") as client:
        assert client.get("/").status_code == 200
        assert client.get("/articles/QXJ0aWNsZTox").status_code == 200
        assert client.get("/-/web/article.js").status_code == 200
        assert client.get("/-/operations/article_page.graphql").status_code == 200
