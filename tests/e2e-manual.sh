# The manual page's version (sourced by tests/run.sh, which defines BIN,
# TMP, pass and fail): man/trycksak.1.in has a placeholder where the
# version goes; the Makefile writes the page with its VERSION, and that
# is the version `trycksak --version` prints. (tests/e2e.sh checks that
# the page renders without groff warnings; tests/deb.sh checks the page
# the package installs.)
man_dir=$TMP/manual
grep -q '^\.TH TRYCKSAK 1 "[^"]*" "trycksak @VERSION@" ' man/trycksak.1.in && pass \
    || fail "man/trycksak.1.in: the .TH line has no @VERSION@ placeholder" "$(grep '^\.TH' man/trycksak.1.in)"
if out=$(env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory BUILD="$man_dir" "$man_dir/trycksak.1" 2>&1); then
    pass
    version=$("$BIN" --version | sed -n 's/^trycksak \([^ ]*\)$/\1/p')
    th=$(grep '^\.TH' "$man_dir/trycksak.1")
    if [ -n "$version" ] && [ "$th" = ".TH TRYCKSAK 1 $(sed -n 's/^\.TH TRYCKSAK 1 \("[^"]*"\) .*/\1/p' man/trycksak.1.in) \"trycksak $version\" \"User Commands\"" ]; then
        pass
    else
        fail "the manual's version is not trycksak --version's ($version)" "$th"
    fi
    grep -q '@VERSION@' "$man_dir/trycksak.1" && fail "the built manual still holds @VERSION@" || pass
    # man shows it in the page's footer.
    LC_ALL=C.UTF-8 groff -man -Tutf8 "$man_dir/trycksak.1" 2>/dev/null | tail -n 3 | grep -qF "trycksak $version" && pass \
        || fail "the rendered manual does not show trycksak $version"
else
    fail "make $man_dir/trycksak.1" "$out"
fi
