#!/usr/bin/env python3
"""Instructions per snapshot of `policyctl eval`, counted by valgrind's callgrind.

    python3 benchmarks/instructions.py [--binary PATH] [--policy DIR] [--lines N] [--top K]

Timings on a shared virtual machine vary by 10-30 % from run to run; instruction counts
vary by about 0.5 % (thread hand-offs and the allocator), so a change that saves 2 % is
visible at once. The script runs `eval --jobs 1` under callgrind on the first N lines of
the benchmark data and on its first line alone, counting only inside the worker's batch
evaluation (`StreamEvaluator.evaluate`: decoding, deciding, writing; not reading policies
or the input), and prints the difference divided by N - 1: instructions per snapshot, in
total, by phase (inclusive) and by function (self). Instructions are not time (a cache
miss or a contended reference count costs more than its instruction), so confirm a change
with `run-eval.sh` too.

callgrind cannot read the debug information Swift writes, so it runs a copy of the binary
without it (`strip --strip-debug`, which keeps the symbols).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Inclusive phases worth watching, by a fragment of their demangled name.
PHASES = [
    ("decoding (FastSnapshotDecoder)", "FastSnapshotDecoder.decode("),
    # Programs are inside deciding: `Program.evaluate` is inlined into `DecisionRun` since
    # session 10, so their share is no longer counted apart.
    ("deciding (DecisionRun, with programs)", "specialized DecisionRun.evaluate(into:)"),
    ("  binding the snapshot", "specialized DecisionRun.bind("),
    ("writing (DecisionJSON)", "static DecisionJSON.write("),
]


def annotate(out_file, inclusive):
    """Total instructions and instructions by (mangled) function in one callgrind output file."""
    args = ["callgrind_annotate", "--threshold=100"] + (["--inclusive=yes"] if inclusive else []) + [out_file]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    counts = {}
    total = 0
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([\s\d.]+%\)\s+(.*)", line)
        if not m:
            continue
        count = int(m.group(1).replace(",", ""))
        name = re.sub(r"\s*\[.*\]$", "", m.group(2))
        if name.startswith("PROGRAM TOTALS"):
            total = count
            continue
        name = name.split(":", 1)[1] if name.startswith("???:") else name
        counts[name] = counts.get(name, 0) + count
    return total, counts


def demangle(names):
    joined = "\n".join(names)
    out = subprocess.run(["swift-demangle", "--simplified", "--compact"], input=joined, capture_output=True, text=True).stdout
    return dict(zip(names, out.splitlines()))


def callgrind(binary, policy, lines_file, out_file):
    # Swift seeds its hashing per process; a fixed seed makes dictionaries probe the same way
    # in every run, so that two runs of one binary count the same (else they differ by ~0.5 %).
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
                    "--toggle-collect=*StreamEvaluator*evaluate*", binary, "eval", "--jobs", "1",
                    "--policy", policy, lines_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/policyctl"),
                        help="a release build (default: .build/release/policyctl, built if missing)")
    parser.add_argument("--policy", default=os.path.join(ROOT, "policies"))
    parser.add_argument("--data", default=os.path.join(ROOT, "benchmarks/data/snapshots-1000000-42.ndjson"),
                        help="NDJSON snapshots (default: the benchmark data; generated from seed 42 if missing)")
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--keep", metavar="DIR",
                        help="copy the callgrind files (many.out, one.out) to DIR, for `callgrind_annotate --tree=calling`")
    args = parser.parse_args()

    if not os.path.exists(args.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "policyctl"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as work:
        lines_file = os.path.join(work, "lines.ndjson")
        first_file = os.path.join(work, "first.ndjson")
        if os.path.exists(args.data):
            with open(args.data, "rb") as source:
                lines = [source.readline() for _ in range(args.lines)]
        else:
            generated = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks/generate.py"), "--count",
                                        str(args.lines), "--seed", "42"], capture_output=True, check=True).stdout
            lines = generated.splitlines(keepends=True)
        lines = [line for line in lines if line]
        with open(lines_file, "wb") as out:
            out.writelines(lines)
        with open(first_file, "wb") as out:
            out.write(lines[0])
        stripped = os.path.join(work, "policyctl")
        subprocess.run(["strip", "--strip-debug", "-o", stripped, args.binary], check=True)
        many, one = os.path.join(work, "many.out"), os.path.join(work, "one.out")
        callgrind(stripped, args.policy, lines_file, many)
        callgrind(stripped, args.policy, first_file, one)

        snapshots = len(lines) - 1
        total_many, self_many = annotate(many, inclusive=False)
        total_one, self_one = annotate(one, inclusive=False)
        _, incl_many = annotate(many, inclusive=True)
        _, incl_one = annotate(one, inclusive=True)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for kept in (many, one):
                shutil.copy(kept, args.keep)

    per = (total_many - total_one) / snapshots
    names = demangle(sorted(set(self_many) | set(incl_many)))
    print(f"{per:,.0f} instructions per snapshot ({len(lines):,} snapshots, policy {os.path.relpath(args.policy)})")
    print("\nphases (inclusive):")
    for label, fragment in PHASES:
        value = sum((incl_many[n] - incl_one.get(n, 0)) for n in incl_many
                    if names.get(n, n).startswith(fragment) and "'" not in names.get(n, n)) / snapshots
        print(f"{value:10,.0f}  {label}")
    print(f"\nfunctions (self), top {args.top}:")
    rows = sorted(((self_many[n] - self_one.get(n, 0)) / snapshots, n) for n in self_many)
    for value, name in reversed(rows[-args.top:]):
        print(f"{value:10,.0f} {value / per * 100:5.1f}%  {names.get(name, name)[:110]}")


if __name__ == "__main__":
    main()
