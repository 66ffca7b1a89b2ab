#!/usr/bin/env python3
"""Run a local moto server for tenet's live-AWS tests.

    python tests/moto/serve.py [--faults FILE.json ...] [--set NAME=VALUE ...]
                               [--deny-assume-role ACCOUNT ...] [--proxy]
                               [--no-stdin] [--verbose]

Binds 127.0.0.1 only, on ports the OS picks. Once it serves, prints exactly one line to
stdout and flushes it:

    {"endpoint": "http://127.0.0.1:PORT", "moto": "http://127.0.0.1:PORT2", "proxy": true}

`endpoint` is what clients use (the fault proxy when there is one, else moto itself);
`moto` is always moto directly (for seeding around the faults, or its /moto-api/).
Nothing else is ever written to stdout. Logs go to stderr only with --verbose (fatal
start-up errors always do, with exit code 2).

Runs until SIGTERM/SIGINT/SIGHUP, or, when stdin is a pipe, until stdin reaches EOF (the
parent closed it or died); then exits 0. So a parent that spawns it with a piped stdin
(Rust: Stdio::piped(), keep the ChildStdin) and drops or kills it leaves no orphan, even
if the parent itself is SIGKILLed. A stdin that is not a pipe (/dev/null, a tty, a file)
is not watched; --no-stdin stops watching a pipe too.

Faults (see faults.py for the rule format):
  --faults FILE           load rules from FILE (repeatable; rules are tried in order).
                          `${NAME}` in the file is replaced by --set NAME=VALUE.
  --deny-assume-role ACC  shorthand: faults/access-denied-assume-role.json with ACCOUNT=ACC
                          (AssumeRole into ACC answers STS AccessDenied). Repeatable.
  --proxy                 run the fault proxy even with no rules, so rules can be set later
                          with PUT {endpoint}/__faults (a JSON rule list).
Any of these puts the proxy in front of moto.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import stat
import sys
import threading
import time
import urllib.request
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import faults  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--faults", action="append", default=[], metavar="FILE")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--deny-assume-role", action="append", default=[], metavar="ACCOUNT")
    p.add_argument("--proxy", action="store_true", help="run the fault proxy even without rules")
    p.add_argument("--no-stdin", action="store_true", help="do not stop on stdin EOF")
    p.add_argument("--verbose", action="store_true", help="log requests to stderr")
    return p.parse_args(argv)


def build_rules(args: argparse.Namespace) -> list[dict]:
    variables: dict[str, str] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--set wants NAME=VALUE, got {item!r}")
        variables[name] = value
    rules: list[dict] = []
    for path in args.faults:
        rules += faults.load_rules(path, variables)
    deny_file = os.path.join(HERE, "faults", "access-denied-assume-role.json")
    for account in args.deny_assume_role:
        if not (len(account) == 12 and account.isdigit()):
            raise ValueError(f"--deny-assume-role wants a 12-digit account id, got {account!r}")
        rules += faults.load_rules(deny_file, {**variables, "ACCOUNT": account})
    return rules


def quiet_everything() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    # Uncaught exceptions in server threads would print tracebacks to stderr.
    threading.excepthook = lambda _args: None


def stdin_is_pipe() -> bool:
    """Only a pipe or socket on stdin means "a parent holds the other end". /dev/null, a
    file, a tty or a closed fd 0 would stop the server at once or never, so they are not
    watched (then only a signal stops it)."""
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def wait_ready(url: str, deadline: float) -> None:
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last = e
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not answer: {last}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    else:
        quiet_everything()
    try:
        rules = build_rules(args)
    except (OSError, ValueError) as e:
        print(f"serve.py: {e}", file=sys.stderr)
        return 2

    # These would make moto ignore the caller's credentials and put everything in one account.
    for var in ("MOTO_ACCOUNT_ID",):
        if os.environ.pop(var, None) is not None and args.verbose:
            print(f"serve.py: ignoring {var} from the environment", file=sys.stderr)

    t0 = time.monotonic()
    try:
        from moto.server import ThreadedMotoServer

        # Import the backends we serve up front so the first request is not slow.
        import moto.iam.models  # noqa: F401
        import moto.organizations.models  # noqa: F401
        import moto.sts.models  # noqa: F401

        moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto_server.start()
        host, moto_port = moto_server.get_host_and_port()
        moto_url = f"http://{host}:{moto_port}"
        wait_ready(moto_url + "/moto-api/data.json", time.monotonic() + 60)

        proxy = None
        endpoint = moto_url
        if rules or args.proxy:
            state = faults.FaultState(rules)
            proxy = faults.make_proxy((host, moto_port), state, verbose=args.verbose)
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            endpoint = f"http://127.0.0.1:{proxy.server_address[1]}"
            wait_ready(endpoint + "/__faults", time.monotonic() + 30)
    except Exception as e:  # noqa: BLE001
        print(f"serve.py: could not start moto: {e!r}", file=sys.stderr)
        return 2

    if args.verbose:
        print(f"serve.py: ready in {time.monotonic() - t0:.2f}s", file=sys.stderr)

    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_signal)

    if not args.no_stdin and stdin_is_pipe():

        def watch_stdin() -> None:
            try:
                while sys.stdin.buffer.read1(4096):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()

    line = json.dumps({"endpoint": endpoint, "moto": moto_url, "proxy": proxy is not None})
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return 0

    while not stop.wait(0.5):
        pass

    if proxy is not None:
        proxy.shutdown()
    # moto_server.stop() joins a thread that may be mid-request; the process exit is enough.
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
