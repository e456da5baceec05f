// libFuzzer entry point for the flow_structure target (see targets.h); built by scripts/fuzz.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)manualgen::fuzz::flow_structure(data, size);
  return 0;
}
