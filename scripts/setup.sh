#!/usr/bin/env bash
# Set up everything ecoonto and its tests need on a fresh Debian machine, idempotently:
# system packages (a Java runtime for HermiT/Pellet, Graphviz, Chromium, Virtuoso) and a virtualenv
# in .venv with ecoonto installed (editable) plus its test tools (the Oxigraph server from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
if [ "${ECOONTO_BROWSER_TESTS:-1}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} with apt-get" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install ${need_apt[*]} (no apt-get here)" >&2
  fi
fi

# OpenLink Virtuoso, the second real triple store of the integration tests (they fail without it
# unless ECOONTO_ALLOW_NO_VIRTUOSO=1). Installed on its own: its postinst may try to start the
# system service and fail where there is no init system; the tests run their own server, so only
# the virtuoso-t binary matters.
if [ "${ECOONTO_ALLOW_NO_VIRTUOSO:-0}" != 1 ] && ! command -v virtuoso-t >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing virtuoso-opensource with apt-get" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    [ ${#need_apt[@]} -gt 0 ] || $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      virtuoso-opensource >/dev/null ||
      echo "setup: apt-get reported an error for virtuoso-opensource (often the service start)" >&2
  fi
  if ! command -v virtuoso-t >/dev/null 2>&1; then
    echo "setup: virtuoso-t is missing: install virtuoso-opensource (or set ECOONTO_ALLOW_NO_VIRTUOSO=1)" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.ecoonto-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
