# Flotilla — build, test and demo on a fresh Debian machine with Swift 6.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libcurl4-openssl-dev libsqlite3-dev sqlite3 git zlib1g-dev
# Only the tests need these: headless Chromium renders the HTML report for its screenshot test.
TEST_PACKAGES := chromium
FLOTILLA := .build/debug/flotilla

.PHONY: all deps test-deps kubectl build test demo bench format lint clean

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
test: deps test-deps kubectl
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: three sandbox clusters in-process: register, sync fleets/, status, drift, heal.
demo: build kubectl
	$(FLOTILLA) demo

## kubectl: Debian's kubernetes-client, when no kubectl is on PATH (kustomize overlays render with it).
kubectl:
	@command -v kubectl >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client)

## bench: release build, then the benchmarks under Benchmarks/ (figures on stdout).
bench: deps
	@command -v wrk >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)
	$(SWIFT) build -c release
	python3 Benchmarks/generate_bench.py .build/release/flotilla
	python3 Benchmarks/registry_bench.py .build/release/flotilla
	python3 Benchmarks/sandbox_bench.py .build/release/flotilla
	python3 Benchmarks/client_bench.py .build/release
	python3 Benchmarks/reconcile_bench.py .build/release/flotilla
	python3 Benchmarks/fleet_bench.py .build/release/flotilla

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build
