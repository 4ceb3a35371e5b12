# The README's commands. CMake does the building; this is a thin front.
#   make run    install what is missing, build, start airlockd on loopback
#   make test   install, build (release, and ASan+UBSan), run every test
#   make bench  the benchmarks in bench/ (never part of make test)
#   make fuzz   run each fuzz target for FUZZ_SECONDS (default 60)

MAKEFLAGS  += --no-print-directory
BUILD      ?= build
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test bench fuzz clean format

all: build

deps:
	@scripts/deps.sh

$(BUILD)/release/CMakeCache.txt:
	cmake -S . -B $(BUILD)/release -DCMAKE_BUILD_TYPE=Release \
	    -DAIRLOCK_TESTS=OFF >/dev/null

build: deps $(BUILD)/release/CMakeCache.txt
	cmake --build $(BUILD)/release -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD)/release

$(BUILD)/asan/CMakeCache.txt:
	CC=clang cmake -S . -B $(BUILD)/asan -DCMAKE_BUILD_TYPE=Debug \
	    -DAIRLOCK_SANITIZE=ON -DAIRLOCK_FUZZ=ON >/dev/null

# The release build (gcc, what make run uses) is built too, so that a
# warning only gcc reports cannot break make run behind the tests' back.
test: build $(BUILD)/asan/CMakeCache.txt
	cmake --build $(BUILD)/asan -j $(JOBS)
	cd $(BUILD)/asan && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run-all.sh $(BUILD)/release

fuzz: deps $(BUILD)/asan/CMakeCache.txt
	cmake --build $(BUILD)/asan -j $(JOBS)
	@tests/fuzz/run.sh $(BUILD)/asan $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c')

clean:
	rm -rf $(BUILD)
