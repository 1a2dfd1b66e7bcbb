#!/usr/bin/env python3
"""Benchmark ecoonto against the tools it is built on, on synthetic industries of 10^4-10^6 triples.

Run from the repository root with the project's virtualenv:

    .venv/bin/python benchmarks/run.py                  # 10^4, 10^5 and 10^6 triples, 3 repeats
    .venv/bin/python benchmarks/run.py --quick          # 10^4 only
    .venv/bin/python benchmarks/run.py --sizes 1e4,1e5 --repeat 5

For each size it generates one synthetic industry (``ecoonto.authoring.generate``) and a copy with
1% of the players carrying an injected SHACL violation, then runs every measured step in its own
subprocess: the wall time is taken around the subprocess and the peak RSS is that process's
``ru_maxrss`` (from ``os.wait4``). Library steps also report their own "inner" time (the work
itself, without interpreter start-up, imports and opening the store), which is what the query and
reasoning comparisons use. The medians of ``--repeat`` runs are printed as Markdown tables and
written to ``benchmarks/results.md`` with the command line, date and machine.

Each bundled query is also timed on its own as a user runs it, ``ecoonto query NAME --store DIR
--format tsv`` against ``oxigraph query --location DIR --query-file queries/NAME.rq
--results-format tsv`` on a store loaded by ``oxigraph load`` (the text ecoonto sends: the
generated store holds one industry, so no ?industry is bound), each in its own process with its
wall time, peak RSS and rows (section "Each bundled query"). ``--only queries`` runs the two
loads and this comparison only (``--sizes 1e5,1e6,1e7 --only queries --repeat 1``).

Agreement is checked in the same run: rows per query (ecoonto, rdflib, raw pyoxigraph, the
``oxigraph`` CLI), violations (``ecoonto validate``, the ``pyshacl`` CLI, the injected count) and
inferred facts (ecoonto's OWL RL rules, the owlrl package, HermiT and Pellet in ecoonto's default
mode and, at 10^4, in full mode), compared in one form by ``benchmarks/facts.py``.

The pyrudof row (rudof, a Rust SHACL engine) runs only when pyrudof is installed:
it is a comparison, not a part of ecoonto.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
ECOONTO = str(BIN / "ecoonto")
OXIGRAPH = str(BIN / "oxigraph")
PYSHACL = str(BIN / "pyshacl")

OWLRL_MAX = 1_000_000  # the issue compares with the owlrl package up to 10^6 triples
OWLRL_TIMEOUT = 2400.0
OWLRL_LARGE_TIMEOUT = 900.0  # above 10^5 the owlrl package runs for this long at most
DL_TARGET_MAX = 100_000  # the issue sets HermiT/Pellet's 10 s target at 10^5
DL_FULL_MAX = 10_000  # HermiT and Pellet in full mode: 10^4 only (> 300 s at 10^5)
DL_TIMEOUT = 1200.0
RDFLIB_TIMEOUT = 1200.0
RDFLIB_MAX = 100_000  # rdflib parse + the bundled queries did not finish in 1200 s at 10^6
SLOW_S = 120.0  # a step whose first run takes longer than this is not repeated
VIOLATION_RATE = 0.01


# ----------------------------------------------------------------------------------------------
# Workers: each runs in its own subprocess and prints one JSON line.


def _now() -> float:
    return time.perf_counter()


def _format(path: Path) -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE


_NT_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'"}


def _plain_cell(cell: str) -> str:
    """A cell of the oxigraph CLI's TSV (terms in N-Triples syntax) as ecoonto's TSV writes it:
    an IRI without its brackets, a literal's lexical form, then tab, newline, carriage return
    and backslash escaped as ``\\t``, ``\\n``, ``\\r``, ``\\\\``.

    >>> _plain_cell('<http://x/a>'), _plain_cell('"a\\tb"@en'), _plain_cell("7")
    ('http://x/a', 'a\\\\tb', '7')
    >>> _plain_cell('"5"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    '5'
    """
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    if not cell.startswith('"'):
        return cell
    out, i = [], 1
    while i < len(cell) and cell[i] != '"':
        if cell[i] == "\\" and i + 1 < len(cell):
            nxt = cell[i + 1]
            if nxt in "uU":
                width = 4 if nxt == "u" else 8
                out.append(chr(int(cell[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            out.append(_NT_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(cell[i])
        i += 1
    text = "".join(out)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _digest(lines: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16]


def w_ecoonto_queries(store: str, queries: list[str]) -> dict[str, Any]:
    """The bundled queries on the embedded store through ecoonto's API."""
    from ecoonto.targets import EmbeddedStore
    from ecoonto.targets import querying as q

    infos = [q.resolve(name) for name in queries]
    texts = [info.text() for info in infos]
    target = EmbeddedStore(Path(store))
    rows, times = {}, {}
    start = _now()
    for info, text in zip(infos, texts, strict=True):
        t = _now()
        result = q.run(text, target)
        times[info.name] = _now() - t
        rows[info.name] = len(result.rows)
    inner = _now() - start
    target.close()
    return {"inner": inner, "rows": rows, "times": times}


def w_pyoxigraph_load(store: str, files: list[str]) -> dict[str, Any]:
    """Raw pyoxigraph: Store(path).load(file) for each file (each load is one transaction)."""
    start = _now()
    import pyoxigraph as ox

    st = ox.Store(store)
    for f in files:
        st.load(path=f, format=_format(Path(f)))
    st.flush()
    return {"inner": _now() - start, "triples": len(st)}


def w_pyoxigraph_queries(store: str, queries: list[str]) -> dict[str, Any]:
    """Raw pyoxigraph: Store.query on the persistent store, every cell of every row read."""
    import pyoxigraph as ox

    texts = {
        name: (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8") for name in queries
    }
    st = ox.Store(store)
    rows, times = {}, {}
    start = _now()
    for name, text in texts.items():
        t = _now()
        solutions = st.query(text)
        variables = solutions.variables
        n = 0
        for solution in solutions:
            for v in variables:
                solution[v]
            n += 1
        times[name] = _now() - t
        rows[name] = n
    return {"inner": _now() - start, "rows": rows, "times": times}


def w_rdflib(files: list[str], queries: list[str]) -> dict[str, Any]:
    """Plain rdflib: Graph.parse each file, then Graph.query each bundled query."""
    start = _now()
    from rdflib import Graph

    g = Graph()
    for f in files:
        g.parse(f)
    parse = _now() - start
    rows, times = {}, {}
    qstart = _now()
    for name in queries:
        text = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        t = _now()
        rows[name] = len(list(g.query(text)))
        times[name] = _now() - t
    return {"parse": parse, "inner": _now() - qstart, "rows": rows, "times": times}


def _reasoning_lines(result: Any) -> list[str]:
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [f"{i.n3()} {rdf_type} {c.n3()} ." for i, c in result.memberships]
    lines += [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.property_assertions]
    return lines


def w_ecoonto_reason(
    files: list[str], reasoner: str, facts_out: str, mode: str = "auto"
) -> dict[str, Any]:
    """ecoonto.checking.reasoning.reason on the merged graph (parsed by ecoonto.rdf.graphs.load);
    owlrl as ``ecoonto reason --reasoner owlrl`` runs it: parsed by pyoxigraph, the rules in
    that store (ecoonto.checking.reasoning.pushdown)."""
    start = _now()
    if reasoner == "owlrl":
        from ecoonto.checking.reasoning import pushdown

        with pushdown.opened([Path(f) for f in files]) as (where, _target):
            parse = _now() - start
            t = _now()
            result = pushdown.reason_in(where)
            inner = _now() - t
    else:
        from ecoonto.checking.reasoning import reason
        from ecoonto.rdf import graphs

        graph = graphs.load([Path(f) for f in files])
        parse = _now() - start
        t = _now()
        result = reason(graph, reasoner, mode)  # type: ignore[arg-type]
        inner = _now() - t
    lines = _reasoning_lines(result)
    Path(facts_out).write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return {
        "parse": parse,
        "inner": inner,
        "consistent": result.consistent,
        "facts": len(lines),
        "digest": _digest(lines),
        "method": result.method,
    }


def w_owlrl(files: list[str], facts_out: str) -> dict[str, Any]:
    """Plain owlrl: rdflib parse, DeductiveClosure(OWLRL_Semantics).expand, facts filtered."""
    start = _now()
    import owlrl
    from rdflib import OWL, Graph

    from ecoonto.rdf.graphs import ToOxigraph

    g = Graph()
    for f in files:
        g.parse(f)
    g.remove((None, OWL.imports, None))
    parse = _now() - start
    t = _now()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    inner = _now() - t
    sys.path.insert(0, str(HERE))
    import facts

    asserted = facts.load_store([Path(f) for f in files])
    conv = ToOxigraph()
    closed = (_ox_triple(s, p, o, conv) for s, p, o in g)
    lines = sorted(facts.entailed_facts(asserted, (x for x in closed if x is not None)))
    Path(facts_out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"parse": parse, "inner": inner, "facts": len(lines), "digest": _digest(lines)}


def _ox_triple(s: Any, p: Any, o: Any, conv: Any) -> tuple[Any, Any, Any] | None:
    """An owlrl-closure triple as pyoxigraph terms; None for what is not a fact to compare."""
    import pyoxigraph as ox

    from ecoonto.errors import InputError

    try:
        cs, cp, co = conv.term(s), conv.term(p), conv.term(o)
    except (InputError, ValueError):  # owlrl may produce odd literals; they are not facts
        return None
    if isinstance(cs, ox.Literal) or not isinstance(cp, ox.NamedNode):
        return None
    return cs, cp, co


def w_rudof_validate(files: list[str], shapes: list[str]) -> dict[str, Any]:
    """Comparison: validate with pyrudof (rudof's SHACL engine in Rust), when it is installed."""
    start = _now()
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    for i, f in enumerate(files):
        rudof.read_data(f, merge=i > 0)
    for shape_file in shapes:
        rudof.read_shacl(shape_file)
    parse = _now() - start
    t = _now()
    report = rudof.validate_shacl()
    inner = _now() - t
    violations = sum(1 for entry in report if str(entry.severity) == "Violation")
    return {"parse": parse, "inner": inner, "violations": violations}


def w_probe_query(store: str, query_file: str) -> dict[str, Any]:
    """One query on the raw pyoxigraph store: its time and row count (for the probe pass)."""
    import pyoxigraph as ox

    text = Path(query_file).read_text(encoding="utf-8")
    st = ox.Store(store)
    t = _now()
    rows = [tuple(str(term) for term in solution) for solution in st.query(text)]
    return {"inner": _now() - t, "rows": len(rows), "digest": _digest(["|".join(r) for r in rows])}


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "probe_query": w_probe_query,
    "rudof_validate": w_rudof_validate,
    "ecoonto_queries": w_ecoonto_queries,
    "pyoxigraph_load": w_pyoxigraph_load,
    "pyoxigraph_queries": w_pyoxigraph_queries,
    "rdflib": w_rdflib,
    "ecoonto_reason": w_ecoonto_reason,
    "owlrl": w_owlrl,
}


# ----------------------------------------------------------------------------------------------
# Running a measured subprocess


@dataclass
class Run:
    wall: float
    rss_mib: float
    rc: int
    stdout: str
    stderr: str
    data: dict[str, Any] = field(default_factory=dict)
    timed_out: bool = False


# On Linux a child's peak RSS (ru_maxrss) starts at its parent's size at the fork, so a small
# command run from this (large) process would report this process's size. GNU time, itself
# small, runs the command and writes the command's own peak RSS (KiB) to a file.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def measure(cmd: Sequence[str], timeout: float, cwd: Path | None = None) -> Run:
    """Run ``cmd``; its wall time and its own peak RSS (from GNU time when installed, else the
    rusage os.wait4 gives, which counts at least this process's size at the fork)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(suffix=".rss") as rss_file,
    ):
        start = time.perf_counter()
        full = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *cmd] if GNU_TIME else list(cmd)
        proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=cwd, start_new_session=True)
        expired = threading.Event()

        def kill() -> None:  # the whole session: GNU time and the command it runs
            expired.set()
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        rss_kib = float(usage.ru_maxrss)
        reported = Path(rss_file.name).read_text(encoding="utf-8").split()
        if GNU_TIME and reported and reported[-1].isdigit():
            rss_kib = float(reported[-1])
    run = Run(wall, rss_kib / 1024, proc.returncode, stdout, stderr)
    run.timed_out = expired.is_set()
    return run


def worker_cmd(name: str, *args: Any) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", name, json.dumps(args)]


def parse_worker(run: Run) -> None:
    for line in reversed(run.stdout.splitlines()):
        if line.startswith("{"):
            run.data = json.loads(line)
            return


# ----------------------------------------------------------------------------------------------
# Results


@dataclass
class Step:
    """One measured thing at one size: its runs and the medians of their measures."""

    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""
    skipped: str = ""
    timeout: float | None = None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.rc == 0 for r in self.runs) and not self.skipped

    def median(self, what: str = "wall") -> float | None:
        if not self.ok:
            return None
        if what == "wall":
            values = [r.wall for r in self.runs]
        elif what == "rss":
            values = [r.rss_mib for r in self.runs]
        else:
            values = [float(r.data[what]) for r in self.runs if what in r.data]
        return statistics.median(values) if values else None

    @property
    def data(self) -> dict[str, Any]:
        return self.runs[0].data if self.runs else {}


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.results: dict[int, dict[str, Step]] = {}
        self.extra: dict[str, Step] = {}
        self.notes: list[str] = []
        self.too_slow: dict[int, dict[str, str]] = {}
        self.probe_results: dict[int, dict[str, dict[str, Any]]] = {}
        self.per_query: dict[int, dict[str, dict[str, Any]]] = {}
        self.load_before = _loadavg()

    def log(self, text: str) -> None:
        print(text, flush=True)

    def repeat(
        self,
        name: str,
        make_cmd: Callable[[int], Sequence[str]],
        *,
        is_worker: bool = False,
        before: Callable[[int], None] | None = None,
        repeats: int | None = None,
        ok_codes: Sequence[int] = (0,),
        timeout: float | None = None,
    ) -> Step:
        step = Step(name)
        limit = min(timeout or self.args.timeout, self.args.timeout)
        n = repeats or self.args.repeat
        for i in range(n):
            if before is not None:
                before(i)
            cmd = make_cmd(i)
            run = measure(cmd, limit)
            if run.timed_out:
                step.runs.append(run)
                step.skipped = f"timeout: no result within {limit:.0f} s"
                step.timeout = limit
                self.log(f"    {name}: TIMEOUT after {limit:.0f} s")
                break
            if run.rc in ok_codes:
                run.rc = 0
            if is_worker:
                parse_worker(run)
            step.runs.append(run)
            if run.rc != 0:
                tail = (run.stderr.strip().splitlines() or ["(no stderr)"])[-1]
                step.skipped = f"failed (exit {run.rc}): {tail[:200]}"
                self.log(f"    {name}: FAILED exit {run.rc}: {shlex.join(cmd)}\n      {tail}")
                break
            extra = f" inner {run.data['inner']:.3f}s" if "inner" in run.data else ""
            self.log(f"    {name}: {run.wall:.3f}s{extra}, {run.rss_mib:.0f} MiB")
            if run.wall > SLOW_S and n > 1:
                step.note = f"1 run (> {SLOW_S:.0f} s)"
                break
        return step

    # -- the steps ---------------------------------------------------------------------------
    def size(self, triples: int) -> None:
        from ecoonto import resources
        from ecoonto.authoring.generate import generate, players_for
        from ecoonto.targets.querying import list_queries

        core = resources.core_ontology()
        d = self.work / f"s{triples}"
        d.mkdir(parents=True, exist_ok=True)
        players = players_for(triples)
        t = time.perf_counter()
        gen = generate(players, seed=1, path=d / "industry.ttl")
        gen_s = time.perf_counter() - t
        bad = generate(players, seed=1, violations=VIOLATION_RATE, path=d / "industry-bad.ttl")
        self.log(
            f"size {triples}: {players} players, {gen.triples} triples generated in {gen_s:.2f}s;"
            f" {bad.violations} violations injected in the validation copy"
        )
        files = [str(core), str(gen.path)]
        total_triples = gen.triples + self._count(core)
        queries = [info.name for info in list_queries()]
        steps: dict[str, Step] = {}
        self.results[triples] = steps
        meta = Step("meta")
        meta.runs.append(
            Run(
                gen_s,
                0,
                0,
                "",
                "",
                {
                    "players": players,
                    "generated": gen.triples,
                    "total": total_triples,
                    "injected": bad.violations,
                },
            )
        )
        steps["meta"] = meta
        skip = set(self.args.skip)

        def fresh(name: str) -> Callable[[int], None]:
            def before(_i: int) -> None:
                shutil.rmtree(d / name, ignore_errors=True)

            return before

        # Loading.
        steps["ecoonto load"] = self.repeat(
            "ecoonto load",
            lambda i: [
                *self._ecoonto("load"),
                "--store",
                str(d / "store-ecoonto"),
                "--no-validate",
                "--no-progress",
                *files,
            ],
            before=fresh("store-ecoonto"),
        )
        steps["oxigraph load"] = self.repeat(
            "oxigraph load",
            # Then compacted, as `ecoonto load` compacts its store (Store.optimize): both
            # programs' queries read the same kind of store.
            lambda i: [
                "sh",
                "-c",
                'o="$1"; l="$2"; shift 2; "$o" load --location "$l" --file "$@"'
                ' && "$o" optimize --location "$l"',
                "sh",
                OXIGRAPH,
                str(d / "store-cli"),
                *files,
            ],
            before=fresh("store-cli"),
        )
        if self.args.only != "queries":
            steps["pyoxigraph load"] = self.repeat(
                "pyoxigraph load",
                lambda i: worker_cmd("pyoxigraph_load", str(d / "store-raw"), files),
                is_worker=True,
                before=fresh("store-raw"),
            )

        if steps["ecoonto load"].ok and steps["oxigraph load"].ok:
            self.each_query(triples, d / "store-ecoonto", d / "store-cli", queries)
        if self.args.only == "queries":
            for name in ("store-ecoonto", "store-cli", "store-raw"):
                shutil.rmtree(d / name, ignore_errors=True)
            return

        # Queries: a probe pass first, one process per query with a time limit; a query that
        # does not finish in time is left out of the timed sets at this size (and reported).
        if steps["pyoxigraph load"].ok:
            self.probe(triples, d / "store-raw", queries)
            queries = [q for q in queries if q not in self.too_slow.get(triples, {})]
        if steps["ecoonto load"].ok:
            steps["ecoonto queries"] = self.repeat(
                "ecoonto queries",
                lambda i: worker_cmd("ecoonto_queries", str(d / "store-ecoonto"), queries),
                is_worker=True,
            )
        if steps["pyoxigraph load"].ok:
            steps["pyoxigraph queries"] = self.repeat(
                "pyoxigraph queries",
                lambda i: worker_cmd("pyoxigraph_queries", str(d / "store-raw"), queries),
                is_worker=True,
            )
        if steps["oxigraph load"].ok:
            steps["oxigraph query"] = self.cli_queries(d / "store-cli", queries)
        if "rdflib" not in skip and triples <= RDFLIB_MAX:
            steps["rdflib parse+queries"] = self.repeat(
                "rdflib parse+queries",
                lambda i: worker_cmd("rdflib", files, queries),
                is_worker=True,
                timeout=RDFLIB_TIMEOUT,
            )

        # Validation (on the copy with injected violations).
        steps["ecoonto validate"] = self.repeat(
            "ecoonto validate",
            lambda i: [ECOONTO, "validate", str(bad.path)],
            ok_codes=(0, 1),
        )
        shapes = [str(p) for p in resources.shape_files()]
        shapes_arg = shapes[0] if len(shapes) == 1 else self._merged_shapes(d, shapes)
        steps["pyshacl CLI"] = self.repeat(
            "pyshacl CLI",
            lambda i: [PYSHACL, "-s", shapes_arg, "-w", "-f", "nt", str(core), str(bad.path)],
            ok_codes=(0, 1),
        )
        if steps["ecoonto load"].ok:
            # In a store holding the same copy: the shapes' SPARQL runs there, only results
            # come back (loaded once, untimed: the load is timed above).
            store = d / "store-validate"
            shutil.rmtree(store, ignore_errors=True)
            loaded = subprocess.run(
                [*self._ecoonto("load"), "--store", str(store), "--no-validate", "--no-progress"]
                + [str(core), str(bad.path)],
                capture_output=True,
                text=True,
            )
            if loaded.returncode == 0:
                steps["ecoonto validate --store"] = self.repeat(
                    "ecoonto validate --store",
                    lambda i: [ECOONTO, "validate", "--store", str(store)],
                    ok_codes=(0, 1),
                )
            else:
                self.log(f"    loading the validation copy failed: {loaded.stderr.strip()}")
            shutil.rmtree(store, ignore_errors=True)
        if _importable("pyrudof") and len(shapes) == 1:
            steps["validate with pyrudof"] = self.repeat(
                "validate with pyrudof (comparison)",
                lambda i: worker_cmd("rudof_validate", [str(core), str(bad.path)], shapes),
                is_worker=True,
            )

        # Reasoning: ecoonto's OWL RL engine at every size, the owlrl package up to OWLRL_MAX;
        # HermiT and Pellet in ecoonto's default mode (hybrid above a few hundred individuals)
        # and, up to DL_FULL_MAX, in full mode for the agreement check.
        if "owlrl" not in skip:
            steps["ecoonto reason owlrl"] = self.repeat(
                "ecoonto reason owlrl",
                lambda i: worker_cmd("ecoonto_reason", files, "owlrl", str(d / "facts-eco.nt")),
                is_worker=True,
                timeout=OWLRL_TIMEOUT,
            )
        if "owlrl" not in skip and steps["ecoonto load"].ok:
            # In the store the load filled: the closure in scratch graphs, the inferences kept
            # in a named graph (end to end: the command, its output thrown away).
            steps["ecoonto reason owlrl --store"] = self.repeat(
                "ecoonto reason owlrl --store",
                lambda i: [
                    *self._ecoonto("reason"),
                    "--reasoner",
                    "owlrl",
                    "--store",
                    str(d / "store-ecoonto"),
                    "--into",
                    "urn:x-ecoonto:benchmark:inferred",
                ],
                timeout=OWLRL_TIMEOUT,
            )
        if triples <= OWLRL_MAX and "owlrl" not in skip:
            steps["owlrl"] = self.repeat(
                "owlrl",
                lambda i: worker_cmd("owlrl", files, str(d / "facts-owlrl.nt")),
                is_worker=True,
                timeout=OWLRL_TIMEOUT if triples <= 100_000 else OWLRL_LARGE_TIMEOUT,
                repeats=1 if triples > 100_000 else None,
            )
        if "dl" not in skip:
            modes = ["auto", "full"] if triples <= DL_FULL_MAX else ["auto"]
            for reasoner in ("hermit", "pellet"):
                for mode in modes:
                    key = f"ecoonto reason {reasoner}" + ("" if mode == "auto" else " --mode full")
                    steps[key] = self.repeat(
                        key,
                        lambda i, r=reasoner, m=mode: worker_cmd(  # type: ignore[misc]
                            "ecoonto_reason", files, r, str(d / f"facts-{r}-{m}.nt"), m
                        ),
                        is_worker=True,
                        timeout=DL_TIMEOUT,
                    )
        for name in ("store-ecoonto", "store-cli", "store-raw"):
            shutil.rmtree(d / name, ignore_errors=True)

    def probe_limit(self, triples: int) -> float:
        return float(min(120.0, self.args.probe_limit * max(1.0, triples / 10_000)))

    def probe(self, triples: int, store: Path, queries: list[str]) -> None:
        """Time each query alone on the raw store; note those slower than ``--probe-limit``.

        A rewrite in ``benchmarks/rewrites/NAME.rq`` of a bundled query is probed too, and its
        rows compared with the original's where the original finished.
        """
        slow: dict[str, str] = {}
        self.probe_results[triples] = {}
        limit = self.probe_limit(triples)
        for name in queries:
            qfile = REPO / "queries" / f"{name}.rq"
            run = measure(worker_cmd("probe_query", str(store), str(qfile)), limit)
            parse_worker(run)
            original = run.data if run.rc == 0 and not run.timed_out else None
            entry: dict[str, Any] = {"original": original}
            rewrite = HERE / "rewrites" / f"{name.replace('/', '-')}.rq"
            if rewrite.exists():
                rrun = measure(worker_cmd("probe_query", str(store), str(rewrite)), 600)
                parse_worker(rrun)
                entry["rewrite"] = rrun.data if rrun.rc == 0 else None
            self.probe_results[triples][name] = entry
            if original is None or original["inner"] > limit:
                slow[name] = f"> {limit:.0f} s"
                self.log(f"    probe {name}: no result within {limit:.0f} s")
            elif original["inner"] > limit / 4:
                self.log(f"    probe {name}: {original['inner']:.2f}s")
        self.too_slow[triples] = slow

    def each_query(
        self, triples: int, eco_store: Path, cli_store: Path, queries: list[str]
    ) -> None:
        """Each bundled query as a user runs it: ``ecoonto query NAME --store`` and ``oxigraph
        query`` on the same text, one process each (the median of ``--repeat`` runs), with peak
        RSS and the sorted rows compared."""
        found: dict[str, dict[str, Any]] = {}
        self.per_query[triples] = found
        limit = min(self.args.query_timeout, self.args.timeout)
        ask = eco_store.parent / "ask.rq"
        ask.write_text("ASK {}\n", encoding="utf-8")
        for name in [STARTUP, *queries]:
            qfile = ask if name == STARTUP else REPO / "queries" / f"{name}.rq"
            given = str(ask) if name == STARTUP else name
            eco_cmd = [ECOONTO, "query", given, "--store", str(eco_store), "--format", "tsv"]
            cli_cmd = [
                *(OXIGRAPH, "query", "--location", str(cli_store)),
                *("--query-file", str(qfile), "--results-format", "tsv"),
            ]
            entry: dict[str, Any] = {}
            for who, cmd in (("ecoonto", eco_cmd), ("oxigraph", cli_cmd)):
                runs = []
                for _ in range(self.args.repeat):
                    run = measure(cmd, limit)
                    runs.append(run)
                    if run.timed_out or run.rc != 0 or run.wall > SLOW_S:
                        break
                last = runs[-1]
                if last.timed_out:
                    entry[who] = {"timeout": limit}
                elif last.rc != 0:
                    tail = (last.stderr.strip().splitlines() or ["(no stderr)"])[-1]
                    entry[who] = {"failed": f"exit {last.rc}: {tail[:200]}"}
                else:
                    lines = last.stdout.splitlines()[1:]
                    if who == "oxigraph":
                        lines = ["\t".join(map(_plain_cell, ln.split("\t"))) for ln in lines]
                    entry[who] = {
                        "wall": statistics.median(r.wall for r in runs),
                        "rss": max(r.rss_mib for r in runs),
                        "rows": len(lines),
                        "digest": _digest(lines),
                    }
            found[name] = entry
            self.log(f"    query {name}: " + "; ".join(_query_cell(entry.get(w)) for w in entry))

    def cli_queries(self, store: Path, queries: list[str]) -> Step:
        """Each bundled query through ``oxigraph query`` (one process per query), summed."""
        step = Step("oxigraph query")
        for _ in range(self.args.repeat):
            total, peak, rows = 0.0, 0.0, {}
            for name in queries:
                qfile = REPO / "queries" / f"{name}.rq"
                cmd = [
                    OXIGRAPH,
                    "query",
                    "--location",
                    str(store),
                    "--query-file",
                    str(qfile),
                    "--results-format",
                    "csv",
                ]
                run = measure(cmd, self.args.timeout)
                if run.rc != 0:
                    step.skipped = f"failed on {name}: {run.stderr.strip()[-200:]}"
                    step.runs.append(run)
                    return step
                total += run.wall
                peak = max(peak, run.rss_mib)
                rows[name] = max(0, len(list(csv.reader(io.StringIO(run.stdout)))) - 1)
            step.runs.append(Run(total, peak, 0, "", "", {"inner": total, "rows": rows}))
            self.log(f"    oxigraph query: {total:.3f}s ({len(queries)} processes)")
        return step

    def _ecoonto(self, command: str) -> list[str]:
        """``ecoonto COMMAND``, or the command module run directly when it is not registered."""
        from ecoonto.cli import COMMANDS

        if command in COMMANDS:
            return [ECOONTO, command]
        module = f"ecoonto.cli.{command}"
        note = f"`ecoonto {command}` is not registered yet: run as {module} directly"
        if note not in self.notes:
            self.notes.append(note)
        code = f"import sys; from {module} import {command} as c; c(sys.argv[1:])"
        return [sys.executable, "-c", code]

    def _merged_shapes(self, d: Path, shapes: list[str]) -> str:
        out = d / "shapes.ttl"
        from rdflib import Graph

        g = Graph()
        for s in shapes:
            g.parse(s)
        g.serialize(out, format="turtle")
        return str(out)

    @staticmethod
    def _count(path: Path) -> int:
        import pyoxigraph as ox

        return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))

    def global_steps(self) -> None:
        self.log("ecoonto --help and ecoonto query on the bundled graph")
        self.extra["ecoonto --help"] = self.repeat(
            "ecoonto --help", lambda i: [ECOONTO, "--help"], repeats=10
        )
        self.extra["ecoonto query"] = self.repeat(
            "ecoonto query table-buyer-side",
            lambda i: [ECOONTO, "query", "table-buyer-side", "--format", "tsv"],
            repeats=max(self.args.repeat, 5),
        )

    # -- agreement ---------------------------------------------------------------------------
    def agreement(self, triples: int) -> list[tuple[str, str, str]]:
        steps = self.results[triples]
        checks: list[tuple[str, str, str]] = []

        def rows_of(name: str) -> dict[str, int] | None:
            step = steps.get(name)
            return step.data.get("rows") if step is not None and step.ok else None

        engines = {
            "ecoonto": rows_of("ecoonto queries"),
            "rdflib": rows_of("rdflib parse+queries"),
            "pyoxigraph": rows_of("pyoxigraph queries"),
            "oxigraph CLI": rows_of("oxigraph query"),
        }
        present = {k: v for k, v in engines.items() if v is not None}
        if present:
            names = sorted(set().union(*present.values()))
            bad = [
                f"{q}: " + ", ".join(f"{k} {v.get(q)}" for k, v in present.items())
                for q in names
                if len({v.get(q) for v in present.values()}) > 1
            ]
            total = sum(next(iter(present.values())).values())
            verdict = "agree" if not bad else "DIFFER"
            detail = f"{len(names)} queries, {total} rows in all; engines: {', '.join(present)}"
            checks.append(
                ("rows per query", verdict, detail + ("; " + "; ".join(bad) if bad else ""))
            )

        each = self.per_query.get(triples, {})
        pairs = {
            name: (e["ecoonto"].get("digest"), e["oxigraph"].get("digest"))
            for name, e in each.items()
            if name != STARTUP and "ecoonto" in e and "oxigraph" in e
        }
        if pairs:
            differ = sorted(n for n, (a, b) in pairs.items() if a is None or a != b)
            checks.append(
                (
                    "sorted rows per query, `ecoonto query` vs `oxigraph query`",
                    "agree" if not differ else "DIFFER",
                    f"{len(pairs)} queries"
                    + (f"; differ or missing: {', '.join(differ)}" if differ else ""),
                )
            )
        if "ecoonto validate" not in steps:  # --only queries
            return checks
        injected = steps["meta"].data["injected"]
        eco = self._violations_ecoonto(steps.get("ecoonto validate"))
        in_store = self._violations_ecoonto(steps.get("ecoonto validate --store"))
        pys = self._violations_pyshacl(steps.get("pyshacl CLI"))
        rud = steps.get("validate with pyrudof")
        rudv = rud.data.get("violations") if rud is not None and rud.ok else None
        values = [v for v in (eco, in_store, pys, rudv) if v is not None]
        verdict = "agree" if values and len(set(values + [injected])) == 1 else "DIFFER"
        checks.append(
            (
                "SHACL violations",
                verdict,
                f"injected {injected}; ecoonto validate {eco}"
                + ("" if in_store is None else f"; ecoonto validate --store {in_store}")
                + f"; pyshacl CLI {pys}"
                + ("" if rudv is None else f"; pyrudof {rudv}"),
            )
        )

        facts = {}
        for label, name in (
            ("ecoonto owlrl", "ecoonto reason owlrl"),
            ("owlrl package", "owlrl"),
            ("HermiT", "ecoonto reason hermit"),
            ("Pellet", "ecoonto reason pellet"),
            ("HermiT full", "ecoonto reason hermit --mode full"),
            ("Pellet full", "ecoonto reason pellet --mode full"),
        ):
            step = steps.get(name)
            if step is not None and step.ok:
                method = step.data.get("method")
                shown = f"{label} ({method})" if method and label in ("HermiT", "Pellet") else label
                facts[shown] = (step.data.get("facts"), step.data.get("digest"))
        if facts:
            same = len({v for v in facts.values()}) == 1
            detail = "; ".join(f"{k} {n} facts (sha {h})" for k, (n, h) in facts.items())
            if len(facts) == 1:
                checks.append(("inferred facts", "n/a", detail + " (only one reasoner run)"))
            else:
                checks.append(("inferred facts", "agree" if same else "DIFFER", detail))
        return checks

    @staticmethod
    def _violations_ecoonto(step: Step | None) -> int | None:
        if step is None or not step.ok:
            return None
        for line in reversed(step.runs[0].stdout.splitlines()):
            if line.startswith(("fails:", "conforms:")):
                return int(line.split(":", 1)[1].split()[0])
        return None

    @staticmethod
    def _violations_pyshacl(step: Step | None) -> int | None:
        if step is None or not step.ok:
            return None
        needle = (
            "<http://www.w3.org/ns/shacl#resultSeverity> <http://www.w3.org/ns/shacl#Violation>"
        )
        return sum(1 for line in step.runs[0].stdout.splitlines() if needle in line)


# ----------------------------------------------------------------------------------------------
# Report


def _s(v: float | None) -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


STARTUP = "(start-up: ASK {})"


def _query_cell(m: dict[str, Any] | None) -> str:
    if m is None:
        return "—"
    if "timeout" in m:
        return f"> {m['timeout']:.0f} s"
    if "failed" in m:
        return "failed"
    return f"{_s(m['wall'])} s, {m['rss']:.0f} MiB, {m['rows']} rows"


def each_query_section(bench: Bench) -> list[str]:
    """The per-query table: ecoonto against the oxigraph CLI at each size."""
    sizes = [n for n in sorted(bench.per_query) if bench.per_query[n]]
    if not sizes:
        return []
    out = ["## Each bundled query: `ecoonto query --store` against `oxigraph query`\n"]
    out.append(
        "One process per query, end to end (start-up, opening the store, the query, printing"
        " TSV); seconds are the median of the runs, MiB the peak RSS. ratio = ecoonto /"
        " oxigraph (target <= 1.10); rows: ✓ when both print the same sorted rows (the CLI's"
        " N-Triples cells read as plain values). The first row, `ASK {}`, is the fixed cost of"
        " starting each program and opening the store.\n"
    )
    cols = " | ".join(
        f"{_size_label(n)} ecoonto s | oxigraph s | ratio | ecoonto MiB | oxigraph MiB | rows"
        for n in sizes
    )
    out.append(f"| query | {cols} |")
    out.append("|---|" + "---:|---:|---:|---:|---:|:---:|" * len(sizes))
    names = sorted(
        set().union(*(bench.per_query[n] for n in sizes)), key=lambda q: (q != STARTUP, q)
    )
    for name in names:
        cells = []
        for n in sizes:
            entry = bench.per_query[n].get(name, {})
            eco, cli = entry.get("ecoonto", {}), entry.get("oxigraph", {})

            def secs(m: dict[str, Any]) -> str:
                if "timeout" in m:
                    return f"> {m['timeout']:.0f}"
                return "failed" if "failed" in m else (_s(m["wall"]) if "wall" in m else "—")

            ratio = f"{eco['wall'] / cli['wall']:.2f}" if "wall" in eco and "wall" in cli else "—"
            same = (
                ("✓" if eco["digest"] == cli["digest"] else f"✗ {eco['rows']}/{cli['rows']}")
                if "digest" in eco and "digest" in cli
                else "—"
            )
            cells += [
                secs(eco),
                secs(cli),
                ratio,
                _mib(eco.get("rss")),
                _mib(cli.get("rss")),
                same,
            ]
        shown = name if name == STARTUP else f"`{name}`"
        out.append(f"| {shown} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def _mib(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def _size_label(n: int) -> str:
    exp = len(str(n)) - 1
    return f"10^{exp}" if n == 10**exp else f"{n:,}"


# (row label, step key, measure) for the main table; "inner" means the step's own timing.
TABLE_ROWS: list[tuple[str, str, str]] = [
    ("ecoonto load (`ecoonto load --no-validate`, end to end)", "ecoonto load", "wall"),
    ("`oxigraph load` + `optimize` CLI", "oxigraph load", "wall"),
    ("raw pyoxigraph `Store.load` (process end to end)", "pyoxigraph load", "wall"),
    ("ecoonto queries on the embedded store (all bundled)", "ecoonto queries", "inner"),
    ("raw pyoxigraph queries (same store kind)", "pyoxigraph queries", "inner"),
    ("`oxigraph query` CLI (one process per query, summed)", "oxigraph query", "inner"),
    ("rdflib parse", "rdflib parse+queries", "parse"),
    ("rdflib queries", "rdflib parse+queries", "inner"),
    ("`ecoonto validate` end to end", "ecoonto validate", "wall"),
    (
        "`ecoonto validate --store` end to end (the shapes' SPARQL in the store)",
        "ecoonto validate --store",
        "wall",
    ),
    ("`pyshacl` CLI end to end", "pyshacl CLI", "wall"),
    (
        "validate with pyrudof, Rust SHACL (comparison, end to end)",
        "validate with pyrudof",
        "wall",
    ),
    (
        "ecoonto reason owlrl: ecoonto's OWL RL rules (reasoning only)",
        "ecoonto reason owlrl",
        "inner",
    ),
    (
        "`ecoonto reason --reasoner owlrl --store --into` end to end (rules in the store)",
        "ecoonto reason owlrl --store",
        "wall",
    ),
    ("owlrl package closure (reasoning only)", "owlrl", "inner"),
    (
        "ecoonto reason hermit, default mode (reasoning only)",
        "ecoonto reason hermit",
        "inner",
    ),
    (
        "ecoonto reason pellet, default mode (reasoning only)",
        "ecoonto reason pellet",
        "inner",
    ),
    (
        "ecoonto reason hermit --mode full (reasoning only)",
        "ecoonto reason hermit --mode full",
        "inner",
    ),
    (
        "ecoonto reason pellet --mode full (reasoning only)",
        "ecoonto reason pellet --mode full",
        "inner",
    ),
]

# (label, numerator step, measure, denominator step, measure, target, kind)
RATIOS: list[tuple[str, str, str, str, str, float, str]] = [
    ("load: ecoonto / `oxigraph load`", "ecoonto load", "wall", "oxigraph load", "wall", 1.5, "<="),
    (
        "load: raw pyoxigraph `Store.load` / `oxigraph load`",
        "pyoxigraph load",
        "wall",
        "oxigraph load",
        "wall",
        1.5,
        "<=",
    ),
    (
        "queries: ecoonto / raw pyoxigraph",
        "ecoonto queries",
        "inner",
        "pyoxigraph queries",
        "inner",
        1.5,
        "<=",
    ),
    (
        "queries: rdflib / ecoonto (speed-up)",
        "rdflib parse+queries",
        "inner",
        "ecoonto queries",
        "inner",
        10.0,
        ">=",
    ),
    (
        "validate: ecoonto / pyshacl CLI",
        "ecoonto validate",
        "wall",
        "pyshacl CLI",
        "wall",
        0.5,
        "<=",
    ),
    (
        "validate: pyrudof / pyshacl CLI (comparison)",
        "validate with pyrudof",
        "wall",
        "pyshacl CLI",
        "wall",
        0.5,
        "<=",
    ),
    (
        "OWL RL: owlrl package / ecoonto owlrl (speed-up)",
        "owlrl",
        "inner",
        "ecoonto reason owlrl",
        "inner",
        5.0,
        ">=",
    ),
]


def _ratio(steps: dict[str, Step], a: str, am: str, b: str, bm: str) -> float | None:
    sa, sb = steps.get(a), steps.get(b)
    if sa is None or sb is None:
        return None
    va, vb = sa.median(am), sb.median(bm)
    if va is None or vb is None or vb == 0:
        return None
    return va / vb


def report(bench: Bench, argv: list[str]) -> str:
    sizes = sorted(bench.results)
    out: list[str] = []
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    cpu = _cpu_model()
    mem = _mem_total()
    out.append("# ecoonto benchmark results\n")
    out.append(f"- command: `{shlex.join(['.venv/bin/python', 'benchmarks/run.py', *argv])}`")
    out.append(f"- date: {now}")
    out.append(
        f"- machine: {os.cpu_count()} CPUs (nproc {_nproc()}), {cpu}, {mem}; "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}"
    )
    out.append(f"- versions: {_versions()}")
    out.append(
        f"- repeats: {bench.args.repeat} (medians); steps slower than {SLOW_S:.0f} s run once"
    )
    out.append(
        f"- load average (1, 5, 15 min) at start: {bench.load_before}; at end: {_loadavg()}"
        " (other work on the machine slows every step alike; ratios are steadier than seconds)"
    )
    for note in bench.notes:
        out.append(f"- note: {note}")
    out.append("")
    header = "| step | " + " | ".join(f"{_size_label(n)} s | {_size_label(n)} MiB" for n in sizes)
    out.append("## Medians: seconds and peak RSS\n")
    triples = " | ".join(f"{bench.results[n]['meta'].data['total']:,} triples | " for n in sizes)
    out.append(header + " |")
    out.append("|---|" + "---:|---:|" * len(sizes))
    out.append(f"| graph (generated module + core ontology) | {triples}")
    for label, key, what in TABLE_ROWS:
        cells = []
        for n in sizes:
            step = bench.results[n].get(key)
            if step is None:
                cells += ["n/a", ""]
                continue
            if step.timeout is not None:
                cells += [f"> {step.timeout:.0f}", _mib(max(r.rss_mib for r in step.runs))]
                continue
            if not step.ok:
                cells += ["failed" if step.skipped else "n/a", ""]
                continue
            v = step.median(what)
            mark = "¹" if step.note else ""
            cells += [_s(v) + mark, _mib(step.median("rss"))]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")
    out.append(
        "Seconds are end to end (process start to exit) for command lines and loads; for"
        " queries and reasoning they are the work alone (store opened, graph parsed). MiB is the"
        " peak RSS of the process that did the step. ¹ one run only (slow). n/a: not run at this"
        f" size (rdflib stops at {_size_label(RDFLIB_MAX)}, the owlrl package at"
        f" {_size_label(OWLRL_MAX)} (one run of at most {OWLRL_LARGE_TIMEOUT:.0f} s above"
        f" 10^5), full HermiT and"
        f" Pellet at"
        f" {_size_label(DL_FULL_MAX)}). HermiT and Pellet's default mode is full up to 500"
        " individuals and above that DL on the TBox + OWL RL rules on the ABox (`ecoonto reason"
        " --mode`); the Agreement section names what ran."
    )
    out.append("")
    out.append("## Ratios and targets\n")
    out.append("| ratio | target | " + " | ".join(_size_label(n) for n in sizes) + " |")
    out.append("|---|---|" + "---:|" * len(sizes))
    for label, a, am, b, bm, target, kind in RATIOS:
        cells = []
        for n in sizes:
            r = _ratio(bench.results[n], a, am, b, bm)
            if r is None:
                cells.append("—")
            else:
                met = r <= target if kind == "<=" else r >= target
                cells.append(f"{r:.2f} {'✓' if met else '✗'}")
        out.append(f"| {label} | {kind} {target:g} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("## Absolute targets\n")
    out.append("| target | " + " | ".join(_size_label(n) for n in sizes) + " |")
    out.append("|---|" + "---:|" * len(sizes))
    # (label, steps, measure, limit, the largest size the target is set for)
    for label, keys, what, limit, up_to in (
        (
            "HermiT within 10 s (target up to 10^5)",
            ["ecoonto reason hermit"],
            "inner",
            10.0,
            DL_TARGET_MAX,
        ),
        (
            "Pellet within 10 s (target up to 10^5)",
            ["ecoonto reason pellet"],
            "inner",
            10.0,
            DL_TARGET_MAX,
        ),
        (
            "peak memory load+query < 1024 MiB",
            ["ecoonto load", "ecoonto queries"],
            "rss",
            1024.0,
            None,
        ),
        ("peak memory validate < 1536 MiB", ["ecoonto validate"], "rss", 1536.0, None),
        (
            "validate --store within 60 s (issue 24: at 10^7)",
            ["ecoonto validate --store"],
            "wall",
            60.0,
            None,
        ),
        (
            "peak memory validate --store < 3072 MiB",
            ["ecoonto validate --store"],
            "rss",
            3072.0,
            None,
        ),
    ):
        cells = []
        for n in sizes:
            targeted = up_to is None or n <= up_to
            present = [bench.results[n][k] for k in keys if k in bench.results[n]]
            timeouts = [st.timeout for st in present if st.timeout is not None]
            if timeouts and what in ("inner", "wall"):
                cells.append(f"> {max(timeouts):.0f}s" + (" ✗" if targeted else ""))
                continue
            vals = [v for v in (st.median(what) for st in present) if v is not None]
            if not vals:
                cells.append("—")
                continue
            v = max(vals)
            seconds = what in ("inner", "wall")
            unit = "s" if seconds else " MiB"
            verdict = (" ✓" if v < limit else " ✗") if targeted else " (no target)"
            cells.append(f"{_s(v) if seconds else _mib(v)}{unit}{verdict}")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")
    if bench.extra:
        out.append("## Command line on the bundled graph\n")
        out.append("| measure | median s | peak MiB | target |")
        out.append("|---|---:|---:|---|")
        for key, limit in (("ecoonto --help", 0.15), ("ecoonto query", 0.5)):
            step = bench.extra.get(key)
            if step is None or not step.runs:
                continue
            v = step.median("wall")
            runs = len(step.runs)
            label = f"`{key}`" if key != "ecoonto query" else "`ecoonto query table-buyer-side`"
            verdict = "—" if v is None else ("✓" if v < limit else "✗")
            out.append(
                f"| {label} ({runs} runs) | {_s(v)} | {_mib(step.median('rss'))} |"
                f" < {limit} s {verdict} |"
            )
        out.append("")
    out += each_query_section(bench)
    slow_sections = []
    for n in sizes:
        for name, entry in bench.probe_results.get(n, {}).items():
            original, rewrite = entry.get("original"), entry.get("rewrite")
            if name not in bench.too_slow.get(n, {}) and "rewrite" not in entry:
                continue
            o = (
                "no result"
                if original is None
                else f"{_s(original['inner'])} s, {original['rows']} rows"
            )
            if "rewrite" in entry:
                if rewrite is None:
                    rw = "failed"
                else:
                    same = (
                        "same rows"
                        if original is not None and original["digest"] == rewrite["digest"]
                        else ("rows differ" if original is not None else "original did not finish")
                    )
                    rw = f"{_s(rewrite['inner'])} s, {rewrite['rows']} rows ({same})"
            else:
                rw = "—"
            left_out = "left out" if name in bench.too_slow.get(n, {}) else "kept"
            slow_sections.append(f"| {_size_label(n)} | `{name}` | {o} | {left_out} | {rw} |")
    if slow_sections:
        out.append("## Slow bundled queries\n")
        out.append(
            "Each bundled query is first run alone on the raw pyoxigraph store; one without a"
            " result within the probe limit ("
            + ", ".join(f"{bench.probe_limit(n):.0f} s at {_size_label(n)}" for n in sizes)
            + ") is left out of every engine's timed set at that size. A rewrite kept in"
            " `benchmarks/rewrites/` is timed beside it.\n"
        )
        out.append("| size | query | alone on pyoxigraph | timed sets | rewrite |")
        out.append("|---|---|---|---|---|")
        out += slow_sections
        out.append("")
    out.append("## Agreement\n")
    out.append("| size | check | verdict | detail |")
    out.append("|---|---|---|---|")
    for n in sizes:
        for check, verdict, detail in bench.agreement(n):
            out.append(f"| {_size_label(n)} | {check} | {verdict} | {detail} |")
    failures = [
        f"{_size_label(n)} {s.name}: {s.skipped}"
        for n in sizes
        for s in bench.results[n].values()
        if s.skipped
    ]
    if failures:
        out.append("\n## Failed steps\n")
        out += [f"- {f}" for f in failures]
    return "\n".join(out) + "\n"


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return "? RAM"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("rdflib", "pyoxigraph", "oxigraph", "pyshacl", "owlrl", "owlready2"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} ?")
    return ", ".join(parts)


# ----------------------------------------------------------------------------------------------
# Command line


def _sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        sizes.append(int(float(part)))
    return sizes


def _cached_bytecode() -> None:
    """Every ecoonto process measured starts as an installed one does: from compiled bytecode
    (pip compiles a package when it installs it). A shell with PYTHONDONTWRITEBYTECODE set (as
    on some build machines) would make each process compile ecoonto's modules again, about
    0.1 s of every run's start-up that no user pays."""
    import compileall

    import ecoonto

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(ecoonto.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        description="Benchmark ecoonto against rdflib, pyoxigraph, the oxigraph and pyshacl"
        " command lines, owlrl, HermiT and Pellet.",
        epilog="Example: .venv/bin/python benchmarks/run.py --sizes 1e4,1e5 --repeat 3",
    )
    parser.add_argument("--sizes", default="1e4,1e5,1e6", help="triples, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10^4 triples only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    parser.add_argument(
        "--probe-limit",
        type=float,
        default=5,
        help="seconds per 10^4 triples (at most 120 s): a bundled query slower than this alone"
        " on pyoxigraph is left out of the timed query sets at that size",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated: rdflib, owlrl, dl (HermiT/Pellet), cli (--help and query)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "results.md", help="Markdown report to write"
    )
    parser.add_argument(
        "--only",
        choices=("all", "queries"),
        default="all",
        help="queries: only the two loads and each bundled query through ecoonto and the"
        " oxigraph CLI (no validation, reasoning, rdflib or raw pyoxigraph)",
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=600,
        help="seconds per query process in the per-query comparison",
    )
    parser.add_argument("--workdir", type=Path, help="keep generated files here (default: temp)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = WORKERS[args.worker](*json.loads(args.worker_args or "[]"))
        print(json.dumps(result))
        return 0
    args.skip = [s.strip() for s in args.skip.split(",") if s.strip()]
    sizes = [10_000] if args.quick else _sizes(args.sizes)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    _cached_bytecode()
    tmp = None
    if args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="ecoonto-bench-")
        work = Path(tmp.name)
    bench = Bench(args, work)
    try:
        if "cli" not in args.skip:
            bench.global_steps()
        for n in sizes:
            bench.size(n)
            # Write what is known so far: a long run stopped later still leaves its tables.
            partial = report(bench, argv)
            if n != sizes[-1]:
                args.out.write_text(partial + "\n(partial: larger sizes still running)\n")
        text = report(bench, argv)
    finally:
        if tmp is not None:
            tmp.cleanup()
    print()
    print(text)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
