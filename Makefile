# Root-ceremony appliance: plain Makefile.
#   make tools     host tool build/host/ceremony
#   make iso       build/ceremony-$(VERSION).iso (installs what it needs, builds in a pinned build root)
#   make inputs    build/ceremony-$(VERSION)-inputs.tar, for `make iso INPUTS=...` with no network
#   make check     every test (installs what it needs)
#
# The folders are the architecture; each is compiled seeing only its own headers
# and those of the layers below it, so an include against the arrows fails to build:
#   src/base       libc only: errors, machine access under a root directory, I/O
#   src/init       PID 1; sees base; links base and libc only
#   src/lib        the ceremony library (libcrypto); sees base
#   src/flow       the ceremony flow, terminal/media/clock interfaces; sees lib, base
#   src/appliance  the appliance's machine layer and the kiosk; sees flow, lib, base
#   src/tools      the host tool and its adapters; sees flow, lib, base
# Each folder is one archive under $(O); a file main_*.c holds a main().

VERSION := $(shell cat VERSION)
O ?= build/host
CC ?= cc
PREFIX ?= /usr/local
STATIC ?= 0

CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -DCEREMONY_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS)
ifeq ($(STATIC),1)
LDSTATIC = -static
endif
LDLIBS = -lblkid -lcrypto -lpthread -ldl
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

LAYERS = base init lib flow appliance tools
SEES_base = base
SEES_init = init base
SEES_lib = lib base
SEES_flow = flow lib base
SEES_appliance = appliance flow lib base
SEES_tools = tools flow lib base
# Folders whose code may use nothing but libc.
LIBC_ONLY = base init

src_of = $(filter-out %/main_init.c %/main_kiosk.c %/main_ceremony.c, $(wildcard src/$(1)/*.c))
obj_of = $(patsubst %.c,$(O)/obj/%.o,$(call src_of,$(1)))
lib_of = $(O)/lib$(1).a
HDR = $(wildcard src/*/*.h)
ALL_INC = $(foreach l,$(LAYERS),-Isrc/$(l))
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)
# Link order: higher layers first.
KIOSK_LIBS = $(call lib_of,appliance) $(call lib_of,flow) $(call lib_of,lib) $(call lib_of,base)
TOOL_LIBS = $(call lib_of,tools) $(call lib_of,flow) $(call lib_of,lib) $(call lib_of,base)
# Tests, fuzzers and fixtures link everything but the programs' main()s as one
# archive (it does not build the programs, so the arrows above still hold).
TEST_LIBS = $(O)/libceremony.a

.PHONY: all tools appliance arch-check unit asan sim boot iso inputs iso-check reproducible check lock \
	deps bench install clean fuzz bad-inputs memcheck memdump

all: tools

tools: $(O)/ceremony $(O)/libceremony.a

# PID 1 and the appliance's kiosk; STATIC=1 when building for the image.
appliance: $(O)/init $(O)/kiosk

# Generated sources, compiled into the archive of the layer named: the
# kiosk's "show mix" prints mix.c itself, so its text as a C string is made
# from the file at build time (with sed: the ISO's build root has it).
GEN_lib = $(O)/obj/gen/mix_source.o

$(O)/gen/mix_source.c: src/lib/mix.c
	@mkdir -p $(dir $@)
	{ printf '/* Generated from src/lib/mix.c by the Makefile: do not edit. */\n#include "mix.h"\n\nconst char cer_mix_source[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/?/\\?/g' \
	      -e 's/^/\t"/' -e 's/$$/\\n"/' $<; \
	  printf '\t"";\n'; } >$@.tmp && mv $@.tmp $@

$(O)/obj/gen/%.o: $(O)/gen/%.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isrc/lib -Isrc/base $(ALL_CFLAGS) -c -o $@ $<

define layer_rules
$(O)/obj/src/$(1)/%.o: src/$(1)/%.c $(HDR)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $(foreach s,$(SEES_$(1)),-Isrc/$(s)) $$(ALL_CFLAGS) -c -o $$@ $$<

$(call lib_of,$(1)): $(call obj_of,$(1)) $(GEN_$(1))
	@rm -f $$@
	ar rcsD $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rules,$(l))))

$(O)/libceremony.a: $(foreach l,$(LAYERS),$(call obj_of,$(l)) $(GEN_$(l)))
	@rm -f $@
	ar rcsD $@ $^

# PID 1 links nothing but its own folder, the libc-only base and libc.
$(O)/init: $(O)/obj/src/init/main_init.o $(call lib_of,init) $(call lib_of,base)
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^

