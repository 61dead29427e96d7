# trycksak — build, samples, tests, install.
#
#   make samples   builds and typesets every folder under samples/ into out/
#   make test      installs what is missing, runs every test, then again
#                  under AddressSanitizer and UBSan
#
# Dependencies are Debian packages; `make deps` installs the missing ones.

PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR  = $(PREFIX)/share/trycksak
VERSION  = 0.1.0

CC      ?= cc
PKGS     = harfbuzz freetype2 libcmark-gfm inih libpng zlib
# pkg-config is only asked when building, so `make deps` works before it exists.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# -Wno-missing-field-initializers: a positional initialiser {r, g, b} of a
# struct that later gained fields (dev_color's CMYK) means "the rest zero",
# as C defines it; -Wextra would otherwise reject every such line.
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-missing-field-initializers -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
             -DTS_VERSION='"$(VERSION)"' -DTS_DATADIR='"$(DATADIR)"' \
             $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LIBS     = -lhpdf -lcsv -lhyphen -lcmark-gfm-extensions $(PKG_LIBS) -lm -pthread

BUILD   ?= build
SRC      = $(sort $(wildcard src/*.c src/*/*.c))
OBJ      = $(SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The message catalogues (po/LANG.po, compiled for the binary; see po-update).
PO_LANGS = sv
MO       = $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/trycksak.mo)

# Debian packages: libraries, fonts, colour profile, PDF checkers.
DEB_PKGS = pkg-config libhpdf-dev libcsv-dev libfreetype-dev libharfbuzz-dev libpng-dev \
           libcmark-gfm-dev libcmark-gfm-extensions-dev libhyphen-dev zlib1g-dev hyphen-sv wswedish \
           libinih-dev icc-profiles-free fonts-open-sans fonts-dejavu-core \
           libcmocka-dev poppler-utils qpdf python3-pikepdf python3-pyphen \
           clang libclang-rt-14-dev groff-base valgrind gettext locales
SUDO     = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

FONT_SRC = /usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf \
           /usr/share/fonts/truetype/open-sans/OpenSans-Italic.ttf \
           /usr/share/fonts/truetype/open-sans/OpenSans-Semibold.ttf \
           /usr/share/fonts/truetype/open-sans/OpenSans-SemiboldItalic.ttf \
           /usr/share/fonts/truetype/open-sans/OpenSans-Bold.ttf \
           /usr/share/fonts/truetype/open-sans/OpenSans-BoldItalic.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf

.PHONY: all deps fonts samples test check asan install uninstall clean golden-update fuzz fuzz-build fuzz-regressions fuzz-plateau valgrind faults

all: trycksak $(BUILD)/trycksak.1

trycksak: $(BUILD)/trycksak
	cp $< $@

$(BUILD)/trycksak: $(OBJ) | $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Every stage but main.c, as an archive: unit tests and fuzz harnesses
# link only what they use.
LIB_OBJ = $(filter-out $(BUILD)/src/main.o,$(OBJ))
$(BUILD)/libtrycksak.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtrycksak.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtrycksak.a $(LIBS) -lcmocka

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "installing: nodejs npm"; $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@$(MAKE) --no-print-directory fonts locale $(PDFJS)

# pdf.js (npm pdfjs-dist, the version pinned in tests/pdfjs/package-lock.json),
# the suite's independent reader of the structure tree (tests/pdfjs/struct.mjs);
# 4.8 is the last release that runs on node 18, Debian 12's nodejs. Its
# optional canvas (for rendering, native code) is not installed.
PDFJS = tests/pdfjs/node_modules/.package-lock.json
$(PDFJS): tests/pdfjs/package.json tests/pdfjs/package-lock.json
	npm ci --prefix tests/pdfjs --omit=optional --no-audit --no-fund --loglevel=error

# The Swedish locale, system-wide (generated once; needs root, as `deps`
# does). The tests generate their own copy under their temporary folder
# from the `locales` package's sources (tests/swedish-locale.sh) and use
# this one only when they cannot.
locale:
	@locale -a 2>/dev/null | grep -qi '^sv_SE\.utf-\?8$$' || { \
	  echo "generating the sv_SE.UTF-8 locale"; \
	  $(SUDO) sed -i 's/^# *sv_SE.UTF-8/sv_SE.UTF-8/' /etc/locale.gen && $(SUDO) locale-gen >/dev/null; }

