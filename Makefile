# Thin wrapper over CMake/CTest; every target installs what it needs first.
JOBS ?= $(shell nproc)
BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
FUZZ_BUILD_DIR ?= build-fuzz
TSAN_BUILD_DIR ?= build-tsan
# The tests of everything that runs on threads of its own and must stop on request: the shard coordinator, the engine (loops,
# scheduler clock, snapshot store, the scaled test clock), rate limiters and backoff, the transport's and the
# session's cancellation, remote write's queue and sender threads.
TSAN_TESTS := snapshot_test coordination_test scaled_engine_clock_test aws_retry_test aws_client_test aws_transport_test aws_session_test \
              remote_write_test app_test
FUZZ_SECONDS ?= 60
# make test's fuzz runs: a short run of every target on its seed corpus, as a regression check (make fuzz goes longer).
TEST_FUZZ_SECONDS ?= 5
# CTest's parallel tests in the Release pass: most of its time is tests waiting for rds_sim, the exporter's cycles or
# Prometheus (at -j2 the two cores were more than half idle), so twice the cores finish it sooner. The ASan+UBSan
# pass keeps one test per core: its instrumented processes keep the cores busy, and at twice the cores tests that
# bound how late a value may be failed on the 2-core machine.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 )))
ASAN_TEST_JOBS ?= $(JOBS)
# The sanitizer builds use clang, as the fuzz build does: a cold ASan+UBSan build of the tree took 34 minutes with
# g++ -O2 -g and 14 with clang on the 2-core machine. Release stays on g++, the compiler of the image, so make test
# compiles the exporter and its tests with both.
SANITIZER_CXX ?= clang++
GENERATOR ?= Ninja
# The Release build in BUILD_DIR, configured the same way by every target that builds in it.
CONFIGURE_RELEASE = cmake -S . -B $(BUILD_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release >/dev/null

# Every npm project of the test tree (official clients that judge the stand-ins, schema validators), each pinned by
# its package-lock.json.
JS_DIRS := $(patsubst %/package-lock.json,%,$(shell find tests -name package-lock.json -not -path '*/node_modules/*'))

.PHONY: deps js-deps build build-asan build-tsan build-fuzz test test-release test-asan test-tsan test-fuzz fuzz run demo bench soak edge-bench compare-servers clean

deps:
	@scripts/install-deps.sh

# The npm packages of JS_DIRS (the AWS SDK for JavaScript v3 for rds_sim's contract tests, and the others), each
# installed again only when its package-lock.json changed.
js-deps: $(addsuffix /node_modules/.package-lock.json,$(JS_DIRS))

%/node_modules/.package-lock.json: %/package-lock.json | deps
	@cd $* && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

build: deps
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The tests run against the Release build's rds_sim (RDS_EXPORTER_SIM_BINARY): the simulator is not under test
# here, so the ASan build does not compile it, and uninstrumented it leaves the cores to the instrumented exporter.
build-asan: deps
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_sim
	@cmake -S . -B $(ASAN_BUILD_DIR) -G $(GENERATOR) -DCMAKE_CXX_COMPILER=$(SANITIZER_CXX) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DRDS_EXPORTER_SANITIZE=ON -DRDS_EXPORTER_SIM_TESTS=OFF -DRDS_EXPORTER_SIM_BINARY=$(abspath $(BUILD_DIR))/rds_sim >/dev/null
	@cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)

test-release: build js-deps
	@echo "== CTest: Release build =="
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(TEST_JOBS)

# The whole suite but the labels whose outcome sanitizers cannot change, which the Release run has covered: the
# manifests, alert rules, dashboards and docs checks and the Lease API stand-in's contract tests run no C++ of
# ours (deploy, docs, kubernetes), and the sharding chaos test (kubernetes, chaos) measures timing, which an
# instrumented build under load only makes flaky. Nor are rds_sim's own tests built (RDS_EXPORTER_SIM_TESTS=OFF):
# they test the simulator, which still serves every integration and end-to-end test. Every unit, integration and
# end-to-end test of the exporter runs under ASan+UBSan.
ASAN_SKIP_LABELS := ^(chaos|deploy|docs|kubernetes)$$

test-asan: build-asan js-deps
	@echo "== CTest: ASan+UBSan build (without the labels $(ASAN_SKIP_LABELS)) =="
	@ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(ASAN_TEST_JOBS) -LE '$(ASAN_SKIP_LABELS)'

# ThreadSanitizer: only the test targets of TSAN_TESTS and what they link, run directly (not through CTest, which
# would list the targets not built). Fails on any data race or lock-order inversion.
build-tsan: deps
	@cmake -S . -B $(TSAN_BUILD_DIR) -G $(GENERATOR) -DCMAKE_CXX_COMPILER=$(SANITIZER_CXX) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DRDS_EXPORTER_TSAN=ON >/dev/null
	@cmake --build $(TSAN_BUILD_DIR) -j $(JOBS) --target $(TSAN_TESTS)

