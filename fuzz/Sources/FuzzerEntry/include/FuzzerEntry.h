#ifndef POLICYCTL_FUZZER_ENTRY_H
#define POLICYCTL_FUZZER_ENTRY_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer (its `LLVMFuzzerRunDriver`) with the command line and the function that
/// tests one input. SwiftPM gives each executable target an entry point of its own name
/// (`<Target>_main`), which a fuzz target defines to call this, since with
/// `-parse-as-library` the Swift compiler emits none.
int policyctl_fuzz_main(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
