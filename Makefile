# vigil's plain entry points. Quick start: `make demo` (build and scan a real repository), `make test`.
SWIFT ?= swift
REPO ?= .

.PHONY: deps build release dist demo test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# vigil's main job on a real repository: this checkout's own history (REPO=path for another).
demo: release
	.build/release/vigil scan $(REPO) --all
	.build/release/vigil rules test

# One file to install anywhere: dist/vigil (static), completions and a man page.
dist: deps
	scripts/dist.sh

# The whole suite, the one-file build included (a test runs dist/vigil with the toolchain hidden).
# The browser for `vigil serve`'s page tests comes from Debian too; without it those tests are
# skipped and say why.
# dist/ is made after the test build, so the test that runs dist/vigil sees it is current.
test: deps
	@scripts/install-deps.sh chromium chromium-driver python3-selenium || echo "vigil: warning: chromium, chromium-driver or python3-selenium could not be installed; the browser tests will be skipped" >&2
	$(SWIFT) build --build-tests
	scripts/dist.sh
	$(SWIFT) test --skip-build

# Provenance accuracy, trailers against git and the risk corpus (precision, recall, flagged
# share per repository) on the mirrors in VIGIL_MIRRORS (default
# /work/.mirror, as OWNER+NAME/repo), then speed against git itself on one repository:
# make bench BENCH_REPO=/path/to/git.git
bench: release
	scripts/bench-provenance.sh
	.build/release/vigil-bench risk-corpus bench/risk-corpus --mirrors "$${VIGIL_MIRRORS:-/work/.mirror}" --rules rules --split all
	@if [ -n "$(SERVE_DB)" ]; then scripts/bench-serve.sh $(SERVE_DB); else echo "serve benchmark: set SERVE_DB=/path/to/index.sqlite"; fi
	@if [ -n "$(BENCH_REPO)" ]; then scripts/bench.sh $(BENCH_REPO); else echo "speed benchmarks: set BENCH_REPO=/path/to/repo"; fi

clean:
	rm -rf .build .build-dist dist
