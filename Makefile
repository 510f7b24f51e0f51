# kafkit's two contract commands are `go run ./cmd/kafkit demo` and `make test`.
GO ?= go
# Fuzz targets run briefly in `make test`; `make fuzz FUZZTIME=5m` runs longer.
# The default is a number of inputs, not a duration: when a duration runs out
# in the middle of an input, go test can report "context deadline exceeded" as
# a failure of the target (seen in this suite), which is not a finding.
FUZZTIME ?= 5000x

.PHONY: test peers vet unit fuzz bench bench-dev bench-devmem soak build golden configdump

test: peers vet unit fuzz

# peers installs what the tests talk to when it is missing: kcat,
# python3-confluent-kafka, Java and Maven from Debian; the pinned
# confluent-kafka from PyPI; Apache Kafka and ZooKeeper from Maven Central
# (into ~/.cache/kafkit, never into the repository).
peers:
	@bash scripts/install-peers.sh

vet:
	$(GO) vet ./...
	$(GO) mod tidy -diff
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 -timeout 30m ./...

build:
	$(GO) build -o bin/kafkit ./cmd/kafkit

# fuzz runs every fuzz target in the module for FUZZTIME each; `unit` has
# already run their committed seed corpora (testdata/fuzz) as plain tests.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for f in $$(cat $$dir/*_test.go 2>/dev/null | sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p'); do \
	    echo "fuzz: $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

# golden regenerates the checked-in generated files (docker-compose.yml,
# examples/compose, testdata goldens); only these packages define -update.
GOLDEN_PKGS = $$(grep -rl 'flag.Bool("update"' --include='*_test.go' . | xargs -n1 dirname | sort -u)
golden:
	$(GO) test $(GOLDEN_PKGS) -count=1 -update

# configdump regenerates catalog/data/configdef/*.tsv, Kafka's own ConfigDefs
# for each pinned version, from the jars (scripts/fetch-kafka.sh), and writes
# Kafka's descriptions into the cache for the own-words test.
configdump:
	bash scripts/configdump.sh --docs

# bench measures kafkit beside kcat, Kafka's console tools and ProducerPerformance,
# and Python confluent-kafka, on a real Apache Kafka 3.9.2 broker (bench/kafka.sh,
# about 10-15 minutes); bench-dev measures kafkit beside kcat on `kafkit dev`.
bench: build
	bash bench/kafka.sh

bench-dev: build
	bash bench/run.sh

soak:
	KAFKIT_SOAK=1 $(GO) test -count=1 -timeout 60m -run Soak ./...

# bench-devmem: kafkit dev's resident memory before and after deleting
# 1M x 100 B ten times (ROUNDS, RECORDS, SIZE as in the script).
bench-devmem: build
	bash bench/devmem.sh
