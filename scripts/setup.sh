#!/usr/bin/env bash
# Set up what ecoonto needs, idempotently, in proportion to the job:
#
#   scripts/setup.sh run    the main job (`make run`): a Java runtime (HermiT/Pellet), Graphviz,
#                           and .venv with ecoonto installed (editable)
#   scripts/setup.sh test   the checks (`make test`): the above, plus Chromium (the browser test),
#                           Virtuoso (the second real triple store) and the test tools in .venv
#                           (pytest, hypothesis, ruff, mypy, the Oxigraph server from PyPI)
#
# System packages come from apt-get (Debian/Ubuntu) when it is there; elsewhere setup names what to
# install and stops. ECOONTO_ALLOW_NO_BROWSER=1 / ECOONTO_ALLOW_NO_VIRTUOSO=1 leave Chromium /
# Virtuoso out (their tests are then skipped instead of failed).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-test}
case "$mode" in
  run | test) ;;
  *)
    echo "usage: scripts/setup.sh [run|test]   (run: the main job; test: the checks too)" >&2
    exit 2
    ;;
esac

# command -> Debian package, for what this mode needs and is missing.
need_cmds=()
need_pkgs=()
want() { command -v "$1" >/dev/null 2>&1 || { need_cmds+=("$1"); need_pkgs+=("$2"); }; }
want java default-jre-headless
want dot graphviz
if [ "$mode" = test ]; then
  [ "${ECOONTO_ALLOW_NO_BROWSER:-0}" = 1 ] || command -v chromium-browser >/dev/null 2>&1 ||
    want chromium chromium
  [ "${ECOONTO_ALLOW_NO_VIRTUOSO:-0}" = 1 ] || want virtuoso-t virtuoso-opensource
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${need_cmds[*]}, and there is no apt-get here to install them." >&2
    echo "setup: install them with your package manager (Debian names: ${need_pkgs[*]})," >&2
    echo "setup: put them on PATH and run this again." >&2
    [ "$mode" = run ] || echo "setup: (or skip those tests: ECOONTO_ALLOW_NO_BROWSER=1, ECOONTO_ALLOW_NO_VIRTUOSO=1)" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "setup: installing ${need_pkgs[*]} needs root: run 'apt-get install ${need_pkgs[*]}' as root" >&2
      exit 1
    }
    SUDO="sudo"
  fi
  echo "setup: installing ${need_pkgs[*]} with apt-get" >&2
  $SUDO apt-get update -qq >/dev/null
  # Virtuoso on its own: its postinst may try to start the system service and fail where there is
  # no init system; the tests run their own server, so only the virtuoso-t binary matters.
  others=()
  for p in "${need_pkgs[@]}"; do [ "$p" = virtuoso-opensource ] || others+=("$p"); done
  if [ ${#others[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${others[@]}" >/dev/null
  fi
  if [[ " ${need_pkgs[*]} " == *" virtuoso-opensource "* ]]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      virtuoso-opensource >/dev/null ||
      echo "setup: apt-get reported an error for virtuoso-opensource (often the service start)" >&2
  fi
  for c in "${need_cmds[@]}"; do
    command -v "$c" >/dev/null 2>&1 || { echo "setup: '$c' is still missing after apt-get" >&2; exit 1; }
  done
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv || {
    echo "setup: '$PY -m venv' failed: install Python's venv module (Debian: python3-venv)" >&2
    exit 1
  }
fi
# What is installed: the package alone for `run`, with its test tools for `test` (a stamp per mode,
# refreshed when pyproject.toml changes).
if [ "$mode" = run ]; then spec='.'; else spec='.[dev]'; fi
stamp=.venv/.ecoonto-installed-$mode
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e "$spec"
  touch "$stamp"
  [ "$mode" = run ] || touch .venv/.ecoonto-installed-run
fi
