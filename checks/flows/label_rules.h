#pragma once
// Rules on the labels of the screens, per locale, before any manual: the screen model and the
// catalogs name the same labels (M01), a confirmed label keeps the text it was confirmed with (M02),
// and no two labels of one screen read the same for different things (M03).

#include <map>
#include <string>

#include "checks/report/report.h"
#include "generator/load/project.h"
#include "generator/model/screen_model.h"

namespace manualgen {

/// M01: every label of a screen in `locales/` is an element of that screen in the model, and every
/// model label has a text in each locale's chain.
void check_models_against_locales(const Project& project, const std::map<std::string, FlowModel>& models,
                                  Report& report);

/// M02: each `seen` label of a locale's ui.json reads as `locales/<tag>/confirmed.json` recorded it,
/// with its source; a locale without that record is warned about. A record that does not parse goes
/// to `diags`.
void check_label_record(const Project& project, Report& report, Diagnostics& diags);

/// M03: two labels of one screen with the same text are the same kind of element, not two actions
/// (or an action and a text) a reader would take for one another.
void check_label_roles(const Project& project, const std::map<std::string, FlowModel>& models, Report& report);

}  // namespace manualgen