# ---- messages in Swedish (gettext) ---------------------------------------
# po/sv.po is the Swedish catalogue; msgfmt compiles it into
# $(BUILD)/locale/sv/LC_MESSAGES/trycksak.mo, where a binary in the source
# tree finds it. `make po-update` extracts every message from the sources
# into po/trycksak.pot (ts_error and ts_warning formats, _("…"),
# ngettext) and merges it into po/sv.po: translate the new entries (empty
# or marked fuzzy) there. The suite fails while any message is untranslated.
LOCALEDIR   = $(PREFIX)/share/locale
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --add-location=file --sort-by-file \
           --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
           --keyword=ts_error:3 --keyword=ts_warning:3 --keyword=ts_diag_report:4 \
           --keyword=st_error:1 \
           --flag=ts_error:3:c-format --flag=ts_warning:3:c-format \
           --flag=ts_diag_report:4:c-format --flag=st_error:1:c-format \
           --flag=usage_error:1:c-format \
           --package-name=trycksak --package-version=$(VERSION) --msgid-bugs-address=

$(BUILD)/locale/%/LC_MESSAGES/trycksak.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# `make pot POT=FILE` extracts into another file (the suite's check).
POT ?= po/trycksak.pot
.PHONY: locale pot po-update
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(SRC)
po-update: pot
	@for l in $(PO_LANGS); do msgmerge --quiet --update --backup=none --add-location=file \
	  po/$$l.po po/trycksak.pot || exit 1; done
	@msgfmt --statistics -o /dev/null po/sv.po

# ---- the manual page -------------------------------------------------------
# man/trycksak.1.in holds @VERSION@ where the version goes; the page in
# $(BUILD)/ has VERSION, the version the binary is compiled with, so
# `trycksak --version` and the manual agree (tests/e2e-manual.sh). The
# stamp $(BUILD)/version changes only when VERSION does, and rebuilds what
# prints the version: main.o (--version), pdf.o (the PDF's Producer) and
# the page.
VERSION_STAMP = $(BUILD)/version
$(VERSION_STAMP): FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = "$(VERSION)" ] || echo "$(VERSION)" >$@
$(BUILD)/src/main.o $(BUILD)/src/pdf/pdf.o: $(VERSION_STAMP)
$(BUILD)/trycksak.1: man/trycksak.1.in $(VERSION_STAMP)
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/g' $< >$@.tmp && mv $@.tmp $@
.PHONY: FORCE
FORCE:

# The fonts the layouts name, from Debian's packages (not committed).
fonts:
	@mkdir -p fonts
	@for f in $(FONT_SRC); do \
	  [ -f fonts/$$(basename $$f) ] || cp $$f fonts/; done

