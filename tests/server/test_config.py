"""The server's settings: the TOML file, its one-line errors, the CLI options winning over it, and the docs
listing every setting (docs/server.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.web.config import SETTINGS, ServerConfig, read_config_file
from kzgraph.web.errors import ServeError

ROOT = Path(__file__).resolve().parents[2]


def test_file_settings_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "serve.toml"
    path.write_text('[serve]\npublic-url = "https://kg.example.org/"\ntimeout = 5\nquery-workers = 3\n'
                    'service-allow = ["https://query.wikidata.org/sparql"]\n', encoding="utf-8")  # fmt: skip
    config = ServerConfig(**read_config_file(path))
    assert config.public_url == "https://kg.example.org/" and config.timeout == 5.0 and config.query_workers == 3
    assert config.service_allow == ("https://query.wikidata.org/sparql",)
    assert config.with_overrides(timeout=9.0, query_workers=None).timeout == 9.0
    assert config.with_overrides(timeout=9.0, query_workers=None).query_workers == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[serve]\ntimout = 5\n", "[serve] timout: unknown setting"),
        ("[serve]\nquery-workers = 'two'\n", "[serve] query-workers: give a whole number"),
        ("timeout = 5\n", "put the settings under a [serve] table"),
        ("[serve\n", "not valid TOML"),
    ],
)
def test_file_errors_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "serve.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ServeError) as err:
        read_config_file(path)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


def test_bad_values_are_refused() -> None:
    with pytest.raises(ServeError, match="public-url must be an http"):
        ServerConfig(public_url="kg.example.org")
    with pytest.raises(ServeError, match="query-workers must be at least 1"):
        ServerConfig(query_workers=0)
    with pytest.raises(ServeError, match="service-allow: not an http"):
        ServerConfig(service_allow=("file:///etc/passwd",))


def test_cli_reports_a_bad_config_file(tmp_path: Path) -> None:
    path = tmp_path / "serve.toml"
    path.write_text("[serve]\nworkers = 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--config", str(path), "--port", "0"])
    assert result.exit_code == 2 and "[serve] workers: unknown setting" in result.output


def test_every_setting_is_documented() -> None:
    docs = (ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in docs]
    assert missing == []
