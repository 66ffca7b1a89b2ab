"""Fault-injecting HTTP proxy put in front of a moto server (stdlib only).

Every request is forwarded to moto unchanged, except when a fault rule matches: then the
rule's canned answer is sent instead (or the connection is dropped), and moto never sees
the request.

Rule format (a JSON list of objects; every key but "action" is optional):

    {
      "action": "GenerateCredentialReport",  # operation name, or "*" for any
      "role_account": "222222222222",        # request's RoleArn param names this account
      "caller_account": "222222222222",      # request is signed with keys that came out of
                                             #   an AssumeRole into this account (learned by
                                             #   the proxy from AssumeRole answers it
                                             #   forwarded); other keys count as moto's
                                             #   default account 123456789012
      "times": 3,                            # only the first N matches; default: always
      "status": 400,                         # default 400
      "body": "<ErrorResponse>...</ErrorResponse>",
      "content_type": "text/xml",            # default text/xml
      "headers": {"x-amzn-ErrorType": "..."},# extra response headers
      "delay_seconds": 0,                    # sleep before answering (or before forwarding
                                             #   when no status/body/close is given)
      "close": false                         # drop the connection without answering
    }

Requests with the header `x-tenet-no-faults: 1` (seed.py sends it) and requests with no
action (e.g. moto's /moto-api/) are always forwarded untouched and count no hit.

A rule with neither "body" nor "close" but with "delay_seconds" only delays the request and
then forwards it (a slow API). A rule with "body" but no "status" answers 400.

The action is the `Action=` parameter of query-protocol services (IAM, STS; form body or
query string), the `X-Amz-Target` suffix of JSON services (Organizations:
`AWSOrganizationsV20161128.ListAccounts` -> `ListAccounts`), or the last segment of a
Smithy RPCv2 path `/service/<S>/operation/<Op>`.

In "body", the exact tokens {request_id} (a fresh UUID) and {action} are replaced; no other
brace is touched (JSON bodies are fine).

Runtime control (never forwarded to moto), on the proxy's own address:
    GET  /__faults   -> {"rules": [...], "hits": [n, ...]} (hits per rule, in order)
    PUT  /__faults   -> body is a JSON rule list; replaces the rules and resets hit counts
    POST /__faults   -> body is a JSON rule list; appended to the current rules
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
import uuid
from typing import Any

MOTO_DEFAULT_ACCOUNT = "123456789012"

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}

RULE_KEYS = {
    "action",
    "role_account",
    "caller_account",
    "times",
    "status",
    "body",
    "content_type",
    "headers",
    "delay_seconds",
    "close",
    "comment",
}


def substitute(value: Any, variables: dict[str, str]) -> Any:
    """Replace ${NAME} in every string of a loaded rule file; unknown names are an error."""
    if isinstance(value, str):

        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in variables:
                raise ValueError(f"fault file uses ${{{name}}} but no --set {name}=... was given")
            return variables[name]

        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", repl, value)
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, variables) for k, v in value.items()}
    return value


def validate_rules(rules: Any) -> list[dict[str, Any]]:
    if not isinstance(rules, list):
        raise ValueError("fault rules must be a JSON list")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise ValueError(f"fault rule {i} is not an object")
        if "action" not in rule or not isinstance(rule["action"], str):
            raise ValueError(f"fault rule {i} has no string 'action'")
        unknown = set(rule) - RULE_KEYS
        if unknown:
            raise ValueError(f"fault rule {i} has unknown keys {sorted(unknown)}")
        if "times" in rule and (not isinstance(rule["times"], int) or rule["times"] < 0):
            raise ValueError(f"fault rule {i}: 'times' must be a non-negative integer")
    return rules


def load_rules(path: str, variables: dict[str, str]) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return validate_rules(substitute(json.load(f), variables))


class FaultState:
    """Rules, their hit counts, and what the proxy learned about access keys."""

    def __init__(self, rules: list[dict[str, Any]]):
        self.lock = threading.Lock()
        self.rules = list(rules)
        self.hits = [0] * len(self.rules)
        self.key_accounts: dict[str, str] = {}

    def replace(self, rules: list[dict[str, Any]]) -> None:
        with self.lock:
            self.rules = list(rules)
            self.hits = [0] * len(self.rules)

    def extend(self, rules: list[dict[str, Any]]) -> None:
        with self.lock:
            self.rules.extend(rules)
            self.hits.extend([0] * len(rules))

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"rules": list(self.rules), "hits": list(self.hits)}

    def match(self, req: dict[str, Any]) -> dict[str, Any] | None:
        """First rule that matches and still has `times` left; counts the hit."""
        with self.lock:
            for i, rule in enumerate(self.rules):
                if rule["action"] not in ("*", req["action"]):
                    continue
                if "role_account" in rule and req["role_account"] != rule["role_account"]:
                    continue
                if "caller_account" in rule and req["caller_account"] != rule["caller_account"]:
                    continue
                times = rule.get("times")
                if times is not None and self.hits[i] >= times:
                    continue
                self.hits[i] += 1
                return rule
        return None

    def learn(self, access_key_id: str, account: str) -> None:
        with self.lock:
            self.key_accounts[access_key_id] = account

    def account_of(self, access_key_id: str | None) -> str:
        with self.lock:
            return self.key_accounts.get(access_key_id or "", MOTO_DEFAULT_ACCOUNT)


def _decode_chunked(rfile: Any) -> bytes:
    out = bytearray()
    while True:
        line = rfile.readline(65537)
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            # trailers until blank line
            while rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                pass
            return bytes(out)
        out += rfile.read(size)
        rfile.readline(65537)  # CRLF after chunk


ACCESS_KEY_RE = re.compile(r"Credential=([^/,\s]+)/")
ROLE_ARN_ACCOUNT_RE = re.compile(r"^arn:[^:]+:iam::(\d{12}):")


def describe_request(method: str, path: str, headers: Any, body: bytes) -> dict[str, Any]:
    """Pull out what rules match on: action, RoleArn account, caller account key."""
    params: dict[str, str] = {}
    url = urllib.parse.urlsplit(path)
    for k, v in urllib.parse.parse_qsl(url.query, keep_blank_values=True):
        params.setdefault(k, v)
    ctype = headers.get("Content-Type", "")
    if body and ("x-www-form-urlencoded" in ctype or (not ctype and b"Action=" in body)):
        try:
            for k, v in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
                params[k] = v
        except UnicodeDecodeError:
            pass
    action = params.get("Action", "")
    target = headers.get("X-Amz-Target")
    if not action and target:
        action = target.rsplit(".", 1)[-1]
    if not action:
        m = re.match(r"^/service/[^/]+/operation/([^/?]+)", url.path)
        if m:
            action = m.group(1)
    role_arn = params.get("RoleArn", "")
    if not role_arn and body and "json" in ctype:
        try:
            role_arn = str(json.loads(body).get("RoleArn", ""))
        except (ValueError, AttributeError):
            role_arn = ""
    m = ROLE_ARN_ACCOUNT_RE.match(role_arn)
    auth = headers.get("Authorization", "") or ""
    km = ACCESS_KEY_RE.search(auth)
    key = km.group(1) if km else params.get("X-Amz-Credential", "").split("/", 1)[0] or None
    return {
        "action": action,
        "role_account": m.group(1) if m else None,
        "access_key": key,
        "content_type": ctype,
    }


ASSUMED_KEY_RE = re.compile(rb"<AccessKeyId>([^<]+)</AccessKeyId>")


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "tenet-fault-proxy"
    sys_version = ""
    # set on the class by make_proxy
    state: FaultState
    upstream: tuple[str, int]
    verbose: bool = False

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.verbose:
            sys.stderr.write("proxy: " + (format % args) + "\n")

    # One upstream connection per proxy connection/thread.
    def _upstream(self) -> http.client.HTTPConnection:
        conn = getattr(self, "_conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(*self.upstream, timeout=300)
            self._conn = conn
        return conn

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return _decode_chunked(self.rfile)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for k, v in headers:
            if k.lower() in HOP_BY_HOP or k.lower() in ("content-length", "server", "date"):
                continue
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        # Headers and body in one write (no Nagle/delayed-ACK stall between them).
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(body)
        self.flush_headers()

    def _control(self, body: bytes) -> None:
        try:
            if self.command == "GET":
                payload = self.state.snapshot()
            elif self.command in ("PUT", "POST"):
                rules = validate_rules(json.loads(body or b"[]"))
                if self.command == "PUT":
                    self.state.replace(rules)
                else:
                    self.state.extend(rules)
                payload = self.state.snapshot()
            else:
                raise ValueError("use GET, PUT or POST")
            status = 200
        except ValueError as e:
            payload, status = {"error": str(e)}, 400
        self._send(status, json.dumps(payload).encode(), [("Content-Type", "application/json")])

    def _handle(self) -> None:
        body = self._read_body()
        if urllib.parse.urlsplit(self.path).path == "/__faults":
            self._control(body)
            return
        req = describe_request(self.command, self.path, self.headers, body)
        req["caller_account"] = self.state.account_of(req["access_key"])
        bypass = self.headers.get("x-tenet-no-faults") == "1"
        rule = None if bypass or not req["action"] else self.state.match(req)
        if rule is not None:
            self.log_message("fault %s -> %s", req["action"], json.dumps(rule)[:200])
            delay = float(rule.get("delay_seconds") or 0)
            if delay:
                time.sleep(delay)
            if rule.get("close"):
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if "body" in rule or "status" in rule:
                text = str(rule.get("body", ""))
                text = text.replace("{request_id}", str(uuid.uuid4()))
                text = text.replace("{action}", req["action"])
                headers = [("Content-Type", rule.get("content_type", "text/xml"))]
                headers += [("x-amzn-RequestId", str(uuid.uuid4()))]
                headers += list((rule.get("headers") or {}).items())
                self._send(int(rule.get("status", 400)), text.encode("utf-8"), headers)
                return
            # delay-only rule: fall through and forward
        self._forward(req, body)

    def _forward(self, req: dict[str, Any], body: bytes) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Content-Length"] = str(len(body))
        for attempt in (0, 1):
            conn = self._upstream()
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError) as e:
                conn.close()
                self._conn = None
                if attempt:
                    self.log_message("upstream moto failed: %r", e)
                    msg = f"fault proxy: moto did not answer: {e!r}".encode()
                    self._send(502, msg, [("Content-Type", "text/plain")])
                    return
        if req["action"] == "AssumeRole" and req["role_account"] and resp.status == 200:
            m = ASSUMED_KEY_RE.search(data)
            if m:
                self.state.learn(m.group(1).decode(), req["role_account"])
        self._send(resp.status, data, resp.getheaders())

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle

    def finish(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
        super().finish()


class ThreadingProxyServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    verbose = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients dropping connections mid-request are normal here; stay quiet unless asked.
        if self.verbose:
            super().handle_error(request, client_address)


def make_proxy(
    upstream: tuple[str, int], state: FaultState, verbose: bool = False
) -> ThreadingProxyServer:
    handler = type(
        "BoundProxyHandler",
        (ProxyHandler,),
        {"state": state, "upstream": upstream, "verbose": verbose},
    )
    server = ThreadingProxyServer(("127.0.0.1", 0), handler)
    server.verbose = verbose
    return server

