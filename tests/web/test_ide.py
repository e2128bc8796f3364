"""The offline GraphiQL IDE: our page, same-origin assets, off in production."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.webclient import LINKS, make_client
from truthlens import ide

HTML = {"accept": "text/html,application/xhtml+xml"}
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@pytest.fixture
def installed() -> None:
    """The real assets, as `make install` fetches them (mandatory with CI=true)."""
    if not ide.installed():
        reason = f"IDE assets missing from {ide.ASSETS}: run python3 scripts/fetch_ide_assets.py"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as test_client:
        yield test_client


@pytest.mark.usefixtures("installed")
def test_ide_page_references_only_same_origin_assets(client: TestClient) -> None:
    response = client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "://" not in response.text  # no external origin, not even a protocol-relative one
    links = LINKS.findall(response.text)
    assert len(links) == 6  # two stylesheets, four scripts
    for link in links:
        assert link.startswith(ide.PREFIX), link
        asset = client.get(link)
        assert asset.status_code == 200, link
        assert asset.headers["content-type"] == CONTENT_TYPES[Path(link).suffix], link
        assert asset.headers["x-content-type-options"] == "nosniff"


@pytest.mark.usefixtures("installed")
def test_vendored_files_and_their_licenses_are_served(client: TestClient) -> None:
    for name in ide.VENDOR_FILES:
        response = client.get(ide.PREFIX + name)
        assert response.status_code == 200, name
        assert response.content == (ide.ASSETS / name).read_bytes()
        assert response.headers["content-type"] == CONTENT_TYPES[Path(name).suffix]
    assert "MIT License" in client.get(ide.PREFIX + "LICENSE.graphiql.txt").text


@pytest.mark.parametrize("name", ["graphiql.js", ".stamp", "graphiql.min.js.map", "web.py"])
def test_other_names_are_not_served(client: TestClient, name: str) -> None:
    assert client.get(ide.PREFIX + name).status_code == 404


def test_missing_assets_explain_how_to_install_and_the_api_works(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ide, "ASSETS", tmp_path / "nothing-here")
    page = client.get("/graphql", headers=HTML)
    assert page.status_code == 503
    assert "scripts/fetch_ide_assets.py" in page.text
    assert "make install" in page.text
    assert client.get(ide.PREFIX + "graphiql.min.js").status_code == 404
    api = client.post("/graphql", json={"query": "{ metrics { name } }"})
    assert api.status_code == 200
    assert api.json()["data"]["metrics"]


def test_production_has_no_ide_and_no_introspection(tmp_path: Path) -> None:
    with make_client(tmp_path, env="production") as client:
        assert client.get("/graphql", headers=HTML).status_code == 404
        for name in (*ide.VENDOR_FILES, *ide.OWN_FILES):
            assert client.get(ide.PREFIX + name).status_code == 404, name
        body = client.post("/graphql", json={"query": "{ __schema { types { name } } }"}).json()
        assert body.get("data") is None
        assert body["errors"]
