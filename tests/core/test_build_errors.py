"""Bad input gives a one-line error naming the file and line (or fact), exit code 2, and the previous
build left untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.resources import default_files


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder, safe to break."""
    target = tmp_path / "data"
    shutil.copytree(default_files().data, target)
    return target


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build whose files must survive every failed build."""
    out = tmp_path_factory.mktemp("prev")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "-q", "--no-validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def run_build(data: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "-q"], catch_exceptions=False)
    return result.exit_code, result.output


def first_fact_line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.rstrip() == needle.rstrip():
            return number
    raise AssertionError(needle)


def assert_failed_cleanly(code: int, output: str, previous: Path, before: dict[str, bytes], *expect: str) -> None:
    assert code == 2, output
    message = output.strip().splitlines()
    assert len(message) == 1, output
    assert message[0].startswith("kzgraph: error: ")
    for part in expect:
        assert part in message[0], message[0]
    assert snapshot(previous) == before
    assert not [p for p in previous.iterdir() if p.name.startswith(".staging")]


def test_quote_not_found_names_file_and_line(data: Path, previous: Path) -> None:
    path = data / "facts" / "lee.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "The Assembly of People of Kazakhstan was organized on March 1, 1995"
    assert quote in text
    path.write_text(
        text.replace(quote, "The Assembly of People of Kazakhstan was organised on March 1, 1995", 1), encoding="utf-8"
    )
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "facts/lee.yaml:", "quote not found in 'lee'", "organised")


def test_malformed_yaml_names_line(data: Path, previous: Path) -> None:
    path = data / "facts" / "ualtayeva.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(10, "  - s: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "facts/ualtayeva.yaml:1", "YAML error")


def test_unknown_entity_reference(data: Path, previous: Path) -> None:
    path = data / "facts" / "lee.yaml"
    text = path.read_text(encoding="utf-8")
    line = first_fact_line(path, "  - s: apk")
    path.write_text(text.replace("- s: apk\n", "- s: apk-typo\n", 1), encoding="utf-8")
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "unknown entity id 'apk-typo'", f"facts/lee.yaml:{line}")


def test_unknown_property(data: Path, previous: Path) -> None:
    path = data / "facts" / "lee.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("p: foundingDate", "p: foundedDate", 1), encoding="utf-8")
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "'foundedDate' is not a property of the ontology")


def test_missing_source_text(data: Path, previous: Path) -> None:
    (data / "corpus" / "000_e3eeba82981eb467.txt").unlink()
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "sources.yaml", "000_e3eeba82981eb467.txt is missing")


def test_broken_ontology(tmp_path: Path, data: Path, previous: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kzgraph import resources

    onto = tmp_path / "ontology"
    shutil.copytree(default_files().ontology, onto)
    (onto / "kzgraph.ttl").write_text(
        (onto / "kzgraph.ttl").read_text(encoding="utf-8") + "\nkz:Broken a \n", encoding="utf-8"
    )
    real = resources.default_files

    def patched(*, data: Path | None = None) -> resources.ProjectFiles:
        files = real(data=data)
        return resources.ProjectFiles(ontology=onto, data=files.data, queries=files.queries)

    monkeypatch.setattr(resources, "default_files", patched)
    monkeypatch.setattr("kzgraph.pipeline.build.default_files", patched)
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "kzgraph.ttl")


def test_check_lists_every_problem(data: Path) -> None:
    from kzgraph.pipeline.build import check_curation

    path = data / "facts" / "lee.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("organized on March 1, 1995", "organized on 1 March 1995", 1)
    text = text.replace("- s: apk\n", "- s: apk-nowhere\n", 1)
    path.write_text(text, encoding="utf-8")
    problems = check_curation(default_files(data=data))
    assert any("quote not found" in p for p in problems)
    assert any("apk-nowhere" in p for p in problems)


def test_check_names_file_and_line_of_an_entry_out_of_order(data: Path) -> None:
    path = data / "facts" / "lee.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("  - s: ")]
    first, second, third = starts[:3]
    # swap the first two entries (different subjects): the second now comes first, the first is out of order
    moved = lines[:first] + lines[second:third] + lines[first:second] + lines[third:]
    keys = [line for line in moved if line.startswith("  - s: ")]
    assert keys[0] > keys[1]
    path.write_text("".join(moved), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(data)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    (problem,) = [p for p in result.output.splitlines() if "out of order" in p]
    line = first + 1 + (third - second)  # the 1-based line where the moved entry now starts
    assert problem.startswith(f"data/facts/lee.yaml:{line}: entry 2 (")
    assert f", line {first + 1}); sort by s, then p" in problem


def test_failure_in_a_forked_stage_fails_the_build_cleanly(
    data: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views are drawn in a forked process: an error there is the build's one-line error, and the previous
    build stays as it was (nothing half-written, no staging folder left)."""
    from kzgraph.errors import StoreError
    from kzgraph.pipeline import build

    def broken(*_args: object, **_kwargs: object) -> None:
        raise StoreError("views: cannot write (simulated)")

    monkeypatch.setattr(build, "_draw_views", broken)  # inherited by the forked child
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "cannot write (simulated)")
    assert (previous / "store").is_dir() and (previous / "views").is_dir()


def test_forked_stage_that_dies_fails_the_build_cleanly(
    data: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage's process killed without a word (out of memory, a signal) is reported, not waited for forever."""
    import os

    from kzgraph.pipeline import build

    def killed(*_args: object, **_kwargs: object) -> None:
        os._exit(137)

    monkeypatch.setattr(build, "_write_files", killed)
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "writing the files", "exit code 137")


def test_failure_writing_the_store_stops_the_forked_stages(
    data: Path, previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is written in the build's own process while the forked stages run: when it fails, they are
    stopped (no process left behind) and the previous build stays."""
    import multiprocessing

    from kzgraph.errors import StoreError
    from kzgraph.pipeline import build

    def broken(*_args: object, **_kwargs: object) -> None:
        raise StoreError("store: disk full (simulated)")

    monkeypatch.setattr(build, "build_store", broken)
    before = snapshot(previous)
    code, output = run_build(data, previous)
    assert_failed_cleanly(code, output, previous, before, "disk full (simulated)")
    assert [p.name for p in multiprocessing.active_children() if p.name.startswith("kzgraph-")] == []
