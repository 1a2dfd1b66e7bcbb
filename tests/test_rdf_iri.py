"""Relative IRI resolution per RFC 3986 5.2, for every format that resolves and for --base.

The reference here is written from the RFC's pseudo-code (5.2.2 to 5.2.4), apart from
``ecoonto.rdf.iri``; the RFC's own examples (5.4.1, 5.4.2) are fixtures in tests/data/rfc3986.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecoonto import rdf
from ecoonto.errors import InputError
from ecoonto.rdf import iri
from ecoonto.rdf.formats import by_name
from ecoonto.rdf.parse import parse_bytes
from tests.profiles import examples

DATA = Path(__file__).parent / "data" / "rfc3986" / "examples.json"
EXAMPLES = json.loads(DATA.read_text(encoding="utf-8"))
RFC_CASES = [
    (EXAMPLES["base"], r, t) for part in ("normal", "abnormal") for r, t in EXAMPLES[part].items()
]
DOTTED = [tuple(case) for case in EXAMPLES["dotted"]]


def reference_resolve(r: str, base: str) -> str:
    """RFC 3986 5.2.2, word for word (strict parser)."""
    pattern = r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?"
    rm, bm = re.match(pattern, r, re.S), re.match(pattern, base, re.S)
    assert rm and bm
    r_s, r_a, r_p, r_q, r_f = rm.group(2), rm.group(4), rm.group(5), rm.group(7), rm.group(9)
    b_s, b_a, b_p, b_q = bm.group(2), bm.group(4), bm.group(5), bm.group(7)
    if r_s is not None:
        t_s, t_a, t_p, t_q = r_s, r_a, rds(r_p), r_q
    else:
        if r_a is not None:
            t_a, t_p, t_q = r_a, rds(r_p), r_q
        else:
            if r_p == "":
                t_p = b_p
                t_q = r_q if r_q is not None else b_q
            else:
                if r_p.startswith("/"):
                    t_p = rds(r_p)
                else:
                    t_p = rds(merge(b_a, b_p, r_p))
                t_q = r_q
            t_a = b_a
        t_s = b_s
    out = ""  # 5.3
    if t_s is not None:
        out += t_s + ":"
    if t_a is not None:
        out += "//" + t_a
    out += t_p
    if t_q is not None:
        out += "?" + t_q
    if r_f is not None:
        out += "#" + r_f
    return out


def merge(b_a: str | None, b_p: str, r_p: str) -> str:
    """RFC 3986 5.2.3."""
    if b_a is not None and b_p == "":
        return "/" + r_p
    return b_p[: b_p.rfind("/") + 1] + r_p if "/" in b_p else r_p


def rds(path: str) -> str:
    """RFC 3986 5.2.4, the input and output buffers of steps A to E."""
    inp, out = path, ""
    while inp:
        if inp.startswith("../") or inp.startswith("./"):  # A
            inp = inp[inp.index("/") + 1 :]
        elif inp.startswith("/./") or inp == "/.":  # B
            inp = "/" + inp[3:] if inp.startswith("/./") else "/"
        elif inp.startswith("/../") or inp == "/..":  # C
            inp = "/" + inp[4:] if inp.startswith("/../") else "/"
            out = out[: out.rfind("/")] if "/" in out else ""
        elif inp in (".", ".."):  # D
            inp = ""
        else:  # E
            end = inp.find("/", 1)
            end = len(inp) if end < 0 else end
            out, inp = out + inp[:end], inp[end:]
    return out


@pytest.mark.parametrize(("base", "ref", "want"), RFC_CASES + DOTTED)
def test_rfc_examples(base: str, ref: str, want: str) -> None:
    assert reference_resolve(ref, base) == want
    assert iri.resolve(ref, base) == want


def _turtle_object(ref: str, base: str, *, directive: bool, fmt: str = "turtle") -> str:
    body = f"<http://s> <http://p> <{ref}> ."
    if fmt == "trig":
        body = "{ " + body + " }"
    if directive:
        data = f"@base <{base}> .\n{body}\n".encode()
        quads = parse_bytes(data, by_name(fmt), base="http://elsewhere/x")
    else:
        quads = parse_bytes(body.encode(), by_name(fmt), base=base)
    [quad] = quads
    return str(quad.object.value)


@pytest.mark.parametrize(("base", "ref", "want"), RFC_CASES + DOTTED)
@pytest.mark.parametrize("fmt", ["turtle", "trig", "n3"])
def test_readers_resolve_the_rfc_examples(base: str, ref: str, want: str, fmt: str) -> None:
    if ref == "http:g":  # absolute: kept as written (RFC 5.2.2 strict gives the same)
        want = "http:g"
    assert _turtle_object(ref, base, directive=False, fmt=fmt) == want
    assert _turtle_object(ref, base, directive=True, fmt=fmt) == want


def test_base_option_of_convert_resolves_per_rfc(tmp_path: Path) -> None:
    from ecoonto.rdf.convert import convert

    source = tmp_path / "in.ttl"
    source.write_text("<g> <http://p> <../h>, <#f> .\n", encoding="utf-8")
    convert(source, tmp_path / "out.nt", base="http://a/b/./c")
    lines = (tmp_path / "out.nt").read_text(encoding="utf-8").split("\n")
    assert lines[:2] == [
        "<http://a/b/g> <http://p> <http://a/b/./c#f> .",
        "<http://a/b/g> <http://p> <http://a/h> .",
    ]


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("json-ld", b'{"@id": "g", "http://p": {"@id": "h"}}'),
        (
            "xml",
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns:e="http://e/"><rdf:Description rdf:about="g"><e:p rdf:resource="h"/>'
            b"</rdf:Description></rdf:RDF>",
        ),
    ],
)
def test_dotted_base_refused_where_not_resolved_exactly(fmt: str, data: bytes) -> None:
    with pytest.raises(InputError, match=r"base IRI <http://a/b/\./c> has '\.' or '\.\.'"):
        parse_bytes(data, by_name(fmt), base="http://a/b/./c")
    [quad] = parse_bytes(data, by_name(fmt), base="http://a/b/c")  # no dots: as before
    assert (quad.subject.value, quad.object.value) == ("http://a/b/g", "http://a/b/h")


def test_dotted_in_document_bases_refused() -> None:
    jsonld = b'{"@context": {"@base": "http://a/./b/"}, "@id": "g", "http://p": "x"}'
    with pytest.raises(InputError, match="JSON-LD reader keeps"):
        parse_bytes(jsonld, by_name("json-ld"), base="http://z/")
    xml = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"'
        b' xml:base="http://a/../b/c"><rdf:Description rdf:about="g"><e:p>x</e:p>'
        b"</rdf:Description></rdf:RDF>"
    )
    with pytest.raises(InputError, match="RDF/XML reader keeps"):
        parse_bytes(xml, by_name("xml"), base="http://z/")


def test_absolute_iris_and_literals_pass_unchanged() -> None:
    data = b'@base <http://a/b/./c> .\n<http://x/./y> <http://p> "<g>", <g> . # <g>\n'
    quads = parse_bytes(data, by_name("turtle"), base="http://z/")
    assert sorted(str(q) for q in quads) == [
        '<http://x/./y> <http://p> "<g>"',
        "<http://x/./y> <http://p> <http://a/b/g>",
    ]


def test_no_dotted_base_reads_the_bytes_as_given(tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_bytes(b"<g> <http://p> <h> .\n")
    [quad] = rdf.read(path, base="http://a/b/c")
    assert str(quad) == "<http://a/b/g> <http://p> <http://a/b/h>"


SEGMENTS = st.sampled_from(["a", "b", ".", "..", "", "c;x", "d.e"])
PATHS = st.lists(SEGMENTS, max_size=5).map("/".join)
QUERY = st.one_of(st.none(), st.sampled_from(["", "q", "y/./x"]))
FRAGMENT = st.one_of(st.none(), st.sampled_from(["", "s", "s/../x"]))


@st.composite
def references(draw: st.DrawFn) -> str:
    path = draw(PATHS)
    if draw(st.booleans()) and not path.startswith("/"):
        path = "/" + path
    if path.startswith("//"):
        path = "/." + path  # a path that would read as an authority
    query, fragment = draw(QUERY), draw(FRAGMENT)
    return (
        path + ("" if query is None else "?" + query) + ("" if fragment is None else "#" + fragment)
    )


@st.composite
def bases(draw: st.DrawFn) -> str:
    path = "/" + draw(PATHS)
    if path.startswith("//"):
        path = "/." + path
    query = draw(QUERY)
    return "http://h" + path + ("" if query is None else "?" + query)


@settings(max_examples=examples(300))
@given(base=bases(), ref=references(), directive=st.booleans())
def test_resolution_matches_the_rfc(base: str, ref: str, directive: bool) -> None:
    want = reference_resolve(ref, base)
    assert iri.resolve(ref, base) == want
    assert _turtle_object(ref, base, directive=directive) == want


@settings(max_examples=examples(100))
@given(base=bases(), ref=references(), fmt=st.sampled_from(["json-ld", "xml"]))
def test_other_formats_resolve_per_rfc_or_refuse(base: str, ref: str, fmt: str) -> None:
    if fmt == "json-ld":
        data = json.dumps({"@id": "http://s", "http://p": {"@id": ref}}).encode()
    else:
        attr = ref.replace("&", "&amp;").replace('"', "&quot;")
        data = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:e="http://e/"><rdf:Description rdf:about="http://s">'
            f'<e:p rdf:resource="{attr}"/></rdf:Description></rdf:RDF>'
        ).encode()
    try:
        [quad] = parse_bytes(data, by_name(fmt), base=base)
    except InputError as exc:
        assert iri.has_dot_segments(base) and "has '.' or '..' segments" in exc.message
        return
    assert quad.object.value == reference_resolve(ref, base)
