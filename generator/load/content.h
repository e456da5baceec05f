#pragma once
// content/: the flow structures, the prose per locale and the portal URLs, loaded and checked
// against each other and against the locale catalog.

#include <map>
#include <string>

#include "generator/load/flow_structure.h"
#include "generator/load/locale_catalog.h"
#include "generator/load/prose_file.h"

namespace manualgen {

struct Content {
  std::map<std::string, FlowStructure> flows;                     // flow id → structure
  std::map<std::string, std::map<std::string, ProseFile>> prose;  // locale → flow → prose
  std::map<std::string, std::string> urls;                        // content/urls.json
  std::map<std::string, Location> url_where;

  /// The prose section for `id` of `flow` (following prose_from) in the locale chain; `from` gets
  /// the locale it was found in.
  const ProseSection* section(const LocaleCatalog& locales, const std::string& locale, const std::string& flow,
                              const std::string& id, std::string* from) const;
  const ProseFile* prose_file(const LocaleCatalog& locales, const std::string& locale, const std::string& flow,
                              std::string* from) const;
};

/// Loads content from `folder` (`content`) of the project and the base layer, each file as a whole
/// from one of them, and checks it: structures, one prose section per part in every locale's chain,
/// screens known to the catalog, prose_from targets.
Content load_content(const ProjectFiles& files, const std::string& folder, const LocaleCatalog& locales,
                     Diagnostics& diags);

/// The flow whose prose file holds `part` of `flow`.
inline const std::string& prose_flow(const Part& part, const std::string& flow) {
  return part.prose_from.empty() ? flow : part.prose_from;
}

}  // namespace manualgen
