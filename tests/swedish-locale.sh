# The Swedish locale for the tests of Swedish messages (sourced by
# tests/e2e-swedish.sh and tests/e2e-walkthrough.sh, after tests/run.sh
# has defined TMP; sourcing it again does nothing).
#
# The test set-up generates sv_SE.UTF-8 itself, with localedef into
# $TMP/locale, and runs trycksak with LOCPATH pointing there: no root, no
# change to the system, and the same locale on every machine. It needs the
# locale sources of Debian's `locales` package (make deps installs it).
# Where they are missing, a system-wide sv_SE.UTF-8 (make locale, run by
# make deps) is used instead. SV_LOCALE_PROBLEM says why neither works.
#
#   in_swedish COMMAND...   runs COMMAND with LANG=sv_SE.UTF-8 (and no
#                           LC_ALL, LC_MESSAGES or LANGUAGE overriding it)
#   "${SV_ENV[@]}" COMMAND  the same as a command line, for `exec`
if [ -z "${SV_LOCALE_SOURCED:-}" ]; then
    SV_LOCALE_SOURCED=1
    SV_LOCPATH=
    SV_LOCALE_PROBLEM=
    if command -v localedef >/dev/null \
       && mkdir -p "$TMP/locale" \
       && localedef -i sv_SE -f UTF-8 "$TMP/locale/sv_SE.UTF-8" >"$TMP/locale/localedef.log" 2>&1; then
        SV_LOCPATH=$TMP/locale
    elif ! locale -a 2>/dev/null | grep -qi '^sv_SE\.utf-\?8$'; then
        SV_LOCALE_PROBLEM="cannot generate the sv_SE.UTF-8 locale ($(tail -n 1 "$TMP/locale/localedef.log" 2>/dev/null)); run 'make deps' (it installs the locales package and generates the locale)"
    fi
fi

SV_ENV=(env -u LC_ALL -u LANGUAGE -u LC_MESSAGES ${SV_LOCPATH:+LOCPATH="$SV_LOCPATH"} LANG=sv_SE.UTF-8)
in_swedish() { "${SV_ENV[@]}" "$@"; }
