"""The HTML report as a browser renders it: headless Chromium (Debian `chromium`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ecoonto.cli.report import report as report_cmd
from tests.pagedata import Page
from tests.test_report import check_against_page, parse_html_tables

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("ECOONTO_ALLOW_NO_BROWSER") == "1":
            pytest.skip("chromium not installed (ECOONTO_ALLOW_NO_BROWSER=1)")
        pytest.fail("chromium not found: run scripts/setup.sh (Debian packages chromium)")
    return exe


def run_chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_rendered_tables_match_the_page(chromium: str, tmp_path: Path, page: Page) -> None:
    html = tmp_path / "report.html"
    result = CliRunner().invoke(report_cmd, ["--format", "html", "-o", str(html)])
    assert result.exit_code == 0, result.output
    dom = run_chromium(chromium, tmp_path / "profile", "--dump-dom", html.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = parse_html_tables(dom.stdout)
    check_against_page(parsed.tables, page)
    assert "<svg" in dom.stdout

    shot = tmp_path / "report.png"
    run_chromium(
        chromium,
        tmp_path / "profile2",
        f"--screenshot={shot}",
        "--window-size=1300,2400",
        html.as_uri(),
    )
    assert shot.exists() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
