"""Unbounded input (issue 23): inputs built to exhaust time or memory are refused early with a
one-line error that names the file and the limit, or handled within a bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from hardening_support import one_error_line, run_cli

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
