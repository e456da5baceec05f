#include "generator/model/policy.h"

#include <algorithm>

namespace manualgen {

bool Policy::enabled(Method m) const { return std::find(methods.begin(), methods.end(), m) != methods.end(); }

}  // namespace manualgen
