"""HTTP for endpoints: credentials, Basic and Digest authentication, no redirects, scrubbed
messages.

Credentials come from ``ECOONTO_ENDPOINT_USER``/``ECOONTO_ENDPOINT_PASSWORD`` or ``~/.netrc``,
never from a URL or the command line; every message shows URLs without them and with the
password (and its Basic token) replaced by ``***``. Redirects are never followed: a 3xx answer
is an error naming the target, so credentials and request bodies never go to another URL.
The SPARQL and Graph Store protocols are spoken on top of this (:mod:`ecoonto.targets.endpoint`).
"""

from __future__ import annotations

import base64
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import Any, Literal, NamedTuple

from ecoonto.errors import InputError, StoreError, one_line
from ecoonto.targets.base import ProgressCallback

USER_ENV = "ECOONTO_ENDPOINT_USER"
PASSWORD_ENV = "ECOONTO_ENDPOINT_PASSWORD"

Auth = Literal["basic", "digest"]


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages.

    >>> public_url("https://ann:s3cret@example.org:8443/sparql?query=x")
    'https://example.org:8443/sparql?query=x'
    >>> public_url("http://localhost:7878/query")
    'http://localhost:7878/query'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL without credentials in it; else :class:`InputError`.

    >>> check_url("http://localhost:7878")
    'http://localhost:7878'
    >>> check_url("ftp://example.org/data")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: endpoint URL 'ftp://example.org/data' is not an http(s) URL
    >>> check_url("https://ann:s3cret@example.org/sparql")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: endpoint URL https://example.org/sparql contains credentials: ...
    >>> check_url("http://127.0.0.1:99999/")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: --endpoint http://127.0.0.1:99999/: the port must be a number ...
    """
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        port = -1
    if port is not None and not 0 < port < 65536:
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise InputError(f"--endpoint {shown}: the port must be a number from 1 to 65535")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"endpoint URL '{public_url(url)}' is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"endpoint URL {public_url(url)} contains credentials: remove them and set "
            f"{USER_ENV} and {PASSWORD_ENV} in the environment or use ~/.netrc"
        )
    return url


def credentials_for(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, else from ``~/.netrc`` for the URL's host.

    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {USER_ENV: "ann", PASSWORD_ENV: "s3cret"}):
    ...     credentials_for("http://localhost:7878")
    ('ann', 's3cret')
    >>> with mock.patch.dict(os.environ, {USER_ENV: "", PASSWORD_ENV: "s3cret"}):
    ...     credentials_for("http://localhost:7878")
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: set both ECOONTO_ENDPOINT_USER and ECOONTO_ENDPOINT_PASSWORD, ...
    """
    user = os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password is not None):
            raise InputError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return user, password
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    import netrc

    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file (a password): show it only for
        # the permission check.
        if "permissive" in exc.msg or "owner" in exc.msg:
            raise InputError(f"~/.netrc: {exc.msg} (chmod 600 ~/.netrc)") from None
        raise InputError(f"~/.netrc: cannot parse line {exc.lineno}") from None
    except OSError:
        return None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


