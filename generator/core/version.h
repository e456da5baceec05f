#pragma once
// The release, written once: in CMakeLists.txt's project(VERSION), handed to the code here.

namespace manualgen {

inline constexpr const char* kVersion = MANUALGEN_VERSION;

}  // namespace manualgen