samples: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	@for d in samples/*/; do \
	  n=$$(basename $$d); echo "trycksak $$d -> out/$$n.pdf"; \
	  ./trycksak -o out/$$n.pdf $$d || exit 1; done

test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory faults

# The suite against the normal build.
check: all $(TEST_BIN) $(PDFJS)
	@bash tests/run.sh ./trycksak $(BUILD)/tests

# The suite again under AddressSanitizer and UBSan, in its own build folder.
asan: $(PDFJS)
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/trycksak $(TEST_BIN:$(BUILD)/%=build-asan/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash tests/run.sh build-asan/trycksak build-asan/tests

# Fuzzing with libFuzzer (clang): every harness in tests/fuzz/ is built in
# build-fuzz/ with ASan and UBSan, then run for FUZZ_SECONDS from its seed
# corpus tests/fuzz/corpus/NAME/; what it learns is kept in
# build-fuzz/corpus/NAME/ and findings go to build-fuzz/findings/.
# `make fuzz FUZZERS=markdown FUZZ_SECONDS=600` runs one harness longer.
FUZZERS      ?= docini markdown layout pipeline chart \
                $(if $(wildcard src/read/csv.c),csv)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS   = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
                -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_BIN      = $(FUZZERS:%=build-fuzz/fuzz/fuzz_%)

build-fuzz/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build-fuzz/libtrycksak.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	  build-fuzz/libtrycksak.a $(LIBS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" $(FUZZ_BIN)

# Replay every input that once failed (tests/fuzz/regressions/HARNESS-*).
fuzz-regressions: fuzz-build
	@for f in tests/fuzz/regressions/*-*; do \
	  [ -f "$$f" ] || continue; h=$$(basename $$f); h=$${h%%-*}; \
	  TRYCKSAK_DATA=$(CURDIR) build-fuzz/fuzz/fuzz_$$h -timeout=10 $$f >build-fuzz/regression.log 2>&1 \
	    || { tail -n 40 build-fuzz/regression.log; echo "fuzz regression $$f fails"; exit 1; }; \
	done; echo "fuzz regressions pass"

fuzz: fuzz-regressions
	@mkdir -p build-fuzz/findings
	@for f in $(FUZZERS); do \
	  mkdir -p build-fuzz/corpus/$$f; \
	  dict=; [ -f tests/fuzz/$$f.dict ] && dict=-dict=tests/fuzz/$$f.dict; \
	  echo "fuzz_$$f: $(FUZZ_SECONDS) s"; \
	  TRYCKSAK_DATA=$(CURDIR) ASAN_OPTIONS=detect_leaks=1 \
	  build-fuzz/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=4096 -print_final_stats=1 $$dict \
	    -artifact_prefix=build-fuzz/findings/$$f- \
	    build-fuzz/corpus/$$f tests/fuzz/corpus/$$f 2>build-fuzz/fuzz_$$f.log \
	    || { tail -n 60 build-fuzz/fuzz_$$f.log; exit 1; }; \
	  grep -E '^#[0-9]+[[:space:]]+DONE' build-fuzz/fuzz_$$f.log | sed 's/^/  /'; \
	done

# Fuzz each of FUZZERS in turn until its coverage has not grown for
# QUIET_MINUTES (default 15; PLATEAU_MAX_MINUTES caps a harness, default
# 120), one fuzzing process at a time; one summary line per harness
# (tests/fuzz/plateau.sh). Stops at the first finding.
QUIET_MINUTES ?= 15
fuzz-plateau: fuzz-regressions
	@for f in $(FUZZERS); do \
	  bash tests/fuzz/plateau.sh $$f $(QUIET_MINUTES) || exit 1; \
	done

# The suite again under Valgrind (memcheck, every leak counted), on the
# normal build: every trycksak run and unit program; see RUN_WRAPPER in
# tests/run.sh.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
           --errors-for-leak-kinds=definite,possible --show-leak-kinds=definite,possible
valgrind: all $(TEST_BIN) $(PDFJS)
	@RUN_WRAPPER="$(VALGRIND)" bash tests/run.sh ./trycksak $(BUILD)/tests

# Fault injection: the Nth allocation of our own code fails, swept over N
# on a small document (tests/faults.sh), in a build of its own with the
# sanitizers; each failure must exit 2 cleanly and leave no partial PDF.
faults:
	@$(MAKE) --no-print-directory BUILD=build-fault \
	  CFLAGS="-O1 -g -DTS_FAULT_INJECTION -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build-fault/trycksak
	@for d in tests/e2e/swedish samples/trygghetsbokslut-2026; do echo "faults: $$d"; \
	  ASAN_OPTIONS=detect_leaks=1 bash tests/faults.sh build-fault/trycksak $$d || exit 1; done

golden-update: all
	@bash tests/run.sh ./trycksak $(BUILD)/tests --update-golden

# Benchmarks (not timed tests): bench/run.sh runs every bench/*.sh.
# bench/perf.sh prints the main table (text, tables, charts at 100, 500,
# 2 000 pages; the floor); docs/performance.md keeps the figures.
.PHONY: bench bench-peers
bench: all
	@command -v hyperfine >/dev/null || $(MAKE) --no-print-directory BENCH_PKGS=hyperfine bench-deps
	@bash bench/run.sh

# The peers on the same text: pandoc with pdflatex (Swedish babel) and
# WeasyPrint, from Debian's packages (installed when missing).
BENCH_PEER_PKGS = hyperfine pandoc texlive-latex-base texlive-latex-recommended \
                  texlive-lang-european lmodern weasyprint
.PHONY: bench-deps
bench-deps:
	@missing=""; for p in $(or $(BENCH_PKGS),$(BENCH_PEER_PKGS)); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
bench-peers: all
	@$(MAKE) --no-print-directory bench-deps
	@bash bench/peers.sh

# ---- install, uninstall, the Debian package ------------------------------
# GNU conventions: PREFIX (default /usr/local), DESTDIR (a staging root, as
# `make deb` uses), INSTALL_PROGRAM and INSTALL_DATA. The data folder
# $(DATADIR) gets layouts/, fonts/ and templates/ (for `trycksak new`); the
# manual goes to $(MANDIR), the authors' guide to $(DOCDIR).
# `make uninstall` removes exactly the files `make install` copies (the
# same lists, from this tree) and then the folders it made, each only if it
# is empty: licensed fonts or layouts a user put in the data folder stay.
# The binary finds its data folder as PREFIX/share/trycksak beside
# PREFIX/bin even when built for another PREFIX (see rd_data_dir).
BINDIR          = $(PREFIX)/bin
MANDIR          = $(PREFIX)/share/man/man1
DOCDIR          = $(PREFIX)/share/doc/trycksak
INSTALL        ?= install
INSTALL_PROGRAM = $(INSTALL) -m 755
INSTALL_DATA    = $(INSTALL) -m 644
INST_TEMPLATES  = $(shell find templates -type f ! -name '.*' 2>/dev/null | LC_ALL=C sort)
INST_TDIRS      = $(shell find templates -type d 2>/dev/null | LC_ALL=C sort)

install: $(BUILD)/trycksak $(BUILD)/trycksak.1 $(MO) fonts
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(DATADIR)/layouts $(DESTDIR)$(DATADIR)/fonts
	$(INSTALL_PROGRAM) $(BUILD)/trycksak $(DESTDIR)$(BINDIR)/trycksak
	$(INSTALL_DATA) $(BUILD)/trycksak.1 $(DESTDIR)$(MANDIR)/trycksak.1
	$(INSTALL_DATA) docs/skrivguide.md $(DESTDIR)$(DOCDIR)/skrivguide.md
	@for l in $(PO_LANGS); do \
	  $(INSTALL) -d "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" && \
	  $(INSTALL_DATA) $(BUILD)/locale/$$l/LC_MESSAGES/trycksak.mo \
	    "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/trycksak.mo" || exit 1; done
	@for f in layouts/*; do [ ! -f "$$f" ] || \
	  $(INSTALL_DATA) "$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	@for f in fonts/*.ttf; do \
	  $(INSTALL_DATA) "$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	@for d in $(INST_TDIRS); do $(INSTALL) -d "$(DESTDIR)$(DATADIR)/$$d" || exit 1; done
	@for f in $(INST_TEMPLATES); do \
	  $(INSTALL_DATA) "$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/trycksak $(DESTDIR)$(MANDIR)/trycksak.1 \
	  $(DESTDIR)$(DOCDIR)/skrivguide.md
	@for f in layouts/* fonts/*.ttf $(INST_TEMPLATES); do \
	  [ -d "$$f" ] || rm -f "$(DESTDIR)$(DATADIR)/$$f"; done
	@for d in $$(printf '%s\n' $(INST_TDIRS) | LC_ALL=C sort -r) layouts fonts; do \
	  rmdir "$(DESTDIR)$(DATADIR)/$$d" 2>/dev/null || true; done
	@rmdir $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	@for l in $(PO_LANGS); do \
	  rm -f "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/trycksak.mo"; \
	  rmdir "$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES" "$(DESTDIR)$(LOCALEDIR)/$$l" 2>/dev/null || true; done
	@rmdir $(DESTDIR)$(LOCALEDIR) 2>/dev/null || true

# The Debian package, built with dpkg-deb from a `make install` into a
# staging root, with PREFIX=/usr compiled in (in its own build-deb/):
# /usr/bin/trycksak (stripped), /usr/share/trycksak, the manual gzipped in
# /usr/share/man/man1. Fonts: the package ships no font files; its fonts/
# holds links to Debian's Open Sans and DejaVu files and it depends on
# fonts-open-sans and fonts-dejavu-core, so the fonts are Debian's, kept up
# to date by it, and not a second copy. Licensed fonts go into
# /usr/share/trycksak/fonts/ by hand and survive an upgrade.
# The fonts' links are relative (../../fonts/truetype/…), as Debian's
# policy asks of links within /usr/share. /usr/share/doc/trycksak gets the
# machine-readable copyright file (packaging/copyright) and the changelog
# (packaging/changelog, signed by DEB_MAINTAINER; its first entry must be
# VERSION): changelog.gz, as the package is native (it is made here, by
# the project itself, so its version has no Debian revision).
# Depends: the package of each library the binary links directly
# (readelf NEEDED, found by ldd, owned per dpkg -S), and the data files it
# reads: fonts, the Swedish hyphenation patterns and word list, the sRGB
# profile.
DEB_ARCH         = $(shell dpkg --print-architecture 2>/dev/null)
DEB_ROOT         = build-deb/root
DEB_FILE         = build-deb/trycksak_$(VERSION)_$(DEB_ARCH).deb
# The maintainer (Maintainer: and the changelog's signature): the owner
# names it; until then a placeholder, which lintian rejects.
DEB_MAINTAINER_PLACEHOLDER = trycksak <root@localhost>
DEB_MAINTAINER  ?= $(DEB_MAINTAINER_PLACEHOLDER)
DEB_DATA_DEPENDS = fonts-open-sans, fonts-dejavu-core, hyphen-sv, wswedish, icc-profiles-free

# Compiled with Debian's hardening flags (dpkg-buildflags, hardening=+all:
# fortified functions, stack protector, read-only relocations bound at
# start). build-deb/flags keeps the flags of the last build; when they
# change, the objects are compiled again.
DEB_BUILDFLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
DEB_CFLAGS     = $(shell $(DEB_BUILDFLAGS) CFLAGS 2>/dev/null) $(shell $(DEB_BUILDFLAGS) CPPFLAGS 2>/dev/null)
DEB_LDFLAGS    = $(shell $(DEB_BUILDFLAGS) LDFLAGS 2>/dev/null)

.PHONY: deb deb-test
deb: fonts
	@mkdir -p build-deb; flags='$(DEB_CFLAGS) | $(DEB_LDFLAGS)'; \
	[ "$$(cat build-deb/flags 2>/dev/null)" = "$$flags" ] || { \
	  rm -rf build-deb/src build-deb/trycksak; printf '%s\n' "$$flags" >build-deb/flags; }
	@$(MAKE) --no-print-directory BUILD=build-deb PREFIX=/usr CFLAGS='$(DEB_CFLAGS)' \
	  LDFLAGS='$(DEB_LDFLAGS)' build-deb/trycksak build-deb/trycksak.1
	rm -rf $(DEB_ROOT)
	@$(MAKE) --no-print-directory BUILD=build-deb PREFIX=/usr CFLAGS='$(DEB_CFLAGS)' \
	  LDFLAGS='$(DEB_LDFLAGS)' DESTDIR=$(CURDIR)/$(DEB_ROOT) \
	  INSTALL_PROGRAM='$(INSTALL) -m 755 -s' install
	strip --remove-section=.comment --remove-section=.note $(DEB_ROOT)/usr/bin/trycksak
	rm -f $(DEB_ROOT)/usr/share/trycksak/fonts/*
	@for f in $(FONT_SRC); do \
	  ln -s "../../$${f#/usr/share/}" $(DEB_ROOT)/usr/share/trycksak/fonts/ || exit 1; done
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/trycksak.1
	$(INSTALL_DATA) packaging/copyright $(DEB_ROOT)/usr/share/doc/trycksak/copyright
	@head -n 1 packaging/changelog | grep -q '^trycksak ($(VERSION)) ' || { \
	  echo "packaging/changelog: the first entry is not for version $(VERSION); add one" >&2; exit 1; }
	sed 's|@MAINTAINER@|$(DEB_MAINTAINER)|' packaging/changelog \
	  | gzip -9n >$(DEB_ROOT)/usr/share/doc/trycksak/changelog.gz
	@[ "$(DEB_MAINTAINER)" != "$(DEB_MAINTAINER_PLACEHOLDER)" ] || echo "make deb: warning: the \
	package's Maintainer is a placeholder; give the real one: make deb DEB_MAINTAINER='Name <address>'" >&2
	@mkdir -p $(DEB_ROOT)/DEBIAN
	@bin=build-deb/trycksak; libs=""; \
	for l in $$(readelf -d $$bin | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do \
	  p=$$(ldd $$bin | awk -v l="$$l" '$$1 == l { print $$3 }'); \
	  pkg=$$( { dpkg -S "$$p" || dpkg -S "/usr$$p" || dpkg -S "$$(readlink -f "$$p")"; } 2>/dev/null \
	         | head -n 1 | cut -d: -f1); \
	  [ -n "$$pkg" ] || { echo "no Debian package owns $$l ($$p)" >&2; exit 1; }; \
	  case " $$libs " in *" $$pkg,"*) ;; *) libs="$$libs $$pkg,";; esac; \
	done; \
	{ echo "Package: trycksak"; \
	  echo "Version: $(VERSION)"; \
	  echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk $(DEB_ROOT)/usr | cut -f1)"; \
	  echo "Depends:$$libs $(DEB_DATA_DEPENDS)"; \
	  echo "Section: text"; \
	  echo "Priority: optional"; \
	  echo "Description: typesetter for Malmö stad's documents"; \
	  echo " trycksak turns a document folder (Markdown text, CSV tables of"; \
	  echo " indicators, chart files) into one accessible PDF in Malmö stad's"; \
	  echo " layout: bokslut, strategier and tjänsteskrivelser."; \
	} >$(DEB_ROOT)/DEBIAN/control
	@cd $(DEB_ROOT) && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums
	dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) $(DEB_FILE)

# Installs the package on this machine, checks it and removes it again:
# needs root (or sudo) and changes the system, so `make test` does not run it.
deb-test: deb
	@$(SUDO) bash tests/deb.sh $(DEB_FILE)

clean:
	rm -rf build build-asan build-fuzz build-fault build-deb trycksak out

-include $(OBJ:.o=.d)
