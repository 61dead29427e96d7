#!/usr/bin/env bash
# The Debian package on this machine: install it, check that it works
# without the source tree, remove it, check that nothing is left. Run by
# `make deb-test` as root (it installs and removes a package, so it is not
# part of `make test`):
#
#   tests/deb.sh build-deb/trycksak_VERSION_ARCH.deb
#
# The last line is "N passed, N failed"; the exit status is 0 only when
# nothing failed.
set -u
DEB=${1:?usage: tests/deb.sh PACKAGE.deb}
ROOT=$(pwd)
[ "$(id -u)" = 0 ] || { echo "tests/deb.sh: error: run as root (make deb-test uses sudo)" >&2; exit 2; }
[ -f "$DEB" ] || { echo "tests/deb.sh: error: no package '$DEB'; run make deb first" >&2; exit 2; }
if dpkg -s trycksak >/dev/null 2>&1; then
    echo "tests/deb.sh: error: trycksak is already installed as a package; this test would remove it. Remove it first: dpkg -r trycksak" >&2
    exit 2
fi

TMP=$(mktemp -d)
trap 'dpkg -r trycksak >/dev/null 2>&1; rm -rf "$TMP"' EXIT
# The installed program alone: no data folder from the environment, and
# run from elsewhere so nothing is found beside the source tree.
unset TRYCKSAK_DATA
export SOURCE_DATE_EPOCH=1773532800

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $1" >&2
    [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/    /' >&2
}

# ---- the package itself ---------------------------------------------------
info=$(dpkg-deb --info "$DEB")
for dep in fonts-open-sans fonts-dejavu-core libhpdf libcmark-gfm libharfbuzz libc6; do
    printf '%s\n' "$info" | grep -q "^ Depends:.*$dep" && pass || fail "control: Depends lacks $dep" "$info"
done
printf '%s\n' "$info" | grep -qE '^ +[0-9]+ bytes, +[0-9]+ lines +md5sums' && pass || fail "control: no md5sums" "$info"
contents=$(dpkg-deb --contents "$DEB")
for f in ./usr/bin/trycksak ./usr/share/man/man1/trycksak.1.gz ./usr/share/trycksak/layouts/bokslut.layout \
         ./usr/share/trycksak/templates/bokslut/document.ini ./usr/share/doc/trycksak/skrivguide.md \
         ./usr/share/doc/trycksak/copyright ./usr/share/doc/trycksak/changelog.gz; do
    printf '%s\n' "$contents" | grep -q " $f\( \|$\)" && pass || fail "package lacks $f"
done
printf '%s\n' "$contents" | grep -q '^-.*/usr/share/trycksak/fonts/.*\.ttf' \
    && fail "package ships font files instead of links to Debian's" || pass
printf '%s\n' "$contents" | grep -q '/usr/share/trycksak/fonts/.* -> /' \
    && fail "the package's font links are absolute (Debian's policy asks for relative ones)" || pass
# The copyright file is machine-readable (DEP-5) and names the fonts' licences.
copyright=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/share/doc/trycksak/copyright 2>/dev/null)
printf '%s\n' "$copyright" | head -n 1 | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    && printf '%s\n' "$copyright" | grep -q '^License: Apache-2.0$' \
    && printf '%s\n' "$copyright" | grep -q '^License: bitstream-vera$' && pass \
    || fail "usr/share/doc/trycksak/copyright is not a DEP-5 file naming the fonts' licences" "$copyright"
# The changelog's first entry is the package's version.
pkg_version=$(dpkg-deb --field "$DEB" Version)
dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/share/doc/trycksak/changelog.gz 2>/dev/null | gzip -dc \
    | head -n 1 | grep -q "^trycksak ($pkg_version) " && pass \
    || fail "the changelog's first entry is not version $pkg_version"

# ---- install ----------------------------------------------------------------
if out=$(dpkg -i "$DEB" 2>&1); then pass; else fail "dpkg -i failed" "$out"; exit 1; fi
[ -x /usr/bin/trycksak ] && pass || fail "/usr/bin/trycksak is not installed"
for f in $(dpkg -L trycksak | grep '/fonts/.*\.ttf$'); do
    [ -r "$f" ] && pass || fail "font link $f points nowhere"
done

cd "$TMP" || exit 2
version=$(/usr/bin/trycksak --version | sed -n 's/^trycksak \([^ ]*\)$/\1/p')
[ -n "$version" ] && pass || fail "trycksak --version"
# The manual the package installs names the same version.
zcat /usr/share/man/man1/trycksak.1.gz | grep -q "^\.TH TRYCKSAK 1 \"[^\"]*\" \"trycksak $version\" " && pass \
    || fail "the packaged manual's version is not trycksak --version's ($version)" \
            "$(zcat /usr/share/man/man1/trycksak.1.gz | grep '^\.TH')"
if out=$(/usr/bin/trycksak -o "$TMP/minimal.pdf" "$ROOT/samples/minimal" 2>&1) && [ -s "$TMP/minimal.pdf" ]; then
    pass
    pdfinfo "$TMP/minimal.pdf" >/dev/null 2>&1 && pass || fail "the PDF of samples/minimal does not open"
else
    fail "trycksak samples/minimal with the installed package" "$out"
fi
for layout in bokslut strategi tjansteskrivelse; do
    if out=$(/usr/bin/trycksak new "doc-$layout" --layout "$layout" 2>&1) &&
       out=$(/usr/bin/trycksak "doc-$layout" 2>&1) && [ -s "doc-$layout.pdf" ] && [ -z "$out" ]; then
        pass
    else
        fail "trycksak new --layout $layout, then typeset it" "$out"
    fi
done
if command -v man >/dev/null; then
    man -w trycksak 2>/dev/null | grep -q '^/usr/share/man/man1/trycksak.1.gz$' && pass \
        || fail "man -w trycksak does not find the manual"
fi

# ---- remove -----------------------------------------------------------------
cd "$ROOT" || exit 2
if out=$(dpkg -r trycksak 2>&1); then pass; else fail "dpkg -r failed" "$out"; fi
[ ! -e /usr/bin/trycksak ] && pass || fail "/usr/bin/trycksak is left after dpkg -r"
[ ! -e /usr/share/trycksak ] && pass || fail "/usr/share/trycksak is left after dpkg -r" "$(find /usr/share/trycksak | head)"
[ ! -e /usr/share/man/man1/trycksak.1.gz ] && pass || fail "the manual is left after dpkg -r"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
