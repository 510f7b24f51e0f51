# kafkit's two contract commands are `go run ./cmd/kafkit demo` and `make test`.
GO ?= go
# Fuzz targets run briefly in `make test`; `make fuzz FUZZTIME=5m` runs longer.
# The default is a number of inputs, not a duration: when a duration runs out
# in the middle of an input, go test can report "context deadline exceeded" as
# a failure of the target (seen in this suite), which is not a finding.
FUZZTIME ?= 5000x

.PHONY: help test peers vet lint unit fuzz bench bench-dev bench-devmem soak build generate golden configdump

# STATICCHECK is pinned: 2026.2.2 (v0.8.2) is the first release that knows
# Go 1.26; `go run` fetches it from the Go module proxy into the module cache.
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# VERSION is stamped into `kafkit --version` by `make build`.
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)

## help: list the targets
help:
	@awk '/^## /{ s = substr($$0, 4); i = index(s, ": "); printf "  %-13s %s\n", substr(s, 1, i-1), substr(s, i+2) }' $(MAKEFILE_LIST)

## test: peers, vet, lint, unit tests with -race and the fuzz targets (the CI command)
test: peers vet lint unit fuzz

# peers installs what the tests talk to when it is missing: kcat,
# python3-confluent-kafka, Java and Maven from Debian; the pinned
# confluent-kafka from PyPI; Apache Kafka and ZooKeeper from Maven Central
# (into ~/.cache/kafkit, never into the repository).
## peers: install the test peers (kcat, confluent-kafka, Java, Maven, Kafka jars)
peers:
	@bash scripts/install-peers.sh

## vet: go vet, go mod tidy -diff and gofmt
vet:
	$(GO) vet ./...
	$(GO) mod tidy -diff
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## lint: static analysis (staticcheck, pinned; config in staticcheck.conf)
lint:
	$(STATICCHECK) ./...

## unit: every package's tests with -race
unit:
	$(GO) test -race -count=1 -timeout 30m ./...

## build: bin/kafkit, with `git describe` as its --version
build:
	$(GO) build -ldflags "-X github.com/kafkit/kafkit/internal/cli.version=$(VERSION)" -o bin/kafkit ./cmd/kafkit

# fuzz runs every fuzz target in the module for FUZZTIME each; `unit` has
# already run their committed seed corpora (testdata/fuzz) as plain tests.
## fuzz: run every fuzz target for FUZZTIME
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for f in $$(cat $$dir/*_test.go 2>/dev/null | sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p'); do \
	    echo "fuzz: $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

# generate regenerates the checked-in generated files (docker-compose.yml,
# examples/compose, testdata goldens) through the tests that own them, with
# the one -update flag of internal/harness; each checked-in file has one owner.
GOLDEN_PKGS = $$(grep -rl 'harness.Update()' --include='*_test.go' . | xargs -n1 dirname | sort -u)
## generate: rewrite the checked-in generated files and goldens (-update)
generate:
	$(GO) test $(GOLDEN_PKGS) -count=1 -update

## golden: the old name of generate
golden: generate

# configdump regenerates catalog/data/configdef/*.tsv, Kafka's own ConfigDefs
# for each pinned version, from the jars (scripts/fetch-kafka.sh), and writes
# Kafka's descriptions into the cache for the own-words test.
## configdump: regenerate catalog/data/configdef from Kafka's jars
configdump:
	bash scripts/configdump.sh --docs

# bench measures kafkit beside kcat, Kafka's console tools and ProducerPerformance,
# and Python confluent-kafka, on a real Apache Kafka 3.9.2 broker (bench/kafka.sh,
# about 10-15 minutes); bench-dev measures kafkit beside kcat on `kafkit dev`.
## bench: kafkit beside kcat, Kafka's tools and confluent-kafka on real Kafka
bench: build
	bash bench/kafka.sh

## bench-dev: kafkit beside kcat on kafkit dev
bench-dev: build
	bash bench/run.sh

## soak: the long reliability tests (KAFKIT_SOAK=1)
soak:
	KAFKIT_SOAK=1 $(GO) test -count=1 -timeout 60m -run Soak ./...

# bench-devmem: kafkit dev's resident memory before and after deleting
# 1M x 100 B ten times (ROUNDS, RECORDS, SIZE as in the script).
## bench-devmem: kafkit dev's memory across deletes
bench-devmem: build
	bash bench/devmem.sh
