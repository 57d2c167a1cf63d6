#!/usr/bin/env python3
"""Diagnostics latency of `policyctl lsp` after a change, on the shipped policies.

Starts the server, opens every shipped policy (baseline and bureaus), then for each file
sends ROUNDS full-text changes alternating between a typo and the original text, and times
each from writing `didChange` to reading the `publishDiagnostics` of that version (the check
of the whole directory, as `check policies` does it). Prints the median, the 90th percentile
and the maximum per file, in milliseconds.

Usage: benchmarks/lsp-latency.py [POLICYCTL] [ROUNDS]   (default .build/release/policyctl, 40)
"""
import json, os, statistics, subprocess, sys, time

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/policyctl"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 40
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "policies"))
server = subprocess.Popen([binary, "lsp", "--today", "2026-10-01"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = server.stdout.read(1)
        if not byte:
            sys.exit("lsp-latency: the server closed its output")
        header += byte
    length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
    return json.loads(server.stdout.read(length))


def published(uri, version):
    """Reads messages until the diagnostics of `uri` at `version` arrive."""
    while True:
        message = receive()
        params = message.get("params", {})
        if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri and params.get("version") == version:
            return params["diagnostics"]


send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
receive()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
files = sorted(f for f in os.listdir(root) if f.endswith(".yaml"))
texts = {}
for name in files:
    path = os.path.join(root, name)
    texts[name] = open(path, encoding="utf-8").read()
    uri = "file://" + path
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": texts[name]}}})
    published(uri, 1)

print(f"policyctl lsp: diagnostics after a change, {rounds} changes per file, {len(files)} policies open")
for name in files:
    uri = "file://" + os.path.join(root, name)
    # A typo the checker reports: a misspelt param name in the baseline, a misspelt key in a bureau.
    typo = texts[name].replace("params.suspension_min_overdue_days", "params.suspension_min_overdue_day", 1) \
        if name == "baseline.yaml" else texts[name].replace("timezone:", "timezon:", 1)
    assert typo != texts[name], name
    times = []
    for version in range(2, rounds + 2):
        text = typo if version % 2 == 0 else texts[name]
        started = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
        diagnostics = published(uri, version)
        times.append((time.perf_counter() - started) * 1000)
        errors = [d for d in diagnostics if d["severity"] == 1]
        assert bool(errors) == (text is typo), (name, version, errors)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"  {name:16} median {statistics.median(times):6.1f} ms   p90 {p90:6.1f} ms   max {times[-1]:6.1f} ms   ({len(texts[name]):,} bytes)")

send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
send({"jsonrpc": "2.0", "method": "exit"})
sys.exit(server.wait())
