#!/usr/bin/env python3
"""Load one page in headless Chromium and report what happened, for tests/it/report_html.rs.

    cdp.py --chromium /usr/bin/chromium --url file:///.../report.html --screenshot out.png \
           [--width 1280] [--max-height PX] [--eval JS]...

The screenshot is the whole page, or its top --max-height pixels (the README's picture:
--max-height 1060 of `tenet report examples/acme --as-of 2026-11-20T00:00:00Z`).

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 carries
commands in, fd 4 events and replies out, each message JSON ending in NUL), so it needs no
port, no websocket and nothing outside the Python standard library.

Prints one JSON object on stdout:
  requests    every URL the page asked for (Network.requestWillBeSent), the page itself included
  console     console messages of level error or warning: [{"level", "text"}]
  exceptions  uncaught exceptions: [text]
  log         browser log entries of level error or warning (CSP violations, failed loads)
  values      the value of each --eval expression, in order, evaluated after the load event
Exit 1 with a message on stderr when the browser cannot be driven (no JSON then).
"""

import argparse
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60.0  # seconds for the whole run; a healthy one takes about two


class Browser:
    def __init__(self, chromium, user_data_dir):
        # The pipe ends Chromium expects on fds 3 and 4, duplicated high enough that they are
        # not clobbered while being moved into place.
        cmd_read, self.cmd_write = os.pipe()
        self.evt_read, evt_write = os.pipe()
        high_in = os.dup2(cmd_read, 100)
        high_out = os.dup2(evt_write, 101)
        for fd in (cmd_read, evt_write):
            os.close(fd)

        def child_fds():
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.proc = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                f"--user-data-dir={user_data_dir}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=child_fds,
        )
        os.close(high_in)
        os.close(high_out)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT

    def _read_message(self):
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.evt_read], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.evt_read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.cmd_write, data):]
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method):
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def drain(self, seconds):
        """Collects the events that arrive within `seconds`."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.evt_read], [], [], left)
            if not ready:
                return
            chunk = os.read(self.evt_read, 1 << 20)
            if not chunk:
                return
            self.buffer += chunk
            while b"\0" in self.buffer:
                message, self.buffer = self.buffer.split(b"\0", 1)
                self.events.append(json.loads(message))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def remote_text(obj):
    if "value" in obj:
        return obj["value"] if isinstance(obj["value"], str) else json.dumps(obj["value"])
    return obj.get("description") or obj.get("type", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--max-height", type=int, default=0)
    parser.add_argument("--eval", action="append", default=[], dest="expressions")
    args = parser.parse_args()

    user_data_dir = tempfile.mkdtemp(prefix="tenet-chromium-")
    browser = Browser(args.chromium, user_data_dir)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.call(f"{domain}.enable", session=session)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": args.width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        browser.call("Page.navigate", {"url": args.url}, session=session)
        browser.wait_for("Page.loadEventFired")
        browser.drain(0.5)  # late console messages, requests started by scripts

        values = []
        for expression in args.expressions:
            result = browser.call(
                "Runtime.evaluate",
                {"expression": expression, "returnByValue": True, "awaitPromise": True},
                session=session,
            )
            if "exceptionDetails" in result:
                details = result["exceptionDetails"]
                thrown = remote_text(details.get("exception", {})) or details.get("text", "")
                raise RuntimeError(f"--eval {expression!r} threw: {thrown}")
            values.append(result["result"].get("value"))

        metrics = browser.call("Page.getLayoutMetrics", session=session)
        height = int(metrics["cssContentSize"]["height"]) + 1
        if args.max_height:
            height = min(height, args.max_height)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": args.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        shot = browser.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": not args.max_height,
                "clip": {"x": 0, "y": 0, "width": args.width, "height": height, "scale": 1},
            },
            session=session,
        )
        with open(args.screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        browser.drain(0.2)
    finally:
        browser.close()
        shutil.rmtree(user_data_dir, ignore_errors=True)

    report = {"requests": [], "console": [], "exceptions": [], "log": [], "values": values}
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            report["requests"].append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
            text = " ".join(remote_text(a) for a in params.get("args", []))
            report["console"].append({"level": params["type"], "text": text})
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            report["exceptions"].append(
                remote_text(details.get("exception", {})) or details.get("text", "")
            )
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            entry = params["entry"]
            report["log"].append(f"{entry['level']}: {entry['text']} {entry.get('url', '')}".strip())
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one clear line for the Rust test to show
        print(f"cdp.py: {e}", file=sys.stderr)
        sys.exit(1)