$(O)/kiosk: $(O)/obj/src/appliance/main_kiosk.o $(KIOSK_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/ceremony: $(O)/obj/src/tools/main_ceremony.o $(TOOL_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/bench-keygen: bench/keygen.c $(call lib_of,lib) $(call lib_of,base) $(HDR)
	$(CC) $(CPPFLAGS) -Isrc/lib -Isrc/base $(ALL_CFLAGS) -o $@ $< $(call lib_of,lib) $(call lib_of,base) $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(TEST_LIBS) $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_INC) -Itests/unit $(ALL_CFLAGS) -o $@ $< $(TEST_LIBS) $(LDLIBS) $(CHECK_LIBS)

# The arrows: no include by relative path (it would step around the -I
# flags), no library header in the libc-only folders, and PID 1's binary
# holds no libcrypto or libblkid symbol.
arch-check: $(O)/init
	@! grep -n '#include *"\.\./' src/*/*.[ch] || { echo "arch-check: an include by relative path steps around the folders' arrows" >&2; exit 1; }
	@! grep -nE '#include *<(openssl|blkid|check)' $(foreach l,$(LIBC_ONLY),src/$(l)/*.[ch]) || { echo "arch-check: src/base and src/init may use libc only" >&2; exit 1; }
	@! nm $(O)/init | grep -E ' [TtDdBbU] (OPENSSL_|EVP_|blkid_|SSL_|ERR_)' || { echo "arch-check: PID 1 links more than libc" >&2; exit 1; }
	@echo "arch-check: folders keep their arrows; PID 1 is libc only"

# Unit tests (Check). Run from the top of the tree so tests find tests/unit/data.
unit: arch-check $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; CK_FORK=yes $$t; done

asan:
	$(MAKE) unit O=build/asan CFLAGS="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

sim: tools
	tests/sim/run.sh $(O)/ceremony
	tests/sim/outputs.sh $(O)/ceremony
	tests/sim/verify.sh $(O)/ceremony
	tests/sim/crl-report.sh $(O)/ceremony
	tests/sim/signing.sh $(O)/ceremony
	tests/sim/cross.sh $(O)/ceremony
	tests/sim/tools.sh $(O)/ceremony
	tests/sim/recover.sh $(O)/ceremony
	tests/sim/escrow.sh $(O)/ceremony
	tests/sim/recover-mode.sh $(O)/ceremony
	tests/sim/retry.sh $(O)/ceremony
	tests/sim/slips.sh $(O)/ceremony
	tests/sim/amend.sh $(O)/ceremony
	tests/sim/screens.sh $(O)/ceremony
	tests/sim/install.sh

# Memory hygiene: a simulated ceremony under valgrind; no block,
# KEK, key or share left in the waiting kiosk's memory (root: /proc/PID/mem).
memcheck: tools
	tests/sim/memcheck.sh $(O)/ceremony

memdump: tools
	tests/sim/memdump.sh $(O)/ceremony

# libFuzzer harnesses (clang, ASan/UBSan), FUZZ_SECONDS each: tests/fuzz/run.sh.
FUZZ_SECONDS ?= 60
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# The bad-input catalogue (tests/bad-inputs/README.md), through the real tool.
bad-inputs: tools $(TEST_BIN)
	tests/bad-inputs/run.sh $(O)

deps:
	isobuild/host-deps.sh

# make iso INPUTS=build/ceremony-$(VERSION)-inputs.tar: every .deb from that
# bundle (make inputs), none from the network, each checked against the lock.
iso:
	isobuild/host-deps.sh
	if [ -n "$(INPUTS)" ]; then isobuild/from-inputs.sh "$(INPUTS)" build; \
	else isobuild/build-iso.sh build; fi

# The offline build's inputs: every pinned .deb, the lock, the source tree.
inputs:
	isobuild/host-deps.sh
	isobuild/inputs.sh build

# The build scripts' refusals; the committed SHA256SUMS must match the ISO built
# from this tree (refresh: isobuild/update-sums.sh build).
# tests/build: the snapshot fallback against a server on 127.0.0.1, and the
# offline build from the inputs bundle (unshare -n) against this ISO.
iso-check: iso
	tests/boot/scripts.sh build
	tests/build/snapshot.sh
	tests/build/inputs.sh build
	isobuild/check-sums.sh build

# A second build elsewhere, other umask/TZ/locale, must give the same bytes.
reproducible: iso
	isobuild/rebuild-compare.sh build

# QEMU boots of the real ISO: the hardware report and refusals (BIOS and UEFI,
# CD and USB stick), a whole rehearsal ceremony with USB hot-plug on the serial
# entry, the same on the default screen entry typed on a USB keyboard (BIOS and
# UEFI), and the install/recover entry.
boot: iso tools
	tests/boot/run.sh build/ceremony-$(VERSION).iso
	tests/boot/ceremony.sh build/ceremony-$(VERSION).iso $(O)/ceremony
	tests/boot/screen.sh build/ceremony-$(VERSION).iso $(O)/ceremony
	tests/boot/recover.sh build/ceremony-$(VERSION).iso $(O)/ceremony

lock:
	isobuild/host-deps.sh
	isobuild/lock.sh

bench:
	bench/run.sh

# Under make check a test that cannot run here fails (tests/unit/skip.h,
# tests/sim/*.sh): a skip is never counted as a pass. The host-side suites run
# in a copy of the tree with nothing beside it (tests/plain.sh): a test reading
# outside the tree fails there.
check: export CER_NO_SKIP = 1
check: deps
	tests/plain.sh $(MAKE) unit asan sim memcheck memdump bad-inputs fuzz FUZZ_SECONDS=10
	$(MAKE) iso-check
	$(MAKE) reproducible
	$(MAKE) boot

install: tools
	install -D -m 0755 $(O)/ceremony $(DESTDIR)$(PREFIX)/bin/ceremony

clean:
	rm -rf build/host build/asan build/static build/fuzz
