#pragma once
// What a piece of prose says, read once and independent of the organisation: its clauses (with
// their words and whether they are negated), the numbers with the unit that follows them, the
// emphasised text, placeholders, addresses and contacts. The prose rules judge these; a text is
// Markdown from content/ or an organisation's note from the config, read the same way.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checks/flows/vocabulary.h"

namespace manualgen {

/// A clause: a sentence, or the part of one between a colon or semicolon and the next.
struct Clause {
  int line = 0;
  std::string text;                // lowercase, as written (placeholders kept)
  std::vector<std::string> words;  // lowercase
  bool negated = false;            // has a word of the locale's `negations`
  int unit = 0;                    // the sentence it is in, or the list item: what a reader takes as one statement
  std::map<std::string, std::string, std::less<>> phrases;   // vocabulary list → its first phrase in the clause
  std::vector<std::pair<std::string, std::string>> methods;  // the `method:*` lists among them, with their phrase

  /// The phrase of vocabulary list `list` this clause has, or empty.
  const std::string& phrase(std::string_view list) const;
  bool has(std::string_view list) const { return !phrase(list).empty(); }
};

struct Emphasis {
  int line = 0;
  std::string text;
  bool after_action = false;  // right after a word of `actions` ("klik op **Verzenden**")
};

struct Number {
  int line = 0;
  std::string token;     // digits or a number word as written, or the name of a policy placeholder
  int value = -1;        // -1 for a placeholder
  std::string list;      // the vocabulary list of the unit that follows ("characters", "attempts", …)
  bool maximum = false;  // after a word of `maximum` ("tot 256 tekens", "up to 256 characters")
  bool minimum = false;  // after a word of `minimum` ("minstens 3 methoden")
  int clause = 0;        // index in ProseText::clauses
};

struct ProseText {
  std::vector<std::string> lines;  // lowercase, from the first line on
  std::vector<Clause> clauses;
  std::vector<Emphasis> emphasis;  // **bold** and "quoted" text
  std::vector<Number> numbers;
  std::vector<std::pair<int, std::string>> placeholders;
  std::vector<std::pair<int, std::string>> urls;    // literal http(s) URLs
  std::vector<std::pair<int, std::string>> phones;  // digit runs that look like a phone number
  std::vector<std::pair<int, std::string>> emails;
};

/// The terms of each `{{if TERMS}}` in `text`, in the order they open.
std::vector<std::string_view> span_conditions(const std::string& text);

/// `text` as one organisation's reader gets it: the `{{if …}}` and `{{end}}` markers removed, and
/// each span left out whose entry in `shown` (one per span, as `span_conditions` lists them) is
/// false, as the generator leaves it out. A span left out keeps its line breaks, so every line of
/// the result is the line of the file it was.
std::string reader_text(const std::string& text, const std::vector<bool>& shown);

/// Reads `text`, whose first line is line `first_line` of its file, with the words of `locale`.
ProseText read_prose_text(const std::string& text, int first_line, const std::string& locale, const Vocabulary& vocab);

/// Whether `words` has `phrase` (one or more words, lowercase) as consecutive whole words, or a
/// word that starts with it when `prefix`.
bool has_phrase(const std::vector<std::string>& words, const std::string& phrase, bool prefix = false);
/// The same with the phrase already split into words.
bool has_words(const std::vector<std::string>& words, const std::vector<std::string>& parts, bool prefix = false);

/// The words of `s` (lowercase): letters, digits and the marks inside words (- ' ’ .), placeholders whole.
std::vector<std::string> words_of(const std::string& s);

/// The digits of `s`, in order.
std::string digits_of(const std::string& s);

/// Whether `clause` is one the reader sees in `shown_words` (the words of the part's HTML as text): a
/// clause that a condition hides is not in it. A clause too short to tell counts as shown.
bool clause_shown(const Clause& clause, const std::vector<std::string_view>& shown_words);

/// The text of HTML without its tags and with its entities decoded, lowercase.
std::string visible_text(const std::string& html);

/// The words of `text` as words_of splits them, as views into it: no copies, for a long text.
std::vector<std::string_view> word_views(const std::string& text);

}  // namespace manualgen