class Answer(NamedTuple):
    """An HTTP answer: status, body, and the headers ecoonto reads (Content-Type, Location,
    Virtuoso's X-SPARQL-MaxRows).

    >>> answer = Answer(200, b"true", "text/boolean", "")
    >>> answer.status, answer.max_rows
    (200, '')
    """

    status: int
    body: bytes
    content_type: str
    location: str
    max_rows: str = ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the 3xx answer comes back as an HTTPError for the caller.

    >>> NoRedirect().redirect_request(None, None, 302, "Found", {}, "http://elsewhere/") is None
    True
    """

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class ChunkedBody:
    """A request body sent in pieces, reporting bytes sent; iterable again for an auth retry.

    >>> seen = []
    >>> body = ChunkedBody(b"abcdefg", lambda stage, done, total: seen.append(done), size=3)
    >>> list(body), seen
    ([b'abc', b'def', b'g'], [0, 3, 6, 7])
    >>> b"".join(body)  # a second pass sends the same bytes
    b'abcdefg'
    """

    def __init__(self, body: bytes, progress: ProgressCallback, size: int = 1 << 16) -> None:
        self.body, self.progress, self.size = body, progress, size

    def __iter__(self) -> Iterator[bytes]:
        total = len(self.body)
        self.progress("upload", 0, total)
        for start in range(0, total, self.size):
            yield self.body[start : start + self.size]
            self.progress("upload", min(start + self.size, total), total)


MAX_ANSWER_ENV = "ECOONTO_MAX_ANSWER_MB"
DEFAULT_MAX_ANSWER_MB = 2048


def max_answer_bytes() -> int:
    """The largest endpoint answer ecoonto reads: ``ECOONTO_MAX_ANSWER_MB`` megabytes (default
    2048), so that a runaway answer ends in a clear message, not in ``MemoryError``.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {MAX_ANSWER_ENV: "8"}):
    ...     max_answer_bytes()
    8388608
    """
    text = os.environ.get(MAX_ANSWER_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_ANSWER_MB << 20
    if not text.isdigit() or int(text) < 1:
        raise InputError(f"{MAX_ANSWER_ENV}={text!r}: give a whole number of megabytes")
    return int(text) << 20


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    return (
        f"the answer is {more}{size / 2**20:,.0f} MB, over the limit of {limit >> 20} MB"
        f" (set {MAX_ANSWER_ENV} to read more, or ask for less: LIMIT, a narrower query)"
    )


def _socket_of(response: Any) -> socket.socket | None:
    """The socket an http.client response reads from, if it can be reached."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def reason(status: int) -> str:
    """The standard phrase of an HTTP status ('' if unknown).

    >>> reason(404), reason(503), reason(599)
    ('Not Found', 'Service Unavailable', '')
    """
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class HttpClient:
    """Sends requests for one server: ``timeout`` (seconds) bounds connecting and each wait.

    ``auth`` says how credentials go out: ``basic`` sends HTTP Basic with every request (and
    answers a Digest challenge); ``digest`` (Virtuoso's ``*-auth`` services, which refuse an
    unasked-for Basic header without a challenge) first asks the URL for its challenge with a
    ``HEAD`` request, then sends the request once, with its Digest answer. ``urls`` are the
    URLs the credentials are for.

    What it sends and says can be seen without a server (sending itself needs one: the tests
    run it against a local HTTP server):

    >>> client = HttpClient(["http://localhost:8890/sparql"], ("dba", "s3cret"), timeout=5)
    >>> client.auth_header()
    {'Authorization': 'Basic ZGJhOnMzY3JldA=='}
    >>> client.scrub("refused dba:s3cret (token ZGJhOnMzY3JldA==)")
    'refused dba:*** (token ***)'
    >>> client.check_answer("http://localhost:8890/sparql", Answer(204, b"", "", ""))
    >>> client.check_answer(
    ...     "http://localhost:8890/sparql", Answer(401, b"bad password s3cret", "text/plain", "")
    ... )
    Traceback (most recent call last):
    ...
    ecoonto.errors.StoreError: endpoint http://localhost:8890/sparql: HTTP 401 ...: bad password ***
    >>> client.check_answer("http://localhost:8890/sparql", Answer(302, b"", "", "/elsewhere"))
    Traceback (most recent call last):
    ...
    ecoonto.errors.StoreError: ...: HTTP 302 Found: redirected to http://localhost:8890/elsewhere...
    >>> HttpClient([], None, timeout=0)
    Traceback (most recent call last):
    ...
    ecoonto.errors.InputError: timeout must be a positive number of seconds, not 0
    """

    def __init__(
        self,
        urls: Iterable[str | None],
        credentials: tuple[str, str] | None,
        timeout: float = 30.0,
        auth: Auth = "basic",
    ) -> None:
        if timeout <= 0:
            raise InputError(f"timeout must be a positive number of seconds, not {timeout}")
        if auth not in ("basic", "digest"):
            raise InputError(f"unknown authentication scheme '{auth}': use basic or digest")
        self.urls = [u for u in urls if u]
        self.credentials = credentials
        self.timeout = float(timeout)
        self.auth: Auth = auth

    def scrub(self, text: str) -> str:
        if self.credentials:
            user, password = self.credentials
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            for secret in (token, password):
                if len(secret) >= 3:
                    text = text.replace(secret, "***")
        return text

    def error(self, url: str, what: str) -> StoreError:
        """A StoreError naming ``url`` (without credentials or query string)."""
        shown = public_url(url).split("?", 1)[0]  # the graph IRI would only add noise
        return StoreError(self.scrub(f"endpoint {shown}: {what}"))

    def http_error(self, url: str, code: int, reason: str, body: bytes) -> StoreError:
        # Scrub before cutting: a cut token or password would no longer match the scrubber.
        snippet = one_line(self.scrub(body.decode("utf-8", "replace")))[:300]
        hint = ""
        if code in (401, 403):
            hint = f" (check {USER_ENV}/{PASSWORD_ENV} or ~/.netrc)"
        text = f"HTTP {code} {reason}".rstrip() + hint + (f": {snippet}" if snippet else "")
        return self.error(url, text)

    def network_error(self, url: str, exc: BaseException) -> StoreError:
        reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, ConnectionRefusedError):
            return self.error(url, "connection refused")
        if isinstance(reason, TimeoutError):
            return self.error(url, f"timed out after {self.timeout:g} s")
        if isinstance(reason, socket.gaierror):
            return self.error(url, "unknown host")
        if isinstance(reason, ConnectionResetError):
            return self.error(url, "connection closed by the server")
        if isinstance(reason, OSError) and reason.strerror:
            return self.error(url, reason.strerror.lower())
        return self.error(url, one_line(reason if isinstance(reason, str) else str(reason)))

    def auth_header(self) -> dict[str, str]:
        if not self.credentials or self.auth != "basic":
            return {}
        user, password = self.credentials
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}

    def opener(self) -> urllib.request.OpenerDirector:
        """urllib that never follows a redirect and answers an HTTP Digest challenge (Virtuoso's
        *-auth services). In ``basic`` mode Basic is sent up front by :meth:`auth_header`, so
        Basic servers get the body once."""
        handlers: list[urllib.request.BaseHandler] = [NoRedirect()]
        if self.credentials:
            handlers.append(urllib.request.HTTPDigestAuthHandler(self.password_manager()))
        return urllib.request.build_opener(*handlers)

    def password_manager(self) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if self.credentials:
            for url in self.urls:
                if url:
                    manager.add_password(None, url, *self.credentials)
        return manager

    def digest_header(self, request: urllib.request.Request) -> dict[str, str]:
        """The Digest ``Authorization`` header for ``request``, from the challenge the URL
        gives a ``HEAD`` request; empty if it gives none (the request then goes out as is)."""
        probe = urllib.request.Request(request.full_url, method="HEAD")
        challenge = ""
        try:
            with self.plain_opener().open(probe, timeout=self.timeout) as response:
                challenge = response.headers.get("WWW-Authenticate", "")
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
            exc.close()
        except (urllib.error.URLError, OSError) as exc:
            raise self.network_error(request.full_url, exc) from None
        except Exception as exc:  # http.client.HTTPException and friends
            raise self.error(request.full_url, one_line(exc)) from None
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() != "digest":
            return {}
        handler = urllib.request.HTTPDigestAuthHandler(self.password_manager())
        chal = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(params) if item]
        )
        answer = handler.get_authorization(request, chal)
        return {"Authorization": f"Digest {answer}"} if answer else {}

    @staticmethod
    def plain_opener() -> urllib.request.OpenerDirector:
        return urllib.request.build_opener(NoRedirect())

    def send(
        self,
        url: str,
        method: str,
        body: bytes,
        content_type: str,
        progress: ProgressCallback | None = None,
        accept: str = "*/*",
    ) -> Answer:
        """Send ``body``; return the answer. HTTP errors (and redirects) come back as an answer
        with their status (the caller decides); network failures raise StoreError."""
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Accept": accept,
            **self.auth_header(),
        }
        data: bytes | Iterable[bytes] = body
        if progress is not None:
            data = ChunkedBody(body, progress)
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        if self.credentials and self.auth == "digest":
            for key, value in self.digest_header(request).items():
                request.add_header(key, value)
        try:
            with self.opener().open(request, timeout=self.timeout) as response:
                return Answer(
                    int(response.status),
                    self.read_body(url, response),
                    response.headers.get("Content-Type", ""),
                    response.headers.get("Location", ""),
                    response.headers.get("X-SPARQL-MaxRows", ""),
                )
        except urllib.error.HTTPError as exc:
            try:
                payload = exc.read(1 << 20)  # only the start of an error's body is shown
            except (OSError, Exception):  # a body cut short: keep the status
                payload = b""
            headers_in = exc.headers
            answer = Answer(
                int(exc.code),
                payload,
                headers_in.get("Content-Type", "") if headers_in else "",
                headers_in.get("Location", "") if headers_in else "",
            )
            exc.close()
            return answer
        except (urllib.error.URLError, OSError) as exc:
            raise self.network_error(url, exc) from None
        except StoreError:
            raise  # read_body's own (too slow, too large): it names the URL already
        except Exception as exc:  # http.client.HTTPException and friends
            raise self.error(url, one_line(exc)) from None

    def read_body(self, url: str, response: Any) -> bytes:
        """The body of ``response``, read within ``timeout`` seconds in all (a server that sends
        a byte now and then is cut off, not waited for) and refused beyond
        :func:`max_answer_bytes` (announced by Content-Length or counted while reading)."""
        limit = max_answer_bytes()
        declared = (response.headers.get("Content-Length") or "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise self.error(url, _too_large(int(declared), limit))
        deadline = time.monotonic() + self.timeout
        slow = f"the answer took over {self.timeout:g} s (--timeout)"
        sock = _socket_of(response)
        chunks: list[bytes] = []
        total = 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self.error(url, slow)
            if sock is not None:
                sock.settimeout(min(left, self.timeout))
            try:
                chunk = response.read1(1 << 16)
            except TimeoutError:
                if deadline - time.monotonic() > 0.05:
                    raise  # one wait ran out (a stall): "timed out after ..."
                raise self.error(url, slow) from None
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > limit:
                raise self.error(url, _too_large(total, limit, at_least=True))
            chunks.append(chunk)

    def check_answer(self, url: str, answer: Answer) -> None:
        """Raise StoreError unless ``answer`` is a success (2xx)."""
        if 200 <= answer.status < 300:
            return
        if 300 <= answer.status < 400:
            raise self.redirect_error(url, answer)
        raise self.http_error(url, answer.status, reason(answer.status), answer.body)

    def redirect_error(self, url: str, answer: Answer) -> StoreError:
        target = answer.location
        if target:
            target = urllib.parse.urljoin(url, target)
            shown = public_url(target).split("?", 1)[0]
            where = f" to {shown}"
        else:
            where = " (no Location given)"
        return self.error(
            url,
            f"HTTP {answer.status} {reason(answer.status)}: redirected{where}; ecoonto does not"
            " follow redirects (credentials and data must not go elsewhere): give the final URL",
        )
