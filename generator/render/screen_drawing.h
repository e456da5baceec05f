#pragma once
// A screen of the model drawn as HTML: the locale's labels (through the fallback chain), the
// organisation's values in the fields, only the options its policy allows, the progress indicator,
// and the elements the step's prose names highlighted. HTML and CSS rather than an image, so every
// label is real text (searchable, translated, in the PDF's text, sharp at any zoom) and the browser
// and WeasyPrint lay it out: a long Dutch label wraps instead of overflowing a button.
//
// Markup contract (tests and other tools read it):
//   <figure class="screen" data-screen="RST.WHO" role="img" aria-label="Scherm: …, met … gemarkeerd">
//   … the highlighted element carries data-highlight="next" …
//   </figure>
// role="img" with the name makes a screen reader read the figure once, by its name, not every label.

#include <string>
#include <unordered_map>

#include "generator/model/screen_model.h"
#include "generator/resolve/manual.h"
#include "generator/resolve/resolver.h"

namespace manualgen {

/// Draws `illustration` of a part of a manual of `model`'s flow for `org` in `locale`. A label the
/// locale and its fallbacks lack is an error at the element in the model; a label taken from a
/// fallback locale is recorded like every other fallback.
std::string draw_screen(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                        const FlowModel& model, const Illustration& illustration);

/// draw_screen, remembering each drawing: organisations with the same policy see the same screens,
/// and a 500-organisation site would otherwise draw each of them hundreds of times. The key holds
/// everything of the organisation a screen shows. One per render thread.
class ScreenDrawer {
 public:
  const std::string& draw(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                          const FlowModel& model, const Illustration& illustration);

 private:
  std::unordered_map<std::string, std::string> drawn_;
  std::string key_;  // reused
};

}  // namespace manualgen
