// libFuzzer entry point for the logo target (see targets.h); built by scripts/fuzz.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)manualgen::fuzz::logo(data, size);
  return 0;
}
