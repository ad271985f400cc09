# Payouts. `make run` opens the app; `make test` runs every test. Both
# install what they need first (Debian/Ubuntu packages, go-installed tools).

GO      ?= go
BIN     := bin/payouts
export LANG ?= en_US.UTF-8
export PATH := $(shell $(GO) env GOPATH)/bin:$(PATH)

.PHONY: run build test bench package deps-run deps-test demo clean

run: deps-run build
	./$(BIN)

build:
	$(GO) build -o $(BIN) ./cmd/payouts

deps-run:
	@./.ci/deps run

deps-test:
	@./.ci/deps test

# Every test: the ledger, CLI end to end, GUI flows (Fyne test driver), the
# real window under Xvfb, workbook recomputed by LibreOffice, Stripe requests
# against stripe-mock. PAYOUTS_FULL_TEST makes tests that need those tools
# fail, not skip, when a tool is missing. The ledger's and the CLI's tests
# then run again on PostgreSQL (a throwaway loopback cluster, internal/pgtest).
test: deps-test
	$(GO) vet ./...
	PAYOUTS_FULL_TEST=1 $(GO) test -timeout 60m ./...
	PAYOUTS_FULL_TEST=1 PAYOUTS_TEST_BACKEND=postgres $(GO) test -timeout 60m ./ledger/ ./cmd/payouts/

# Benchmarks: one table of figures against their floors (see README).
bench: deps-test
	$(GO) run ./cmd/payouts-bench $(BENCHFLAGS)

# A desktop package (a .tar.xz with binary, icon and .desktop file on Linux)
# from FyneApp.toml, the one source of the app's ID, name, version and icon.
# The packager is fyne.io/tools (fyne.io/fyne/v2/cmd/fyne is deprecated); it
# reads FyneApp.toml from the main package's folder, so it gets a copy there
# (icon path adjusted), removed afterwards. TestMakePackage unpacks the result
# and runs its --version (PAYOUTS_FULL_TEST).
package: deps-run
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	sed 's#"assets/#"../../assets/#' FyneApp.toml > cmd/payouts/FyneApp.toml
	cd cmd/payouts && fyne package --release; status=$$?; rm -f FyneApp.toml; exit $$status
	mkdir -p bin && mv cmd/payouts/Payouts* bin/
	@ls -l bin/Payouts*

demo: build
	rm -f demo.payouts && ./$(BIN) --db demo.payouts demo && ./$(BIN) --db demo.payouts

clean:
	rm -rf bin
