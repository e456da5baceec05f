// libFuzzer entry point for the project_files target (see targets.h); built by scripts/fuzz.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)manualgen::fuzz::project_files(data, size);
  return 0;
}
