import pytest
from pydantic import ValidationError

from truthlens.settings import Settings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "ALLOW_PRIVATE_ADDRESSES", "DISABLED_PLUGINS"):
        monkeypatch.delenv(f"TRUTHLENS_{name}", raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite+aiosqlite:///./truthlens.db"
    assert settings.allow_private_addresses is False
    assert settings.disabled_plugins == ()
    assert settings.metric_timeout == 2.0


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUTHLENS_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("TRUTHLENS_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("TRUTHLENS_DISABLED_PLUGINS", " accuracy, transparency ,")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert settings.allow_private_addresses is True
    assert settings.disabled_plugins == ("accuracy", "transparency")


def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUTHLENS_METRIC_TIMEOUT", "0")
    with pytest.raises(ValidationError):
        Settings()


def test_metric_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUTHLENS_METRIC_WEIGHTS", "objectivity=1, accuracy=2.5,transparency=0")
    assert Settings().metric_weights == {"objectivity": 1.0, "accuracy": 2.5, "transparency": 0.0}
    monkeypatch.setenv("TRUTHLENS_METRIC_WEIGHTS", '{"objectivity": 3}')
    assert Settings().metric_weights == {"objectivity": 3.0}


@pytest.mark.parametrize("bad", ["objectivity", "accuracy=-1", "accuracy=x", "=2", "a=nan"])
def test_bad_metric_weights_are_rejected(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("TRUTHLENS_METRIC_WEIGHTS", bad)
    with pytest.raises(ValidationError):
        Settings()


def test_cors_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUTHLENS_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_origins == ("https://a.example", "https://b.example")
