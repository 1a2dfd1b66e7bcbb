"""Rules for reading the text of cells: slugs, player cells and their organisations, sentences.

Pure text functions, without RDF; :mod:`ecoonto.authoring.build` applies them. docs/authoring.md
states the organisation rules for authors.
"""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """A local-name slug: ASCII, lower case, words joined by hyphens; parentheses dropped.

    >>> slug("Café & Bar (the old one)"), slug("AI Compute")
    ('cafe-and-bar', 'ai-compute')
    >>> slug("!!")  # nothing left: a placeholder, never an empty name
    'x'
    """
    text = re.sub(r"\([^)]*\)", " ", text)
    text = text.replace("&", " and ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def mention_key(text: str) -> str:
    """What a counterparty mention and a player, position or organisation name are compared by:
    the slug of the text without parentheses, its last word in the singular.

    >>> mention_key("GPU cluster operators (CoreWeave)") == mention_key("GPU cluster operator")
    True
    >>> mention_key("Regulators")
    'regulator'
    """
    key = slug(text)
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key


def industry_name(title: str) -> str:
    """The industry's short name: "AI Compute Industry Players" gives "AI Compute".

    >>> industry_name("AI Compute Industry Players"), industry_name("Energy industry")
    ('AI Compute', 'Energy')
    >>> industry_name("Industry")  # nothing would be left: the title as it is
    'Industry'
    """
    name = re.sub(r"\s+industry(\s+players)?\s*$", "", title.strip(), flags=re.I)
    return name or title.strip()


def default_prefix(name: str) -> str:
    """The Turtle prefix of an industry's module when none is given: the initials of its name,
    the first three letters of a one-word name; never starting with a digit.

    >>> default_prefix("AI Compute"), default_prefix("Energy"), default_prefix("3D printing")
    ('ac', 'ene', 'ind3p')
    """
    words = slug(name).split("-")
    prefix = "".join(w[0] for w in words if w)
    if len(prefix) < 2:
        prefix = slug(name).replace("-", "")[:3]
    return prefix if prefix[0].isalpha() else "ind" + prefix


def split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at ``sep`` outside parentheses; pieces stripped, empties dropped.

    >>> split_top("a, b (c, d), , e", ",")
    ['a', 'b (c, d)', 'e']
    """
    out: list[str] = []
    depth = 0
    current = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and text.startswith(sep, i):
            out.append(current.strip())
            current = ""
            i += len(sep)
            continue
        current += ch
        i += 1
    out.append(current.strip())
    return [p for p in out if p]


def player_parts(cell: str) -> tuple[str, str | None]:
    """``"Frontier AI lab (OpenAI, Anthropic)"`` -> ``("Frontier AI lab", "OpenAI, Anthropic")``.

    >>> player_parts("Frontier AI lab (OpenAI, Anthropic)")
    ('Frontier AI lab', 'OpenAI, Anthropic')
    >>> player_parts("Regulators ")
    ('Regulators', None)
    """
    m = re.match(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*)\)\s*$", cell)
    if not m or not m.group("name"):
        return cell.strip(), None
    return m.group("name").strip(), m.group("inner").strip()


def names_an_organisation(name: str) -> bool:
    """A name whose every word starts with a capital or a digit names one organisation
    ("Nvidia", "US BIS"); a name with a lower-case word names a kind of player ("Frontier AI
    lab").

    >>> names_an_organisation("US BIS"), names_an_organisation("Frontier AI lab")
    (True, False)
    """
    words = [w for w in re.split(r"[\s/]+", name) if w and w not in ("&", "-")]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def organisations_in(inner: str) -> list[tuple[str, str | None]]:
    """Organisations listed in a parenthesis: ``(name, parent)`` pairs.

    ``"InfiniBand / RoCE: Mellanox/Nvidia, Arista"`` -> Mellanox (unit of Nvidia), Nvidia,
    Arista: text before a colon qualifies the list; ``Unit/Parent`` (no spaces) is a business
    unit and its parent. An item that starts with a lower-case letter is a description, not an
    organisation ("export controls on AI chips").

    >>> organisations_in("InfiniBand / RoCE: Mellanox/Nvidia, Arista")
    [('Mellanox', 'Nvidia'), ('Nvidia', None), ('Arista', None)]
    >>> organisations_in("export controls on AI chips, Nvidia")
    [('Nvidia', None)]
    """
    if ":" in inner:
        inner = inner.rsplit(":", 1)[1]
    out: list[tuple[str, str | None]] = []
    for item in split_top(inner, ","):
        if not item or not (item[0].isupper() or item[0].isdigit()):
            continue
        m = re.fullmatch(r"([^/\s](?:[^/]*[^/\s])?)/([^/\s](?:[^/]*[^/\s])?)", item)
        if m:
            out.append((m.group(1), m.group(2)))
            out.append((m.group(2), None))
        else:
            out.append((item, None))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’']?)\s+(?=[A-Z\"“])")


def sentences(text: str) -> list[str]:
    """Split a narrative into its examples: one sentence each (closing quotes stay).

    >>> sentences('Labs buy GPUs. Clouds rent them! "Who wins?" Nobody knows.')
    ['Labs buy GPUs.', 'Clouds rent them!', '"Who wins?"', 'Nobody knows.']
    """
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(1))
        out.append(text[start:end].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]
