# Makefile — builds kg (build/kg, build/libkg.a, build/kg.so), runs tests,
# the demo and the benchmarks. Missing Debian packages are installed first
# (scripts/install-deps.sh). `make BUILD=asan` builds the sanitizer variant
# into build/asan/.

PREFIX  ?= /usr/local
CC      ?= cc
BUILD   ?= plain
# -O3 for the plain build: 1% fewer instructions than -O2 in a load and
# 2-4% less CPU (make bench's graph, runs side by side on both cores).
ifeq ($(BUILD),plain)
B       := build
SANFLAGS :=
OPT     ?= -O3 -g
else ifeq ($(BUILD),asan)
B       := build/asan
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT     ?= -O2 -g
else
$(error BUILD must be plain or asan)
endif

PKGS     := lua5.4 yaml-0.1 libcgraph libgvc libedit libpcre2-8
# Deferred (=): evaluated after scripts/install-deps.sh has run.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
YAML_LIBS  = $(shell pkg-config --libs yaml-0.1)
GV_LIBS    = $(shell pkg-config --libs libcgraph libgvc)
LUA_LIBS   = $(shell pkg-config --libs lua5.4)
EDIT_LIBS  = $(shell pkg-config --libs libedit)
PCRE_LIBS  = $(shell pkg-config --libs libpcre2-8)
LIBYAML_A  = $(shell pkg-config --variable=libdir yaml-0.1)/libyaml.a

# libyaml as kg links it. The plain build takes Debian's static libyaml with
# its malloc, realloc, free and strdup renamed to src/yaml_alloc.c's
# per-thread free lists (15% fewer instructions in a load: see that file);
# the sanitizer build takes the shared library, whose every block
# AddressSanitizer watches. The object comes after the archive so that it
# resolves the archive's calls. In the executables the free lists are
# thread-local variables of the initial-exec model (one %fs-relative access,
# 2% fewer instructions in a load); kg.so, which Lua may dlopen after start,
# keeps the general model.
ifeq ($(BUILD),plain)
YAML_DEP     := $(B)/libyaml-kg.a $(B)/obj/yaml_alloc-exe.o
YAML_LINK     = $(YAML_DEP)
YAML_SO_DEP  := $(B)/libyaml-kg.a $(B)/obj/yaml_alloc.o
YAML_SO_LINK  = $(YAML_SO_DEP)
else
YAML_DEP     :=
YAML_LINK     = $(YAML_LIBS)
YAML_SO_DEP  :=
YAML_SO_LINK  = $(YAML_LIBS)
endif

# The C standard and warnings of every build of kg's sources, here only:
# scripts/fuzz.sh and tests/extra/fuzz_replay.sh ask `make print-WARN`.
CSTD     := -std=c11
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wundef
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) -fPIC -D_GNU_SOURCE $(SANFLAGS) $(PKG_CFLAGS) -Isrc -I$(B) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

# The layers of src/, lowest first, by file name without .c or .h (shell
# patterns): a file may include and call its own layer and those below it,
# and no two files may call each other (tests/extra/layers.sh). A name no
# pattern matches is core, the strictest place. The directory listing of
# src/ reads like the architecture.
LAYERS       := core yaml schema load export import draw lua batch cli
LAYER_core   := arena diag json kg quantity schema_model schema_pattern spell store tmpfiles value view
LAYER_yaml   := yaml_*
LAYER_schema := schema schema_derive schema_find schema_layers schema_parse schema_style schema_value core_schema
LAYER_load   := load* snapshot*
LAYER_export := export*
LAYER_import := import*
LAYER_draw   := draw*
LAYER_lua    := lua_*
LAYER_batch  := batch*
LAYER_cli    := main cli* cmd_*
layer_src     = $(sort $(wildcard $(foreach l,$(1),$(LAYER_$(l):%=src/%.c))))

