# CollectivIA — the two commands a newcomer needs: `make up` and `make test`.
# Each does its own set-up: a pinned uv in .tools/, the locked venv in .venv/, the servers.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STACK := $(PY) infra/stack.py
# Never let uv fetch an interpreter: the machine's Python 3.11+ is the one to use.
export UV_PYTHON_DOWNLOADS := never

.PHONY: help up down status test names-model lint typecheck proto proto-check cards cards-check chart-files chart-files-check new-service kube-tools kube-tools-background test-checks-and-servers unit integration bench bench-retrieval soak fuzz sbom audit images venv clean

help:
	@echo "make up      start Kafka, Keycloak, Jaeger and the services (demo realm), print URLs and logins"
	@echo "make down    stop them all (the lake's scale-out servers too)"
	@echo "make test    lint, types, proto freshness, unit and integration tests on real servers"
	@echo "make bench   benchmarks (not part of make test)"
	@echo "make names-model  train the privacy guard's names model (.cache/models/names-fr; make up and make test do it)"
	@echo "make sbom    the locked dependencies as a CycloneDX SBOM (.run/sbom/)"
	@echo "make images  the services' container images (buildah), their sizes, and that they start"
	@echo "make audit   the lock's known vulnerabilities (part of make test)"
	@echo "make fuzz    fuzz every HTTP API and gRPC method longer than make test does"
	@echo "make soak    the suite under steady mixed load, SOAK_MINUTES=20 (not part of make test)"
	@echo "make cards   rewrite the services' cards and the suite map from their declarations"
	@echo "make new-service NAME=data-lake   start a service from services/_template"
	@echo "make kube-tools  build helm, the Kubernetes control plane, etcd and kwok into .cache/kube/bin"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required: set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

venv: $(VENV)/.synced

# The names model of the privacy guard: spaCy's French recogniser fine-tuned on the labelled
# sets (libs/ai/src/collectivia/ai/privacy/names_training.py), about 5 CPU-minutes once per
# machine, again only when the sets change: a clone on a machine that trained it already copies
# it from NAMES_MODEL_CACHE (by the digest of the sets). Every target that runs the guard uses it.
NAMES_MODEL := .cache/models/names-fr
NAMES_MODEL_CACHE ?= $(HOME)/.cache/collectivia/names-models
export COLLECTIVIA_PRIVACY_NAMES_MODEL := $(CURDIR)/$(NAMES_MODEL)
names-model: venv
	$(PY) -m collectivia.ai.privacy.names_training $(NAMES_MODEL) libs/ai/tests/privacy_cases*.jsonl \
		--cache $(NAMES_MODEL_CACHE)

up: names-model
	$(STACK) up all
	@$(PY) infra/stack.py status
	@sed -n '/^| Username/,/^$$/p' infra/keycloak/DEMO_USERS.md
	@echo "Demo logins above are for local demos only (password = username + '-demo')."

down: venv
	$(STACK) down all
	$(STACK) down lake-scale-out
	$(STACK) down kube

status: venv
	$(STACK) status all

# ruff, then the import contracts of pyproject.toml (services never import each other...).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=services/_template/src $(VENV)/bin/lint-imports