test-tsan: build-tsan
	@echo "== ThreadSanitizer: $(TSAN_TESTS) =="
	@set -e; for test in $(TSAN_TESTS); do \
	  binary=$$(find $(TSAN_BUILD_DIR)/tests -type f -name $$test -perm -u+x | head -n 1); \
	  echo "-- $$test"; \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $$binary --gtest_brief=1; \
	done

# libFuzzer targets (fuzz/), clang with ASan+UBSan: only the parser libraries they link are built.
build-fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD_DIR) -G $(GENERATOR) -DCMAKE_CXX_COMPILER=clang++ -DRDS_EXPORTER_FUZZ=ON \
	  -DRDS_EXPORTER_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS)

# Every target for FUZZ_SECONDS on a copy of its seed corpus; fails on any crash, leak, timeout or OOM.
fuzz: build-fuzz
	@python3 scripts/run-fuzz.py --build-dir $(FUZZ_BUILD_DIR) --seconds $(FUZZ_SECONDS) --jobs $(JOBS)

test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

test: test-release test-asan test-tsan test-fuzz

run: build
	@$(BUILD_DIR)/rds_exporter

# Only the two binaries the demo runs, not the test suite.
demo: deps
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_exporter rds_sim
	@BUILD_DIR=$(BUILD_DIR) scripts/demo.sh

# Measurements, not tests (BENCHMARKS.md): Release rds_exporter and rds_sim against fleets of 10 to 5,000
# instances, wrk and nginx on /metrics, then one exporter watching 10 scopes (5 accounts x 2 regions, 5,000
# instances); writes BENCHMARKS.md and bench/fleet-scale.png; then, on rds_sim's time scale, how many 1-minute points
# reach a real Prometheus per delivery mode (30 minutes of rds_sim time at --time-scale 20 each, 90 s) and what an hour
# of 1-minute resolution bills for 1,000 instances per mode (--time-scale 30, 2 minutes each); then peak memory
# with the default settings at 1,000 and 5,000 instances and 10 scopes, over plain http and over HTTPS
# (bench/memory_bench.py). About 35 minutes.
bench:
	@scripts/install-deps.sh --bench
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_exporter rds_sim
	@python3 bench/run_bench.py --build-dir $(BUILD_DIR)
	@python3 bench/memory_bench.py --build-dir $(BUILD_DIR)

# Reliability, not tests (issue 13; never part of `make test` or CI): the two Release binaries only, then
# bench/soak.py: 10 minutes (SOAK_SECONDS to change it) of AWS faults injected through rds_sim while /metrics is
# scraped under load and 500 idle + 50 slowloris connections are held open; writes RELIABILITY.md. The scripts
# need Python 3's standard library only.
SOAK_SECONDS ?= 600
soak:
	@scripts/install-deps.sh --build-only
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_exporter rds_sim
	@python3 bench/soak.py --build-dir $(BUILD_DIR) --seconds $(SOAK_SECONDS) \
	  --fuzz-summary $(or $(FUZZ_BUILD_DIR),build-fuzz)/fuzz-summary.txt

# A well-behaved client's gzip /metrics at 1,000 instances with and without 1,000 idle + 100 slowloris connections
# held open, and one request of 1,000,000 header lines; writes BENCHMARKS.md's "Serving edge under abuse" section.
edge-bench:
	@scripts/install-deps.sh --build-only
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_exporter rds_sim
	@python3 bench/edge_bench.py --build-dir $(BUILD_DIR)

# Choosing the HTTP server by measurement (issue 13; never part of `make test`): the Release exporter and rds_sim,
# plus small libmicrohttpd, CivetWeb and cpp-httplib servers (bench/server_candidates/, a CMake project of its own)
# serving the exporter's captured /metrics; bench/compare_servers.py measures all four with the same client and the
# same abuse and writes BENCHMARKS.md's "Choosing the HTTP server" section. About 10 minutes.
CANDIDATES_BUILD_DIR ?= build-candidates
compare-servers:
	@scripts/install-deps.sh --bench
	@$(CONFIGURE_RELEASE)
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target rds_exporter rds_sim
	@cmake -S bench/server_candidates -B $(CANDIDATES_BUILD_DIR) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(CANDIDATES_BUILD_DIR) -j $(JOBS)
	@python3 bench/compare_servers.py --build-dir $(BUILD_DIR) --candidates-dir $(CANDIDATES_BUILD_DIR)

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(TSAN_BUILD_DIR) $(FUZZ_BUILD_DIR) $(CANDIDATES_BUILD_DIR) $(addsuffix /node_modules,$(JS_DIRS))
