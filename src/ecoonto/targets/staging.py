"""What a load shares between the embedded store and an endpoint, below both and below the load
pipeline: progress in bytes read, file sizes, counting and placing the quads being staged."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ecoonto.targets.base import ProgressCallback

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["BytesRead", "counted", "file_size", "in_graph"]


class BytesRead:
    """Adds up the bytes read from the input files and reports them, at most every 1 MiB.

    >>> read = BytesRead(lambda stage, done, total: print(stage, done, total), "parse", 3 << 20)
    >>> read(1 << 19)
    >>> read(1 << 20)
    parse 1572864 3145728
    >>> read.finish()
    parse 3145728 3145728
    """

    STEP = 1 << 20

    def __init__(self, report: ProgressCallback | None, stage: str, total: int) -> None:
        self.report, self.stage, self.total = report, stage, total
        self.done = self._shown = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.report and (self.done - self._shown >= self.STEP or self.done >= self.total):
            self._shown = self.done
            self.report(self.stage, min(self.done, self.total), self.total)

    def finish(self) -> None:
        """Report the whole input read, unless that was the last report."""
        if self.report and self._shown < self.total:
            self._shown = self.total
            self.report(self.stage, self.total, self.total)


def file_size(path: Path) -> int:
    """The size of ``path`` in bytes, 0 if it cannot be read (the parser reports why).

    >>> file_size(Path("/no/such/file.ttl"))
    0
    """
    try:
        return path.stat().st_size
    except OSError:
        return 0


def counted(quads: Iterable[ox.Quad], count: list[int]) -> Iterator[ox.Quad]:
    """``quads`` as they are, adding one to ``count[0]`` for each quad that goes by.

    >>> seen = [0]
    >>> _ = list(counted(iter([object(), object()]), seen)); seen
    [2]
    """
    for quad in quads:
        count[0] += 1
        yield quad


def in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph) -> Iterable[ox.Quad]:
    """``quads`` moved into ``graph`` (the default graph: as they are).

    >>> import pyoxigraph as ox
    >>> q = ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))
    >>> [str(x.graph_name) for x in in_graph([q], ox.NamedNode("http://e/g"))]
    ['<http://e/g>']
    """
    import pyoxigraph as ox

    if isinstance(graph, ox.DefaultGraph):
        return quads
    return (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
