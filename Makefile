# govlint: `make demo` and `make test` are all a newcomer needs (see README).
#
#   make            build build/govlint (and build/libgovlint.a)
#   make demo       build, then check examples/
#   make test       every test: unit (cmocka, including the YAML test suite and
#                   every rule's examples) and CLI goldens, then all of it
#                   again under ASan + UBSan, and the binary's tests under TSan
#   make check      the same tests, without the sanitizer pass
#   make asan       the tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make tsan       the binary's tests under ThreadSanitizer (--jobs threads)
#   make coverage   the lines `make check` runs (gcov), and those it never runs
#   make deps       install missing Debian build dependencies (as root)
#   make install    copy build/govlint to $(DESTDIR)$(PREFIX)/bin (PREFIX=/usr/local)
#   make clean

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
PKGS    := yaml-0.1 libpcre2-8 libgit2
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 \
           -Wmissing-prototypes -Wno-missing-field-initializers
# build/govlint is linked with link-time optimisation when the compiler has
# GCC's -flto=auto: the rule engine calls across files (conditions,
# predicates, paths) on every node of every plan, and inlining across them
# is about 7% of `make bench`'s time (docs/performance-log.md, afternoon of
# 2026-11-27). The objects are fat, so the test programs link their
# ordinary code (-fno-lto); a compiler without fat LTO objects (clang)
# builds without LTO.
LTO     := $(shell $(CC) -Werror -flto=auto -ffat-lto-objects -x c -c /dev/null -o /dev/null 2>/dev/null \
             && echo -flto=auto -ffat-lto-objects)
CFLAGS  ?= -O3 -g $(LTO)
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) \
             -Iinclude -Ipolicy $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
ifeq ($(CI),true)
WARN    += -Werror
endif

