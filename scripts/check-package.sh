#!/usr/bin/env bash
# Shows that a tarball from scripts/package.sh is self-contained, and measures it:
#
#   scripts/check-package.sh dist/policyctl-<version>-linux-<arch>.tar.gz
#
# - `ldd` of the packed binary names no Swift library (runtime, Foundation, Dispatch, ICU);
# - unpacked into a temporary directory, it evaluates the packed examples with an empty
#   environment (`env -i`) into exactly examples/expected/decisions.ndjson, and prints
#   every JSON Schema (`policyctl schema <name>`, compiled into the binary) byte for byte
#   as the packed schemas/, in a mount
#   namespace where the work tree, the Swift toolchain (/opt/swift) and the system's time
#   zone files are hidden (empty directories mounted over them), so nothing of the build
#   or the toolchain can be used; without `unshare` (not root) only `env -i` is used, and
#   it says so; in the same place, the binary copied alone into an empty folder checks the
#   packed policies (exit 0): it needs no file beside it;
# - the completions and the man page are there and not empty, and bash parses its script;
# - prints the binary's size, the tarball's and the start-up time (`--version`, and one
#   snapshot evaluated by the shipped policies, which loads and compiles them), 10 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:?usage: scripts/check-package.sh TARBALL}
[ -f "$tarball" ] || { echo "check-package: no $tarball (run scripts/package.sh)" >&2; exit 1; }
repo=$(pwd)

work=$(mktemp -d /tmp/policyctl-unpacked.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
name=$(basename "$tarball" .tar.gz)
root="$work/$name"
bin="$root/bin/policyctl"
[ -x "$bin" ] || { echo "check-package: $tarball has no $name/bin/policyctl" >&2; exit 1; }

if ldd "$bin" | grep -Ei 'swift|foundation|dispatch|icu|BlocksRuntime'; then
  echo "check-package: the packed binary loads the Swift libraries above" >&2
  exit 1
fi
echo "ldd: $(ldd "$bin" | awk '{print $1}' | tr '\n' ' ')"
# The newest C and C++ runtime versions it needs (what a target system must have at least).
if command -v objdump > /dev/null; then
  echo "needs: $(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)," \
    "$(objdump -T "$bin" | grep -o 'GLIBCXX_[0-9.]*' | sort -uV | tail -1)"
fi

for f in share/bash-completion/completions/policyctl share/zsh/site-functions/_policyctl \
  share/fish/vendor_completions.d/policyctl.fish share/man/man1/policyctl.1; do
  [ -s "$root/$f" ] || { echo "check-package: $f is missing or empty" >&2; exit 1; }
done
bash -n "$root/share/bash-completion/completions/policyctl"
grep -q '^\.Sh SYNOPSIS' "$root/share/man/man1/policyctl.1" || { echo "check-package: the man page has no SYNOPSIS" >&2; exit 1; }
grep -q 'eval' "$root/share/man/man1/policyctl.1" || { echo "check-package: the man page does not describe eval" >&2; exit 1; }

out="$work/decisions.ndjson"
schema_names="policy calendar policy-test snapshot decision"
[ "$(ls "$root/bin")" = policyctl ] || { echo "check-package: bin/ holds more than policyctl: $(ls "$root/bin")" >&2; exit 1; }
mkdir "$work/alone"
cp "$bin" "$work/alone/policyctl"
run_examples="cd '$root' && env -i ./bin/policyctl eval --policy policies examples/snapshots.ndjson > '$out' 2> '$work/stderr'"
for n in $schema_names; do
  run_examples="$run_examples && env -i ./bin/policyctl schema $n > '$work/schema-$n.json'"
done
# `|| echo $?`: the exit status is the result here, and must not stop the shell.
run_examples="$run_examples && { env -i '$work/alone/policyctl' check policies > /dev/null 2> '$work/alone/check-stderr'; echo \$? > '$work/alone/check-status'; }"
if [ "$(id -u)" -eq 0 ] && unshare -m true 2> /dev/null; then
  hide="mount -t tmpfs none '$repo'"
  [ -d /opt/swift ] && hide="$hide && mount -t tmpfs none /opt/swift"
  [ -d /usr/share/zoneinfo ] && hide="$hide && mount -t tmpfs none /usr/share/zoneinfo"
  unshare -m sh -c "$hide && $run_examples"
  how="env -i, work tree, /opt/swift and /usr/share/zoneinfo hidden"
else
  sh -c "$run_examples"
  how="env -i only (unshare needs root: the build tree was not hidden)"
fi
diff -u examples/expected/decisions.ndjson "$out"
echo "packed binary ($how): examples give exactly examples/expected/decisions.ndjson"
for n in $schema_names; do
  cmp "$root/schemas/$n.schema.json" "$work/schema-$n.json" \
    || { echo "check-package: \`policyctl schema $n\` differs from the packed schemas/$n.schema.json" >&2; exit 1; }
done
echo "packed binary ($how): \`policyctl schema\` prints each packed schemas/*.schema.json exactly ($schema_names)"
alone_check=$(cat "$work/alone/check-status")
if [ "$alone_check" != 0 ]; then
  echo "check-package: the binary copied alone should check the packed policies (exit 0); got $alone_check:" >&2
  cat "$work/alone/check-stderr" >&2
  exit 1
fi
echo "binary alone ($how): \`check policies\` exits 0 with nothing beside the binary"

# Start-up: the mean of 10 runs, in milliseconds.
mean_ms() {
  local start end
  start=$(date +%s%N)
  for _ in 1 2 3 4 5 6 7 8 9 10; do "$@" > /dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo $(( (end - start) / 10000000 ))
}
version_ms=$(mean_ms env -i "$bin" --version)
one_ms=$(mean_ms env -i "$bin" eval --policy "$root/policies" "$root/examples/household.json")
echo "size: binary $(( $(stat -c %s "$bin") / 1024 / 1024 )) MiB (stripped), tarball $(( $(stat -c %s "$tarball") / 1024 / 1024 )) MiB"
echo "start-up: --version ${version_ms} ms; eval of one snapshot with the shipped policies ${one_ms} ms (mean of 10)"
