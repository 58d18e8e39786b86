#!/bin/sh
# fetch-source.sh NAME DESTDIR
# Fetches the Debian source package NAME with `apt-get source
# --download-only`, unpacks it with dpkg-source -x under DESTDIR (a cache in
# the build tree) and prints the unpacked directory. Once DESTDIR/NAME is
# there, a second call prints it and touches nothing (no network).
# Needs a deb-src entry in APT's sources (scripts/install-deps adds one) and
# dpkg-dev. Exits 1 with "source package NAME could not be fetched" when the
# archive cannot be reached or does not have NAME.
set -u
if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
    echo "usage: fetch-source.sh NAME DESTDIR" >&2
    exit 2
fi
name=$1
dest=$2
unpacked=$dest/$name

fail() {
    echo "fetch-source.sh: source package $name could not be fetched: $*" >&2
    exit 1
}

# The cache: DESTDIR/NAME is renamed into place only once fully unpacked.
if [ -d "$unpacked" ] && [ -f "$unpacked/.fetched" ]; then
    echo "$unpacked"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not installed"
command -v dpkg-source >/dev/null 2>&1 || fail "dpkg-source is not installed (package dpkg-dev; run scripts/install-deps)"
mkdir -p "$dest" || fail "cannot create $dest"
dest=$(cd "$dest" && pwd) || fail "cannot enter $dest"
unpacked=$dest/$name

# Two builds may race for the same package: one lock per name.
lock=$dest/.$name.lock
if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    flock 9
    if [ -d "$unpacked" ] && [ -f "$unpacked/.fetched" ]; then
        echo "$unpacked"
        exit 0
    fi
fi

work=$dest/.$name.tmp.$$
rm -rf "$work"
mkdir -p "$work/dl" || fail "cannot create $work"
trap 'rm -rf "$work"' EXIT INT TERM

log=$work/apt.log
if ! (cd "$work/dl" && apt-get source --download-only -qq "$name") >"$log" 2>&1; then
    sed 's/^/  /' "$log" >&2
    if grep -q "deb-src" "$log"; then
        fail "APT has no deb-src entry (run scripts/install-deps)"
    fi
    fail "apt-get source --download-only failed (archive unreachable or no such source package; a fresh deb-src entry needs apt-get update)"
fi
dsc=$(ls "$work"/dl/*.dsc 2>/dev/null | head -n 1)
[ -n "$dsc" ] || fail "apt-get source left no .dsc file"
if ! dpkg-source --no-check -x "$dsc" "$work/src" >"$log" 2>&1; then
    sed 's/^/  /' "$log" >&2
    fail "dpkg-source -x $(basename "$dsc") failed"
fi
basename "$dsc" >"$work/src/.fetched"
rm -rf "$unpacked"
mv "$work/src" "$unpacked" || fail "cannot move the unpacked tree to $unpacked"
echo "$unpacked"
