"""Unbounded input (issue 23): inputs built to exhaust time or memory are refused early with a
one-line error that names the file and the limit, or handled within a bounded time."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hardening_support import LocalServer, one_error_line, run_cli

GIB = 1 << 30


@pytest.fixture(scope="module")
def ai_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AI compute page as ``report`` writes it (what ``import`` reads)."""
    page = tmp_path_factory.mktemp("page") / "ai-compute.md"
    result = run_cli("report", "-o", page)
    assert result.exit_code == 0, result.output
    return page


def test_an_xlsx_zip_bomb_is_refused_from_its_directory(ai_page: Path, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from ecoonto.authoring.page import read_markdown
    from ecoonto.authoring.tabular import write_tables

    real = tmp_path / "real.xlsx"
    write_tables(read_markdown(ai_page), real, "xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(real) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                # The first sheet padded to 1 GiB of blanks: ~1 MB packed.
                with out.open(info.filename, "w", force_zip64=True) as member:
                    member.write(data)
                    block = b" " * (1 << 20)
                    for _ in range(GIB >> 20):
                        member.write(block)
            else:
                out.writestr(info, data)
    assert bomb.stat().st_size < 8 << 20
    out_ttl = tmp_path / "module.ttl"
    started = time.monotonic()
    result = run_cli("import", bomb, "-o", out_ttl)
    elapsed = time.monotonic() - started
    one_error_line(result, 2, str(bomb), "unpacks to 1,024 MB", "limit of 256 MB")
    assert elapsed < 5, elapsed
    assert not out_ttl.exists()


# --------------------------------------------------------------------------------------------
# Endpoints that answer forever


def drip(handler: Any) -> None:
    """A 200 answer that sends one byte a second (each read gets something: no read times
    out)."""
    length = int(handler.headers.get("Content-Length") or 0)
    if length:
        handler.rfile.read(length)
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    try:
        for _ in range(1000):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(1)
    except OSError:
        pass  # the client gave up, as it should
    handler.close_connection = True


def endless(declare: bool) -> Callable[[Any], None]:
    """A 200 answer of 3 GiB of blanks, announced by Content-Length or not (read to close)."""

    def behave(handler: Any) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        if declare:
            handler.send_header("Content-Length", str(3 * GIB))
        handler.send_header("Connection", "close")
        handler.end_headers()
        block = b" " * (1 << 20)
        try:
            for _ in range(3 * 1024):
                handler.wfile.write(block)
        except OSError:
            pass
        handler.close_connection = True

    return behave


def test_an_endpoint_that_drips_is_cut_off_at_the_timeout(
    local_server: Callable[[Callable[[Any], None]], LocalServer],
) -> None:
    server = local_server(drip)
    started = time.monotonic()
    result = run_cli("query", "sides", "--endpoint", server.base, "--timeout", "2")
    elapsed = time.monotonic() - started
    one_error_line(result, 3, server.base, "took over 2 s (--timeout)")
    assert elapsed < 6, elapsed


@pytest.mark.parametrize("declare", [True, False], ids=["content-length", "read-to-close"])
def test_a_3_gib_answer_is_refused_at_the_limit(
    local_server: Callable[[Callable[[Any], None]], LocalServer], declare: bool
) -> None:
    server = local_server(endless(declare))
    env = {"ECOONTO_MAX_ANSWER_MB": "16"}
    started = time.monotonic()
    result = run_cli("query", "sides", "--endpoint", server.base, env=env)
    elapsed = time.monotonic() - started
    size = "3,072 MB" if declare else "over 16 MB"
    one_error_line(result, 3, server.base, f"the answer is {size}", "limit of 16 MB")
    assert elapsed < 20, elapsed


# --------------------------------------------------------------------------------------------
# Blank nodes nested without end


def nested_turtle(path: Path, depth: int) -> Path:
    path.write_text(
        "@prefix : <http://x/> .\n:a :p " + "[ :p " * depth + ":z" + " ]" * depth + " .\n",
        encoding="utf-8",
    )
    return path


def deep_rdfxml(path: Path, depth: int) -> Path:
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:x="http://x/">\n<rdf:Description rdf:about="http://x/a">'
        + "<x:p><rdf:Description>" * depth
        + "<x:p>z</x:p>"
        + "</rdf:Description></x:p>" * depth
        + "</rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("make", "depth", "name"),
    [(nested_turtle, 100_000, "nested.ttl"), (deep_rdfxml, 2_000, "deep.rdf")],
    ids=["100k-nested-turtle", "2000-deep-rdfxml"],
)
def test_blank_nodes_nested_past_the_limit_are_refused_quickly(
    tmp_path: Path, make: Callable[[Path, int], Path], depth: int, name: str
) -> None:
    source = make(tmp_path / name, depth)
    out = tmp_path / "out.nt"
    started = time.monotonic()
    result = run_cli("convert", source, out)
    elapsed = time.monotonic() - started
    one_error_line(result, 2, str(source), f"nested {depth} deep", "limit of 256")
    assert elapsed < 30, elapsed
    assert not out.exists()


def test_blank_nodes_nested_within_the_limit_still_convert(tmp_path: Path) -> None:
    source = nested_turtle(tmp_path / "nested.ttl", 60)
    out = tmp_path / "out.nt"
    result = run_cli("convert", source, out)
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 61


def test_a_page_of_200000_table_rows_is_refused_at_the_stated_limit(
    ai_page: Path, tmp_path: Path
) -> None:
    from ecoonto.authoring.importer import MAX_TABLE_ROWS

    lines = ai_page.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("| Player (WHO)"))
    cells = lines[header + 2].split(" | ")[1:]
    extra = [f"| Buyer kind {j} | " + " | ".join(cells) for j in range(200_000)]
    page = tmp_path / "huge.md"
    page.write_text("\n".join(lines[: header + 3] + extra + lines[header + 3 :]), "utf-8")
    out = tmp_path / "huge.ttl"
    started = time.monotonic()
    result = run_cli("import", page, "-o", out)
    elapsed = time.monotonic() - started
    # The first row over the limit, by its line (table rows: not a header, not a rule).
    text = page.read_text(encoding="utf-8").split("\n")
    rows = [
        n
        for n, line in enumerate(text, 1)
        if line.startswith("| ") and n < len(text) and not text[n].startswith("|---")
    ]
    line = one_error_line(result, 2, f"{len(rows):,} rows, over the limit of 5,000 for one import")
    assert line.startswith(f"error: {page}:{rows[MAX_TABLE_ROWS]}, column 1"), line
    assert elapsed < 60, elapsed
    assert not out.exists()
