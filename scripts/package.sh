#!/usr/bin/env bash
# Builds a self-contained release `policyctl` (the Swift runtime and Foundation linked
# statically) and packs it with the shipped policies, the JSON Schemas, the examples, shell
# completions and man pages:
#
#   scripts/package.sh [OUTDIR]          (default: dist/)
#
# Writes OUTDIR/policyctl-<version>-linux-<arch>.tar.gz, whose one top directory holds
# bin/policyctl (the JSON Schemas, which `policyctl schema` prints and the compiler reads the
# action vocabulary from, are compiled into it), policies/, schemas/, examples/, share/man/man1/ and the completions under share/ (bash,
# zsh, fish), and prints the tarball's path on stdout. The build goes to
# .build-release/ (kept, so a second run only relinks what changed).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-dist}
scratch=.build-release

# --static-swift-stdlib links the Swift runtime, Foundation and Dispatch as static archives.
swift build -c release --product policyctl --static-swift-stdlib --scratch-path "$scratch" >&2
bin="$scratch/release/policyctl"

# Fail here, not on a user's machine, when a Swift library would still be loaded at run time.
if ldd "$bin" | grep -Ei 'swift|foundation|dispatch|icu|BlocksRuntime'; then
  echo "package: $bin still needs the Swift libraries above" >&2
  exit 1
fi

version=$("$bin" --version)
arch=$(uname -m)
name="policyctl-$version-linux-$arch"

# The man page comes from argument-parser's manual generator (the tool behind its
# `generate-manual` plugin), built from the checkout this package resolved and run on the
# built binary. The plugin itself is not used: it rebuilds every product of this package
# (benchmarks included) without the static flags. Inside that checkout the tool is an
# executable of the root package, so `swift build --product` can build it alone.
swift build -c release --package-path "$scratch/checkouts/swift-argument-parser" \
  --scratch-path .build-manual --product generate-manual >&2
manual=.build-manual/release/generate-manual

# The last commit's time dates the man page and the tarball's files: the same tree packs the
# same way.
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
  "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"
install -m 0755 "$bin" "$root/bin/policyctl"
strip "$root/bin/policyctl"
# -H: `schemas` is a link to Sources/Policy/Resources/schemas; the tarball holds the files.
cp -RH policies schemas examples "$root/"
cp README.md CHANGELOG.md "$root/"
"$root/bin/policyctl" --generate-completion-script bash > "$root/share/bash-completion/completions/policyctl"
"$root/bin/policyctl" --generate-completion-script zsh > "$root/share/zsh/site-functions/_policyctl"
"$root/bin/policyctl" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/policyctl.fish"
"$manual" "$root/bin/policyctl" --output-directory "$root/share/man/man1" \
  --section 1 --date "$(date -u -d "@$stamp" +%F)" >&2

mkdir -p "$out"
tarball="$out/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -C "$stage" -cf - "$name" \
  | gzip -n > "$tarball"
echo "$tarball"
