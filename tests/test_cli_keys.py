"""`truthlens keys create|list|revoke`, end to end with the HTTP app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.cli import main
from truthlens.settings import Settings

ANALYZE = 'mutation { analyzeText(input: {text: "The museum reopened today."}) { __typename } }'


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"TRUTHLENS_{name.upper()}", raising=False)
    monkeypatch.setenv("TRUTHLENS_DATABASE_URL", database_url)
    return database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def test_create_use_list_and_revoke(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    created = run(capsys, "keys", "create", "--name", "ci bot", "--scope", "read,analyze")
    assert created.code == 0, created.err
    token = created.out.strip()
    assert token.startswith("tlk_")
    assert "\n" not in token  # standard output is the key alone, for scripts
    assert "not shown again" in created.err
    prefix, secret = token[:16], token[17:]  # tlk_ + 12 hex digits, _, the secret
    assert token == f"{prefix}_{secret}"

    listed = run(capsys, "keys", "list", "--json")
    assert listed.code == 0
    assert secret not in listed.out
    (key,) = [k for k in json.loads(listed.out) if k["prefix"] == prefix]
    assert key["name"] == "ci bot"
    assert key["scopes"] == ["analyze", "read"]
    assert key["revoked_at"] is None
    table = run(capsys, "keys", "list")
    assert prefix in table.out
    assert "active" in table.out
    assert secret not in table.out

    settings = Settings(database_url=cli_env, env="production")
    with TestClient(create_app(settings)) as client:
        headers = {"authorization": f"Bearer {token}"}
        ok = client.post("/graphql", json={"query": ANALYZE}, headers=headers)
        assert ok.json() == {"data": {"analyzeText": {"__typename": "Article"}}}

        revoked = run(capsys, "keys", "revoke", prefix)
        assert revoked.code == 0, revoked.err
        assert f"Revoked key {key['id']}" in revoked.out

        refused = client.post("/graphql", json={"query": ANALYZE}, headers=headers)
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    after = json.loads(run(capsys, "keys", "list", "--json").out)
    assert next(k for k in after if k["prefix"] == prefix)["revoked_at"] is not None


def test_create_json_and_revoke_by_id(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    created = run(capsys, "keys", "create", "--name", "ops", "--scope", "admin", "--json")
    assert created.code == 0
    key = json.loads(created.out)
    assert key["key"].startswith(key["prefix"] + "_")
    assert key["scopes"] == ["admin"]
    assert run(capsys, "keys", "revoke", str(key["id"])).code == 0


def test_usage_errors(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad_scope = run(capsys, "keys", "create", "--name", "x", "--scope", "read,write")
    assert bad_scope.code == 2
    assert "unknown scope 'write'" in bad_scope.err
    assert bad_scope.out == ""
    unknown = run(capsys, "keys", "revoke", "tlk_000000000000")
    assert unknown.code == 1
    assert "no key" in unknown.err
    with pytest.raises(SystemExit) as exit_info:
        main(["keys", "create", "--scope", "read"])  # --name is required
    assert exit_info.value.code == 2


def test_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "truthlens"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUTHLENS_")}
    env["TRUTHLENS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}"

    def truthlens(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    created = truthlens("keys", "create", "--name", "script", "--scope", "read")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    listed = truthlens("keys", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [k["name"] for k in json.loads(listed.stdout)] == ["script"]
    assert token[17:] not in listed.stdout
