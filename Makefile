# Root-ceremony appliance: plain Makefile.
#   make tools     host tool build/host/ceremony
#   make iso       build/ceremony-$(VERSION).iso (installs what it needs, builds in a pinned build root)
#   make inputs    build/ceremony-$(VERSION)-inputs.tar, for `make iso INPUTS=...` with no network
#   make check     every test (installs what it needs)
# Objects go under $(O); every file src/*/main_*.c holds a main(), everything else
# under src/ goes into one archive that the programs and tests link against.

VERSION := $(shell cat VERSION)
O ?= build/host
CC ?= cc
PREFIX ?= /usr/local
STATIC ?= 0

CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -DCEREMONY_VERSION='"$(VERSION)"' -Isrc/lib -Isrc/init -Isrc/kiosk -Isrc/tools
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS)
ifeq ($(STATIC),1)
LDSTATIC = -static
endif
LDLIBS = -lblkid -lcrypto -lpthread -ldl
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

ALL_SRC = $(wildcard src/lib/*.c src/init/*.c src/kiosk/*.c src/tools/*.c)
MAIN_SRC = $(filter %/main_init.c %/main_kiosk.c %/main_ceremony.c, $(ALL_SRC))
LIB_SRC = $(filter-out $(MAIN_SRC), $(ALL_SRC))
LIB_OBJ = $(LIB_SRC:%.c=$(O)/obj/%.o)
HDR = $(wildcard src/*/*.h)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)

.PHONY: all tools appliance unit asan sim boot iso inputs iso-check reproducible check lock \
	deps bench install clean fuzz bad-inputs memcheck memdump

all: tools

tools: $(O)/ceremony

# PID 1 and the appliance's kiosk; STATIC=1 when building for the image.
appliance: $(O)/init $(O)/kiosk

$(O)/obj/%.o: %.c $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libceremony.a: $(LIB_OBJ)
	@rm -f $@
	ar rcsD $@ $(LIB_OBJ)

# PID 1 links nothing but libc: it must stay tiny.
$(O)/init: $(O)/obj/src/init/main_init.o $(O)/libceremony.a
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^

$(O)/kiosk: $(O)/obj/src/init/main_kiosk.o $(O)/libceremony.a
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/ceremony: $(O)/obj/src/tools/main_ceremony.o $(O)/libceremony.a
	$(CC) $(ALL_CFLAGS) $(LDSTATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/bench-keygen: bench/keygen.c $(O)/libceremony.a $(HDR)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(O)/libceremony.a $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libceremony.a $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -o $@ $< $(O)/libceremony.a $(LDLIBS) $(CHECK_LIBS)

# Unit tests (Check). Run from the top of the tree so tests find tests/unit/data.
unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; CK_FORK=yes $$t; done

asan:
	$(MAKE) unit O=build/asan CFLAGS="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

sim: tools
	tests/sim/run.sh $(O)/ceremony
	tests/sim/outputs.sh $(O)/ceremony
	tests/sim/tools.sh $(O)/ceremony
	tests/sim/recover.sh $(O)/ceremony
	tests/sim/escrow.sh $(O)/ceremony
	tests/sim/recover-mode.sh $(O)/ceremony
	tests/sim/retry.sh $(O)/ceremony
	tests/sim/install.sh

# Memory hygiene (issue 7): a simulated ceremony under valgrind; no block,
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

# QEMU boots of the real ISO: the hardware report and refusals, a whole
# rehearsal ceremony with USB hot-plug, and the install/recover entry.
boot: iso tools
	tests/boot/run.sh build/ceremony-$(VERSION).iso
	tests/boot/ceremony.sh build/ceremony-$(VERSION).iso $(O)/ceremony
	tests/boot/recover.sh build/ceremony-$(VERSION).iso $(O)/ceremony

lock:
	isobuild/host-deps.sh
	isobuild/lock.sh

bench:
	bench/run.sh

# The host-side suites run in a copy of the tree with nothing beside it
# (tests/plain.sh): a test reading outside the tree fails there.
check: deps
	tests/plain.sh $(MAKE) unit asan sim memcheck memdump bad-inputs fuzz FUZZ_SECONDS=10
	$(MAKE) iso-check
	$(MAKE) reproducible
	$(MAKE) boot

install: tools
	install -D -m 0755 $(O)/ceremony $(DESTDIR)$(PREFIX)/bin/ceremony

clean:
	rm -rf build/host build/asan build/static build/fuzz
