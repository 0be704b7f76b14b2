# codira build. `make` fetches the pinned dependencies (scripts/fetch-deps.sh)
# and builds build/codira. See README.md for every target.

VERSION    := 0.1.0
CC         ?= cc
PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
# SANITIZE=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer
SANITIZE   ?=

DEPS       := .deps
TS_LIB     := $(DEPS)/tree-sitter/vendor/tree-sitter/lib
DEPS_STAMP := $(DEPS)/.fetched

OPT        ?= -O2
WARN       := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE $(OPT) -g -pthread -fPIC -MMD -MP \
              -Iinclude -Ilib -I$(TS_LIB)/include -DCODIRA_VERSION='"$(VERSION)"'
ifeq ($(SANITIZE),1)
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
CFLAGS_ALL += $(SANFLAGS) $(CFLAGS)
LDLIBS_ALL := -lsqlite3 -ljansson -lcmark -ldl -lm -pthread $(LDLIBS)
LDFLAGS_ALL := $(SANFLAGS) $(LDFLAGS)

# third-party C: built without our warning flags and without sanitizers
TP_CFLAGS  := -std=c11 -D_GNU_SOURCE -O2 -g -fPIC -w -I$(TS_LIB)/include -I$(TS_LIB)/src

LIB_SRC    := $(sort $(wildcard lib/*.c lib/analyzers/*.c lib/resolve/*.c lib/backends/sqlite/*.c))
CLI_SRC    := $(sort $(wildcard src/*.c))
GRAMMARS   := python c cpp bash json
# grammars with an external scanner (src/scanner.c)
SCANNERS   := python cpp bash
GRAMMAR_SRC := $(foreach g,$(GRAMMARS),$(wildcard $(DEPS)/tree-sitter-$(g)/src/parser.c $(DEPS)/tree-sitter-$(g)/src/scanner.c))

LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TP_OBJ     := $(BUILD)/tp/tree-sitter.o \
              $(foreach g,$(GRAMMARS),$(BUILD)/tp/ts-$(g)-parser.o) \
              $(foreach g,$(SCANNERS),$(BUILD)/tp/ts-$(g)-scanner.o)

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC   := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN   := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/%)
TEST_PLUGIN_SRC := $(sort $(wildcard tests/plugins/*.c))
# test plugins go to a folder nothing searches by itself: each test picks its own
TEST_PLUGIN_BIN := $(TEST_PLUGIN_SRC:tests/plugins/%.c=$(BUILD)/test-plugins/%.so)

# ---- the DuckDB backend plugin ------------------------------------------
# Two shared objects: the plugin (plugins/codira-backend-duckdb.so) that
# every codira process loads, which links nothing of DuckDB, and the engine
# (duckdb/libcodira-duckdb.so) that it loads on first use, linked against
# the pinned prebuilt libduckdb.so copied next to it. The core binary never
# links DuckDB; the backend's sources see only include/ and DuckDB's header.
DUCKDB_STAMP  := $(DEPS)/.fetched-duckdb
DUCKDB_INC    := $(DEPS)/duckdb-header/src/duckdb/src/include
DUCKDB_SRC    := $(sort $(wildcard lib/backends/duckdb/*.c))
DUCKDB_OBJ    := $(DUCKDB_SRC:lib/backends/duckdb/%.c=$(BUILD)/duckdb-obj/%.o)
DUCKDB_PLUGIN_OBJ := $(BUILD)/duckdb-obj/plugin.o
DUCKDB_ENGINE_OBJ := $(filter-out $(DUCKDB_PLUGIN_OBJ),$(DUCKDB_OBJ))
DUCKDB_LIB    := $(BUILD)/duckdb/libduckdb.so
DUCKDB_ENGINE := $(BUILD)/duckdb/libcodira-duckdb.so
DUCKDB_SO     := $(BUILD)/plugins/codira-backend-duckdb.so

.PHONY: duckdb
duckdb: $(DUCKDB_SO) $(DUCKDB_ENGINE)

$(DUCKDB_STAMP): deps.lock scripts/fetch-deps.sh
	@scripts/fetch-deps.sh --duckdb
	@touch $@
$(DUCKDB_LIB): $(DUCKDB_STAMP)
	@mkdir -p $(dir $@)
	cp $(DEPS)/duckdb-lib/libduckdb.so $@
$(BUILD)/duckdb-obj/%.o: lib/backends/duckdb/%.c $(DUCKDB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -std=c11 -D_GNU_SOURCE $(OPT) -g -pthread -fPIC -MMD -MP $(SANFLAGS) $(CFLAGS) \
	  -fvisibility=hidden -Iinclude -isystem $(DUCKDB_INC) -c $< -o $@
$(DUCKDB_ENGINE): $(DUCKDB_ENGINE_OBJ) $(DUCKDB_LIB)
	$(CC) -shared $(LDFLAGS_ALL) -o $@ $(DUCKDB_ENGINE_OBJ) -L$(BUILD)/duckdb -lduckdb \
	  -Wl,-rpath,'$$ORIGIN' -pthread
$(DUCKDB_SO): $(DUCKDB_PLUGIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(LDFLAGS_ALL) -o $@ $(DUCKDB_PLUGIN_OBJ) -ldl -pthread

.PHONY: all deps test test-unit test-e2e asan clean distclean install uninstall bench quickstart tools
all: $(BUILD)/codira

deps: $(DEPS_STAMP)
$(DEPS_STAMP): deps.lock scripts/fetch-deps.sh
	@scripts/fetch-deps.sh
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/tp/tree-sitter.o: | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -c $(TS_LIB)/src/lib.c -o $@
$(BUILD)/tp/ts-%-parser.o: | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -I$(DEPS)/tree-sitter-$*/src -c $(DEPS)/tree-sitter-$*/src/parser.c -o $@
$(BUILD)/tp/ts-%-scanner.o: | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(TP_CFLAGS) -I$(DEPS)/tree-sitter-$*/src -c $(DEPS)/tree-sitter-$*/src/scanner.c -o $@

$(BUILD)/libcodira.a: $(LIB_OBJ) $(TP_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/codira: $(CLI_OBJ) $(BUILD)/libcodira.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libcodira.a $(LDLIBS_ALL)

# ---- tests ------------------------------------------------------------
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libcodira.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcodira.a -lcmocka $(LDLIBS_ALL)
$(BUILD)/tests/%: tests/tools/%.c $(BUILD)/libcodira.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libcodira.a $(LDLIBS_ALL)
$(BUILD)/test-plugins/%.so: tests/plugins/%.c include/codira/*.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS_ALL) -shared $(LDFLAGS_ALL) -o $@ $<

tools: $(TOOL_BIN) $(TEST_PLUGIN_BIN)

test-deps:
	@scripts/fetch-deps.sh --test

# `make test` builds everything twice (plain and sanitized) and runs the
# whole suite against both builds.
test: test-deps
	@$(MAKE) --no-print-directory all tools duckdb $(UNIT_BIN)
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 OPT=-O1 all tools duckdb \
	   $(UNIT_BIN:$(BUILD)/%=build-asan/%)
	@tests/run.sh build build-asan

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 OPT=-O1 all

bench: all tools duckdb
	@scripts/fetch-deps.sh --bench
	@bench/run.sh

quickstart: all
	@scripts/quickstart.sh

# installs the DuckDB backend too (`make install NO_DUCKDB=1` skips it)
install: all $(if $(NO_DUCKDB),,duckdb)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/codira \
	           $(DESTDIR)$(PREFIX)/lib/codira/plugins $(DESTDIR)$(PREFIX)/lib/codira/duckdb
	install -m 0755 $(BUILD)/codira $(DESTDIR)$(PREFIX)/bin/codira
	install -m 0644 include/codira/*.h $(DESTDIR)$(PREFIX)/include/codira/
	@for p in $(BUILD)/plugins/*.so; do [ -f "$$p" ] || continue; \
	  echo "install -m 0755 $$p $(DESTDIR)$(PREFIX)/lib/codira/plugins/"; \
	  install -m 0755 $$p $(DESTDIR)$(PREFIX)/lib/codira/plugins/; done
	@for p in $(DUCKDB_LIB) $(DUCKDB_ENGINE); do [ -f "$$p" ] || continue; \
	  echo "install -m 0644 $$p $(DESTDIR)$(PREFIX)/lib/codira/duckdb/"; \
	  install -m 0644 $$p $(DESTDIR)$(PREFIX)/lib/codira/duckdb/; done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/codira
	rm -rf $(DESTDIR)$(PREFIX)/include/codira $(DESTDIR)$(PREFIX)/lib/codira

clean:
	rm -rf build build-asan

distclean: clean
	rm -rf $(DEPS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(DUCKDB_OBJ:.o=.d)
