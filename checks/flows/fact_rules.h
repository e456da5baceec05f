#pragma once
// Facts of the screens and of the organisation's policy that prose states in words, judged clause by
// clause with the locale's vocabulary: how a call is answered, that unlock keeps the password, that a
// change needs the current one and no code, where the e-mail code goes, that the captcha is not
// case-sensitive, how many verifications there are and which methods count as one, and that a
// sentence names only methods the organisation enables.

#include <string>
#include <vector>

#include "checks/flows/flow_checker.h"
#include "checks/flows/prose_text.h"

namespace manualgen {

/// A text the reader sees and what it belongs to: a step's or choice's prose, or an organisation's note.
struct Piece {
  std::string id;  // the step or choice (or what the note is on), the subject of findings
  PartKind kind = PartKind::step;
  std::vector<Method> methods;       // a choice's methods
  std::vector<std::string> screens;  // the screens it is on, with its step's
  const ProseText* text = nullptr;
  std::string file;                   // where it is written
  Location heading;                   // where a fact it lacks is reported
  std::string title;                  // its title as the reader sees it, with…
  const std::string* html = nullptr;  // …its HTML: what the reader sees; null: every clause counts
  Location at(int line) const { return {file, line}; }
  /// Whether the reader sees `clause` (a condition may hide it). Read only where a rule fires.
  bool shows(const Clause& clause) const;

  struct Shown {
    std::string text;
    std::vector<std::string_view> words;  // into `text`
    bool read = false;
  };
  mutable Shown shown_cache = {};  // the words of `title` and `html`, read on the first `shows`
};

struct FactContext {
  const Manual& manual;
  const FlowModel& model;
  const Vocabulary& vocab;
  FindingSink& sink;
  const std::vector<std::string>& words(const std::string& list) const { return vocab.words(manual.locale, list); }
};

/// C02 C03 C08 C16 C18 C21 C23 C26 C27 on the clauses of `piece`.
void check_stated_facts(const FactContext& ctx, const Piece& piece);

/// The rules `check_stated_facts` runs on a manual of `flow`, for the report of checks that ran.
std::vector<std::string> fact_rules_run(const std::string& flow);

}  // namespace manualgen