# What each part of kg is linked from: the command line, the Lua binding
# with the batch runner (kg.so and kg), the core (libkg.a: the rest).
# scripts/fuzz.sh and tests/extra/fuzz_replay.sh ask for them too.
CLI_SRC  := $(call layer_src,cli)
LUA_SRC  := $(call layer_src,lua batch)
# The parts of `kg render -T html` pages (src/draw_html.c), embedded like
# the core schema: the vendored svg-pan-zoom, kg's page script and style.
EMBED_OBJ := $(B)/obj/embed_svg_pan_zoom.o $(B)/obj/embed_page_js.o $(B)/obj/embed_page_css.o
CORE_SRC := $(filter-out $(CLI_SRC) $(LUA_SRC) src/yaml_alloc.c,$(sort $(wildcard src/*.c)))

CORE_OBJ := $(CORE_SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/core_schema.o $(EMBED_OBJ)
LUA_OBJ  := $(LUA_SRC:src/%.c=$(B)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(B)/obj/%.o)

UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

.PHONY: all deps build test test-plain test-asan demo bench install clean fuzz

# `make -s print-VAR` prints a variable for the scripts (quoted: the layer
# patterns are not expanded by the shell).
print-%:
	@printf '%s\n' '$($*)'

all: deps
	@$(MAKE) --no-print-directory build

deps:
	@sh scripts/install-deps.sh

build: $(B)/kg $(B)/libkg.a $(B)/kg.so $(UNIT_BIN) $(TOOL_BIN) $(if $(YAML_DEP),$(B)/tools/yamlscan-kgalloc)

# Each object depends on the headers it includes, as its .d file (-MMD)
# says; -MP keeps a removed header from breaking the next build. The first
# build has no .d files and compiles everything. No header is generated:
# one that were would go in GEN_H, built before any object.
GEN_H :=
$(B)/obj/%.o: src/%.c | $(B)/obj $(GEN_H)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(B)/core_schema.c: schema/core.yaml scripts/embed.sh | $(B)/obj
	sh scripts/embed.sh kg_core_schema $< > $@

$(B)/obj/core_schema.o: $(B)/core_schema.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/embed_svg_pan_zoom.c: third_party/svg-pan-zoom/svg-pan-zoom.min.js scripts/embed.sh | $(B)/obj
	sh scripts/embed.sh kgd_js_svg_pan_zoom $< > $@
$(B)/embed_page_js.c: src/draw_html.js scripts/embed.sh | $(B)/obj
	sh scripts/embed.sh kgd_js_page $< > $@
$(B)/embed_page_css.c: src/draw_html.css scripts/embed.sh | $(B)/obj
	sh scripts/embed.sh kgd_css_page $< > $@

$(B)/obj/embed_%.o: $(B)/embed_%.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libkg.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

# The Lua module carries no copy of the Lua runtime: the interpreter that
# loads it provides the lua_* symbols. It exports luaopen_kg alone (the
# version script; tests/extra/so_exports.sh): kg's internals and the
# static libyaml's yaml_* stay local, so they cannot clash with another
# module's symbols of the same names.
$(B)/kg.so: $(LUA_OBJ) $(CORE_OBJ) $(YAML_SO_DEP) $(B)/kg.so.map
	$(CC) -shared -Wl,--version-script=$(B)/kg.so.map -o $@ $(LUA_OBJ) $(CORE_OBJ) \
		$(LDFLAGS_ALL) $(YAML_SO_LINK) $(GV_LIBS) $(PCRE_LIBS) -lpthread -lm

$(B)/kg.so.map: Makefile | $(B)/obj
	printf '{\n\tglobal: luaopen_kg;\n\tlocal: *;\n};\n' > $@

$(B)/kg: $(CLI_OBJ) $(LUA_OBJ) $(B)/libkg.a $(YAML_DEP)
	$(CC) -o $@ $(CLI_OBJ) $(LUA_OBJ) $(B)/libkg.a $(LDFLAGS_ALL) $(LUA_LIBS) $(YAML_LINK) $(GV_LIBS) $(EDIT_LIBS) $(PCRE_LIBS) -lpthread -lm

$(B)/obj/yaml_alloc-exe.o: src/yaml_alloc.c | $(B)/obj
	$(CC) $(CFLAGS_ALL) -MMD -MP -ftls-model=initial-exec -c $< -o $@

# Debian's libyaml.a with its allocation calls renamed (see YAML_LINK).
$(B)/libyaml-kg.a: | $(B)/obj
	objcopy --redefine-sym malloc=kgy_malloc --redefine-sym realloc=kgy_realloc \
		--redefine-sym free=kgy_free --redefine-sym strdup=kgy_strdup $(LIBYAML_A) $@

$(B)/tests/%: tests/unit/%.c tests/unit/t.h $(B)/libkg.a | $(B)/tests
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(B)/libkg.a $(LDFLAGS_ALL) $(YAML_LIBS) $(GV_LIBS) $(PCRE_LIBS) -lm

# The allocator's own test links its object (it is not in libkg.a).
$(B)/tests/yaml_alloc: tests/unit/yaml_alloc.c tests/unit/t.h $(B)/obj/yaml_alloc.o | $(B)/tests
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(B)/obj/yaml_alloc.o $(LDFLAGS_ALL) -lpthread

# yamlscan is the floor of make bench: the bare libyaml scan, libyaml as
# Debian ships it. yamlscan-kgalloc is the same scan on kg's libyaml.
$(B)/tools/%: tests/tools/%.c $(B)/libkg.a | $(B)/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< $(B)/libkg.a $(LDFLAGS_ALL) $(YAML_LIBS) $(PCRE_LIBS) -lm

$(B)/tools/yamlscan-kgalloc: tests/tools/yamlscan.c $(YAML_DEP) | $(B)/tools
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS_ALL) $(YAML_LINK) -lpthread

$(B)/obj $(B)/tests $(B)/tools:
	mkdir -p $@

-include $(wildcard $(B)/obj/*.d)

# ---- tests: plain, then under AddressSanitizer + UBSan ----------------
# --browser: Chromium and playwright-core for tests/extra/html_browser.sh,
# which fails (never skips quietly) when they could not be installed.
test: deps
	@sh scripts/install-deps.sh --browser || echo "kg: the browser tests will fail: see above" >&2
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory BUILD=asan build
	@sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory build
	@sh scripts/demo.sh

# `make bench BENCH=time|export|snapshot|batch` runs that section's script
# alone (BENCH_ARGS go to it; export: the 100k and 1M/3M graphs).
bench: deps
	@$(MAKE) --no-print-directory build
	@case "$(BENCH)" in \
	'') sh scripts/bench.sh $(BENCH_ARGS) ;; \
	time|export|snapshot|batch) sh scripts/bench-$(BENCH).sh $(BENCH_ARGS) ;; \
	*) echo "make bench: BENCH is time, export, snapshot or batch" >&2; exit 2 ;; \
	esac

fuzz: deps
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

# The manual pages are made from `kg help` (scripts/gen-man.sh), so the two
# never disagree; bash completion reads `kg help` as you type.
$(B)/man/kg.1: $(B)/kg scripts/gen-man.sh
	@sh scripts/gen-man.sh $(B)/kg $(B)/man

install: all $(B)/man/kg.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/lua/5.4 $(DESTDIR)$(PREFIX)/share/kg/schema \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 build/kg $(DESTDIR)$(PREFIX)/bin/kg
	install -m 644 build/kg.so $(DESTDIR)$(PREFIX)/lib/lua/5.4/kg.so
	install -m 644 schema/core.yaml $(DESTDIR)$(PREFIX)/share/kg/schema/core.yaml
	install -m 644 $(B)/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 scripts/kg.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/kg

clean:
	rm -rf build
