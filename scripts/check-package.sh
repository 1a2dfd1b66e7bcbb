#!/usr/bin/env bash
# The packaging check (run by `make test`): ecoonto works as an installed package, away from the
# source tree.
#   1. build the sdist, then the wheel from the sdist (python -m build, isolated);
#   2. the wheel holds every tracked file of src/ecoonto/, ontology/, shapes/ and queries/
#      (scripts/check_wheel_contents.py);
#   3. install the wheel into a fresh virtualenv outside the checkout and run the main job
#      (validate, query, report) from another folder, checking what each prints;
#   4. `pipx install .` from the checkout gives a working `ecoonto` (PIPX_HOME in a temporary folder).
# Needs .venv with the test tools (scripts/setup.sh test). Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
PY=${PYTHON:-python3}

work=$(mktemp -d "${TMPDIR:-/tmp}/ecoonto-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "check-package: $*" >&2; exit 1; }
step() { echo "check-package: $*"; }

step "building the sdist and the wheel"
.venv/bin/python -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log" >&2; fail "python -m build failed"; }
sdist=$(ls "$work"/dist/ecoonto-*.tar.gz)
wheel=$(ls "$work"/dist/ecoonto-*.whl)
step "built $(basename "$sdist") and $(basename "$wheel")"
.venv/bin/python scripts/check_wheel_contents.py "$wheel"

step "installing the wheel into a fresh virtualenv"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel" >"$work/pip.log" 2>&1 ||
  { tail -n 30 "$work/pip.log" >&2; fail "pip install of the wheel failed"; }
[ -x "$work/venv/bin/ecoonto" ] || fail "the wheel installed no ecoonto command"

# The main job from a folder that is neither the checkout nor the virtualenv, with nothing that
# could point back at the source tree.
mkdir "$work/elsewhere"
cd "$work/elsewhere"
run() { env -u PYTHONPATH -u ECOONTO_HOME "$work/venv/bin/ecoonto" "$@"; }
where=$(env -u PYTHONPATH "$work/venv/bin/python" -c 'import ecoonto.resources as r; print(r.home())')
case "$where" in
  "$work/venv/"*) ;;
  *) fail "the installed package reads its data from $where, not from the virtualenv" ;;
esac

out=$(run validate) || fail "ecoonto validate exited $? from the installed wheel"
last=$(tail -n 1 <<<"$out")
[[ "$last" == "conforms: 0 violations, "* ]] || fail "ecoonto validate: unexpected summary: $last"
step "validate: $last"

rows=$(run query table-buyer-side --format tsv) || fail "ecoonto query exited $?"
n=$(($(wc -l <<<"$rows") - 1))
[ "$n" = 6 ] || fail "ecoonto query table-buyer-side: $n rows, expected the page's 6"
grep -q '^Frontier AI lab (OpenAI, Anthropic, DeepMind, Meta AI)' <<<"$rows" ||
  fail "ecoonto query table-buyer-side: the first row is not the page's"
step "query table-buyer-side: $n rows"

msg=$(run report -o report.md 2>&1) || fail "ecoonto report exited $?: $msg"
msg=$(run report --format html -o report.html 2>&1) || fail "ecoonto report --format html: $msg"
head -n 1 report.md | grep -qx '# AI Compute Industry Players' || fail "report.md has another title"
grep -q '<svg' report.html || fail "report.html has no diagram"
step "report: report.md ($(wc -c <report.md) bytes), report.html ($(wc -c <report.html) bytes)"

# ECOONTO_HOME: a copy of the bundled files with one query more is used instead of the package's.
cp -r "$where" home
cat >home/queries/home-only.rq <<'RQ'
# question: How many players does the graph name? (a query only ECOONTO_HOME has)
PREFIX eco: <https://w3id.org/ecoonto/>
SELECT (COUNT(DISTINCT ?p) AS ?players) WHERE { ?p a eco:Player } ORDER BY ?players
RQ
if run query home-only >/dev/null 2>&1; then fail "home-only.rq was found without ECOONTO_HOME"; fi
n=$(ECOONTO_HOME="$PWD/home" "$work/venv/bin/ecoonto" query home-only --format tsv | tail -n 1) ||
  fail "ECOONTO_HOME=home ecoonto query home-only exited $?"
[ "$n" = 23 ] || fail "ECOONTO_HOME=home ecoonto query home-only: $n players, expected 23"
step "ECOONTO_HOME: a query only the override folder has runs ($n players)"

step "pipx install . (PIPX_HOME in a temporary folder)"
cd "$repo"
export PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin" PIPX_MAN_DIR="$work/pipx-man"
.venv/bin/pipx install --python "$PY" . >"$work/pipx.log" 2>&1 ||
  { tail -n 30 "$work/pipx.log" >&2; fail "pipx install . failed"; }
cd "$work/elsewhere"
last=$(env -u PYTHONPATH -u ECOONTO_HOME "$PIPX_BIN_DIR/ecoonto" validate | tail -n 1) ||
  fail "ecoonto validate from pipx exited $?"
[[ "$last" == "conforms: 0 violations, "* ]] || fail "pipx's ecoonto validate: unexpected summary: $last"
step "pipx: $PIPX_BIN_DIR/ecoonto validate: $last"
step "ok"