# A library's or service's folder name has a dash or is not a package, so mypy names its test
# modules by their file name alone: one mypy run per folder keeps `tests/unit/test_settings.py`
# of two folders apart.
PACKAGE_DIRS := $(wildcard libs/*) $(wildcard services/*)
typecheck: venv
	$(VENV)/bin/mypy
	for dir in $(filter-out libs/contracts,$(PACKAGE_DIRS)); do $(VENV)/bin/mypy "$$dir"; done

proto: venv
	$(PY) proto/generate.py

proto-check: venv
	$(PY) proto/generate.py --check

# Each service's README card and the root README's suite map, from the areas' declarations.
cards: venv
	$(PY) infra/cards.py

cards-check: venv
	$(PY) infra/cards.py --check

# The chart's copies of the topic catalogue and of the realm (without its demo accounts).
chart-files: venv
	$(PY) infra/kube/chart_topics.py
	$(PY) infra/kube/chart_realm.py

chart-files-check: venv
	$(PY) infra/kube/chart_topics.py --check
	$(PY) infra/kube/chart_realm.py --check

new-service: venv
	@test -n "$(NAME)" || { echo "usage: make new-service NAME=data-lake"; exit 2; }
	$(PY) infra/new_service.py "$(NAME)"
	$(UV) lock
	# The new names sort differently: imports put back in order.
	$(VENV)/bin/ruff check --fix --select I --quiet "services/$(NAME)"
	$(VENV)/bin/ruff format --quiet "services/$(NAME)"

unit: names-model
	$(VENV)/bin/pytest -m "not integration"

# The servers the integration tests need; tests reuse them if already up (idempotent).
# lake-scale-out: PostgreSQL, versitygw, Trino (the first run builds and downloads them into
# .cache/, about 1.5 min, so that no test pays it inside its timeout).
integration: names-model
	bash infra/install_browser.sh
	$(STACK) up kafka
	$(STACK) up keycloak
	$(STACK) up lake-scale-out
	$(STACK) up traces
	$(VENV)/bin/pytest -m integration

# The services' container images, without a Docker daemon (not part of make test): a Debian
# base made with mmdebstrap (cached by its inputs), each services/<name>/Containerfile built by
# buildah into .cache/images, then each image's size, user and files checked and its entry
# point started against the local Kafka and Keycloak (.run/images/report.json). Needs root.
images: venv names-model
	bash infra/install_image_tools.sh
	$(STACK) up kafka
	$(STACK) up keycloak
	$(PY) infra/images.py

# The locked dependencies as a CycloneDX 1.5 SBOM: .run/sbom/collectivia.cdx.json.
sbom: venv
	$(PY) infra/sbom.py

# The lock against the advisory data: fails on a known vulnerability without a recorded
# exception (infra/audit-exceptions.toml); says loudly when the data cannot be reached, and
# fails then too with COLLECTIVIA_AUDIT_REQUIRE_DATA=1.
audit: venv
	$(PY) infra/audit_lock.py

# The Kubernetes toolchain of the chart's tests (helm, kube-apiserver, kube-scheduler,
# kube-controller-manager, kubectl, etcd, kwok, kwokctl): built from the Go module proxy through
# the wrapper modules of infra/kube/ into .cache/kube/bin, once per machine (infra/README.md).
kube-tools: venv
	$(STACK) resolve kube

# make test starts, first and in the background, niced, one after the other: Jaeger (the trace
# backend of make up and of the cross-service trace test, infra/jaeger/) and then this toolchain
# (about 14 CPU-minutes cold). They have the lint and the serial pytest run to finish: the
# deployment tests run last, and a test that comes first waits for its build (stamps and a
# lock). Logs: .run/logs/traces-build.log, .run/logs/kube-tools.log.
kube-tools-background: venv
	mkdir -p .run/logs
	nohup bash -c '$(STACK) resolve traces > .run/logs/traces-build.log 2>&1; \
		$(STACK) resolve kube > .run/logs/kube-tools.log 2>&1' > /dev/null 2>&1 &

# Every test, with line coverage per package held to its floor (pyproject.toml). Two at a
# time on two cores: the names model trains (one core, about 5 min cold) while the checks and
# the servers go one after the other; then the unit and the integration tests run side by
# side (infra/run_tests.py), and their coverage is combined.
test: kube-tools-background
	$(MAKE) -j2 --output-sync=target names-model test-checks-and-servers
	$(PY) infra/run_tests.py
	$(PY) infra/coverage_floors.py .run/coverage.json

test-checks-and-servers: venv
	$(MAKE) lint typecheck proto-check cards-check chart-files-check audit
	bash infra/install_browser.sh
	$(STACK) up kafka
	$(STACK) up keycloak
	$(STACK) up lake-scale-out

# The services' own test support (beside their tests, not shipped), for the benchmarks.
TEST_SUPPORT := $(subst $(eval) ,:,$(wildcard services/*/tests/support))
bench: names-model
	$(STACK) up kafka
	$(STACK) up keycloak
	$(STACK) up lake-scale-out
	for bench in tests/bench/bench_*.py; do PYTHONPATH=$(TEST_SUPPORT) $(PY) $$bench; done

# The suite under steady mixed load for SOAK_MINUTES (loopback only): memory slope and open
# files of every process; fails on any error or growth beyond the thresholds (tests/soak/soak.py).
SOAK_MINUTES ?= 20
soak: names-model
	$(STACK) up kafka
	$(STACK) up keycloak
	SOAK_MINUTES=$(SOAK_MINUTES) $(PY) tests/soak/soak.py

# Every service's HTTP API (schemathesis, from its OpenAPI document) and gRPC methods fuzzed
# longer than the bounded run of make test: FUZZ_EXAMPLES requests per operation, from
# FUZZ_SEED (change it to explore other requests), what fails shrunk to its simplest form.
FUZZ_EXAMPLES ?= 100
FUZZ_SEED ?= 13
fuzz: names-model
	$(STACK) up kafka
	$(STACK) up keycloak
	COLLECTIVIA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) COLLECTIVIA_FUZZ_SEED=$(FUZZ_SEED) \
		$(VENV)/bin/pytest tests/integration/test_fuzzing.py --timeout=3600

# Retrieval quality of the citizen chat (no server needed); any question set of the same format.
EVAL_QUESTIONS ?= ../shared/eval/dev_questions.jsonl
EVAL_CORPUS ?= ../shared/eval/corpus/service_public_fiches.jsonl
bench-retrieval: venv
	EVAL_QUESTIONS=$(EVAL_QUESTIONS) EVAL_CORPUS=$(EVAL_CORPUS) PYTHONPATH=$(TEST_SUPPORT) \
		$(PY) tests/bench/bench_retrieval.py

clean: down
	rm -rf $(VENV) $(TOOLS) .run
