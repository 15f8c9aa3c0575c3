#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing rds_exporter need.
# Idempotent: when every package is already installed it only runs dpkg-query and exits.
# --build-only skips the test tools (the Docker image's build stage needs no test framework); --bench adds what
# `make bench` and `make compare-servers` need on top of the test tools.
set -euo pipefail

build_packages=(
  # toolchain
  g++ cmake make ninja-build pkg-config git
  ccache                # keeps compiled objects between the suite's builds and between clones
  # libraries linked into rds_exporter
  libyaml-cpp-dev       # configuration files, with line numbers for error messages
  libspdlog-dev         # logging with per-component levels
  libfmt-dev            # formatting (spdlog's external fmt)
  libcli11-dev          # command line
  nlohmann-json3-dev    # JSON (health body, JSON logs, AWS JSON protocols later)
  libssl-dev            # SHA-256 and HMAC for SigV4
  zlib1g-dev            # gzip on /metrics
  libboost-dev          # Boost.Beast on Boost.Asio: the exporter's event-driven HTTP server (header-only)
  libcpp-httplib-dev    # rds_sim's HTTP server and the tests' HTTP client
  libcurl4-openssl-dev  # HTTP client for AWS: connection reuse, proxies, TLS verification
  libpugixml-dev        # XML answers of AWS's Query protocol (RDS, STS)
  libcrypt-dev          # crypt_r: bcrypt hashes of --web.config.file's basic_auth_users
  libprotobuf-dev protobuf-compiler  # remote write: the prometheus.WriteRequest messages (src/remote_write/*.proto)
  libsnappy-dev         # remote write: snappy block compression of each request body
)
test_packages=(
  libgtest-dev libgmock-dev
  libbenchmark-dev      # Google Benchmark: measurements outside the test suite
  prometheus            # promtool judges what /metrics serves
  openssl               # the transport's TLS tests make a self-signed certificate
  awscli python3-boto3  # official AWS clients: rds_sim's contract tests (run with /usr/bin/python3)
  python3-prometheus-client  # the official client's strict OpenMetrics parser judges /metrics in OpenMetrics
  python3-yaml          # deploy/prometheus: generate-prometheusrule.py and the alert rules' metric-name test
  curl                  # make demo shows a few lines of /metrics
  clang libclang-rt-14-dev  # libFuzzer (-fsanitize=fuzzer) for make fuzz and make test's test-fuzz
)

bench_packages=(
  wrk                   # HTTP load generator: latency percentiles and requests/s on /metrics
  nginx                 # the same bytes served as a static file: the practical limit for serving a body
  gnuplot-nox           # the PNG chart of cycle time and memory against fleet size
  linux-perf valgrind   # profiling a collection cycle by hand (perf record, callgrind, massif)
  libmicrohttpd-dev     # make compare-servers: the HTTP server candidates (bench/server_candidates/)
  libcivetweb-dev
  ca-certificates       # memory_bench.py's HTTPS runs: a trust store of the system's size, as the exporter loads
)

packages=("${build_packages[@]}")
case "${1:-}" in
  --build-only) ;;
  "") packages+=("${test_packages[@]}") ;;
  --bench) packages+=("${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "usage: $0 [--build-only | --bench]" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

# Node.js runs the AWS SDK for JavaScript v3 contract tests. The machine image brings a current one;
# Debian's nodejs and npm are the fallback where it is missing.
if [[ "${1:-}" != "--build-only" ]] && ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

# kubectl judges the Lease API stand-in (tests/kubernetes). The machine image brings a current one; Debian's
# kubernetes-client (1.20) is the fallback where it is missing.
if [[ "${1:-}" != "--build-only" ]] && ! command -v kubectl >/dev/null; then
  missing+=(kubernetes-client)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
