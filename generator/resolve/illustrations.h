#pragma once
// Which screens a step or choice shows as pictures: those its prose names a label of (the reader
// acts there), or those its definition lists; each with the labels to highlight.

#include <vector>

#include "generator/load/flow_structure.h"
#include "generator/model/screen_model.h"
#include "generator/resolve/manual.h"

namespace manualgen {

/// The illustrations of `part`, whose prose has been resolved into `resolved` (its labels), in a
/// manual of `model`'s flow; `verification_step` is the verification step it belongs to (0: none).
std::vector<Illustration> choose_illustrations(const Part& part, const ResolvedPart& resolved, const FlowModel& model,
                                               int verification_step);

/// Whether `state` can be drawn: a screen with elements on the reader's way or beside it.
bool drawable(const ModelState& state);

}  // namespace manualgen