LIB_SRC := $(wildcard policy/*.c policy/checks/*.c)
CMD_SRC := $(wildcard cmd/*.c)
PACKS   := $(wildcard rules/*.yaml)
TEMPLATES := templates/plan-schema.yaml $(sort $(shell find templates/init -type f))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/packs.o $(BUILD)/gen/templates.o
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HEADERS := $(wildcard include/*.h policy/*.h cmd/*.h)
TEST_HEADERS := $(wildcard tests/unit/*.h)

.PHONY: all deps test-deps demo test check unit cli reports schema-init git-tests hostile embed-tests \
        corpus docs docs-current torture valgrind fuzz bench asan tsan coverage install clean
.DEFAULT_GOAL := all

all: $(BUILD)/govlint

deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

$(BUILD)/%.o: %.c $(HEADERS) Makefile | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# embed -x: each pack twice, whole and without its rules' examples (which
# only explain, `rules --format markdown` and the tests read), found with
# libyaml's events; and the events of the text without examples, which a
# check replays instead of parsing it (tools/record.c).
$(BUILD)/embed: tools/embed.c tools/record.c tools/record.h policy/internal.h | deps
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARN) -Iinclude -Ipolicy \
		$(shell pkg-config --cflags yaml-0.1 2>/dev/null) tools/embed.c tools/record.c \
		$(shell pkg-config --libs yaml-0.1 2>/dev/null) -o $@

$(BUILD)/gen/packs.c: $(BUILD)/embed $(PACKS)
	@mkdir -p $(dir $@)
	$(BUILD)/embed -x $@ gl__embedded_packs rules/ $(PACKS)

$(BUILD)/gen/templates.c: $(BUILD)/embed $(TEMPLATES)
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ gl__embedded_templates templates/ $(TEMPLATES)

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(HEADERS) Makefile
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libgovlint.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/govlint: $(CMD_OBJ) $(BUILD)/libgovlint.a
	$(CC) $(ALL_CFLAGS) $(CMD_OBJ) $(BUILD)/libgovlint.a $(LIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(TEST_HEADERS) $(BUILD)/libgovlint.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fno-lto -Itests/unit -Itools $< $(filter %.o,$^) $(BUILD)/libgovlint.a \
		$(LIBS) $(shell pkg-config --libs cmocka) -o $@

# The tests that replay texts' recorded events against their parse
# (tests/unit/replay.h) link the recorder embed -x uses.
$(BUILD)/tests/test_doc $(BUILD)/tests/test_yaml_suite: $(BUILD)/tools/record.o
$(BUILD)/tools/record.o: tools/record.h

# One static binary: the packs and templates are embedded, so nothing else is
# installed. `make install PREFIX=$$HOME/.local` needs no root.
install: $(BUILD)/govlint
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/govlint $(DESTDIR)$(PREFIX)/bin/govlint

demo: $(BUILD)/govlint
	@echo "== govlint check --as-of 2026-12-01 examples/"
	-@$(BUILD)/govlint check --as-of 2026-12-01 examples/
	@echo
	@echo "(exit 1 above is expected: the example scenarios have gaps by design;"
	@echo " see examples/README.md. Try: $(BUILD)/govlint explain GOV-CON-003)"

# Unit binaries run from the repository root (test_yaml_suite reads
# tests/conformance/yaml-test-suite, or $$GL_YAML_SUITE).
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

cli: $(BUILD)/govlint
	@sh tests/cli/run.sh $(BUILD)/govlint

# Reports checked by their real consumers: the SARIF schema (python3-jsonschema),
# the JUnit XSD (xmllint), cmark-gfm, an HTML5 parser (python3-html5lib), and
# headless Chromium when installable.
reports: $(BUILD)/govlint
	@GL_REPORTS_OUT=$(BUILD)/reports sh tests/reports/validate.sh $(BUILD)/govlint

# govlint schema validates every example plan; govlint init round-trips.
schema-init: $(BUILD)/govlint
	@sh tests/schema/run.sh $(BUILD)/govlint

# docs/rules.md is generated from the packs; `make docs` regenerates it and
# `make check` fails when it is stale.
docs: $(BUILD)/govlint
	$(BUILD)/govlint rules --format markdown > docs/rules.md

docs-current: $(BUILD)/govlint
	@$(BUILD)/govlint rules --format markdown | cmp -s - docs/rules.md || \
		{ echo "docs/rules.md is stale: run 'make docs' and commit it"; exit 1; }
	@echo "docs/rules.md is current"

# git: the pre-commit hook (and the pre-commit framework), --staged,
# --since, --baseline, --shard, sign-off provenance, github and SARIF file
# names from the work tree's root, and the work tree, index and revisions
# agreeing on what is a plan, on real repositories.
git-tests: $(BUILD)/govlint
	@sh tests/git/hook.sh $(BUILD)/govlint
	@sh tests/git/options.sh $(BUILD)/govlint
	@sh tests/git/provenance.sh $(BUILD)/govlint
	@sh tests/git/worktree.sh $(BUILD)/govlint
	@sh tests/git/sources.sh $(BUILD)/govlint

# tools/embed.c: the packs' lean texts, on packs in every style they may be
# written in, and what fails the build.
embed-tests: $(BUILD)/embed
	@sh tests/embed/run.sh $(BUILD)/embed

# A generated hostile repository: every bad input gets a finding or an error.
hostile: $(BUILD)/govlint
	@sh tests/hostile/run.sh $(BUILD)/govlint

TORTURE_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup,--wrap=free

$(BUILD)/tests/torture: tests/torture/torture.c $(BUILD)/libgovlint.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fno-lto $< $(BUILD)/libgovlint.a $(LIBS) $(TORTURE_WRAP) -o $@

# Every allocation libgovlint makes fails once (N = 1, 2, 3 ...): a clean
# "out of memory", no crash, no leak.
torture: $(BUILD)/tests/torture
	@$(BUILD)/tests/torture

# The bench corpus is shaped as docs/performance.md says: complete plans
# pass, each deliberate gap gets its rule's finding.
corpus: $(BUILD)/govlint $(BUILD)/bench/gen
	@sh tests/corpus/run.sh $(BUILD)/govlint $(BUILD)/bench/gen

# The CLI goldens under valgrind memcheck (the plain build).
valgrind: $(BUILD)/govlint
	@sh tests/valgrind.sh $(BUILD)/govlint

# libFuzzer (clang), FUZZ_SECONDS per target; .ci/run runs it for 60 s each.
FUZZ_SECONDS ?= 60
fuzz: $(BUILD)/govlint
	@sh fuzz/run.sh $(FUZZ_SECONDS)

check: test-deps unit cli reports schema-init git-tests hostile embed-tests corpus docs-current torture

# The benchmark (docs/performance.md): never part of make test.
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) $(shell pkg-config --cflags yaml-0.1) $< \
		$(shell pkg-config --libs yaml-0.1) -o $@

bench: $(BUILD)/govlint $(BUILD)/bench/gen $(BUILD)/bench/floor $(BUILD)/bench/timer
	@sh bench/run.sh $(BUILD)
	@sh bench/git.sh $(BUILD)

test: check
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory tsan

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		check

# --jobs spreads plans over threads: the tests that run the binary (the CLI
# goldens at one thread per CPU, git repositories, the corpus at --jobs 4 in
# every format) under ThreadSanitizer; a data race fails the run.
tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan \
		CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
		TSAN_OPTIONS="halt_on_error=1 exitcode=66 $(TSAN_OPTIONS)" \
		test-deps cli git-tests corpus

# Line coverage: `make check` in a --coverage build (build/cov, -O0 so that
# every line is its own), counted afresh each time; tools/coverage.sh
# prints each file's share and lists the lines never run.
coverage:
	@mkdir -p build/cov && find build/cov -name '*.gcda' -delete
	@echo "coverage: make check in build/cov, its output in build/cov/check.log"
	@$(MAKE) --no-print-directory BUILD=build/cov CFLAGS="-O0 -g --coverage" check >build/cov/check.log 2>&1 || \
		{ tail -n 20 build/cov/check.log; echo "coverage: make check failed (build/cov/check.log)"; exit 1; }
	@sh tools/coverage.sh build/cov

clean:
	rm -rf $(BUILD) build
