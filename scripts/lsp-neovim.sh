#!/usr/bin/env bash
# End-to-end test of `policyctl lsp` with a real client: Neovim's built-in LSP client
# (nvim --headless, scripts/lsp-neovim.lua) opens a copy of the shipped baseline, a typo is
# typed into the buffer, and the diagnostic Neovim received must be the one
# `policyctl check --format json` reports for the same text: same line, same column (Neovim
# counts bytes, check counts characters; the edited line has Chinese text before the typo),
# same code and message, help line under it; hover and go to definition on a fact answer
# through the client. Usage: scripts/lsp-neovim.sh [POLICYCTL]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/policyctl}")
command -v nvim > /dev/null || { echo "lsp-neovim: nvim is not installed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r policies "$work/policies"
export POLICYCTL="$bin" POLICY_FILE="$work/policies/baseline.yaml" LSP_RESULT="$work/neovim.json"
export TYPO_FROM='"${amount_due} yuan unpaid' TYPO_TO='"欠费 ${amount_du} yuan unpaid'
timeout 120 nvim --headless -n -u NONE -i NONE -c "luafile scripts/lsp-neovim.lua" > "$work/nvim.log" 2>&1 \
  || { cat "$work/nvim.log" >&2; echo "lsp-neovim: nvim failed" >&2; exit 1; }
[ -s "$LSP_RESULT" ] || { cat "$work/nvim.log" >&2; echo "lsp-neovim: nvim wrote no result" >&2; exit 1; }

# The same typo on disk, for `check`.
python3 - "$POLICY_FILE" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
assert os.environ["TYPO_FROM"] in text
open(path, "w", encoding="utf-8").write(text.replace(os.environ["TYPO_FROM"], os.environ["TYPO_TO"], 1))
PY
"$bin" check --format json --today 2026-10-01 "$work/policies" > "$work/check.json" 2> /dev/null || true

python3 - "$LSP_RESULT" "$work/check.json" "$POLICY_FILE" <<'PY'
import json, sys
result, check, path = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
if "failure" in result:
    sys.exit(f"lsp-neovim: {result['failure']}")
assert result["initial_errors"] == 0, f"the shipped baseline has errors in Neovim: {result}"
lines = open(path, encoding="utf-8").read().split("\n")
expected = []
for d in check["diagnostics"]:
    if d["file"] != path or d["severity"] != "error":
        continue
    line = lines[d["line"] - 1]
    byte_col = len(line[: d["column"] - 1].encode("utf-8"))   # check counts characters, Neovim bytes
    message = d["message"] + ("\nhelp: " + d["help"] if "help" in d else "")
    expected.append((d["line"] - 1, byte_col, d["code"], message))
got = sorted((d["lnum"], d["col"], d["code"], d["message"]) for d in result["diagnostics"])
if got != sorted(expected) or not expected:
    sys.exit(f"lsp-neovim: Neovim received {got}\n  but check reports {sorted(expected)}")
hover = result.get("hover") or ""
if not hover.startswith("**fact** `arrears`: `decimal`"):
    sys.exit(f"lsp-neovim: hover on `arrears` gave {hover!r}")
declared = next(i for i, line in enumerate(lines) if line == "  arrears:")
if result.get("definition") != {"uri": "file://" + path, "line": declared}:
    sys.exit(f"lsp-neovim: definition of `arrears` gave {result.get('definition')}, not line {declared + 1} of the baseline")
if result["exit_code"] != 0:
    sys.exit(f"lsp-neovim: the server exited with {result['exit_code']} after shutdown")
for lnum, col, code, message in got:
    shown = message.replace("\n", "\n    ")
    print(f"lsp-neovim: Neovim received {code} at {lnum + 1}:{col + 1} (byte column):\n    {shown}")
print(f"lsp-neovim: hover and go to definition of `arrears` answered (line {declared + 1})")
print(f"lsp-neovim: the same as check's; received {result['latency_ms']:.0f} ms after the edit (Neovim's clock, no debounce)")
PY
