#include "checks/flows/prose_text.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "generator/core/text.h"
#include "generator/load/markdown.h"

namespace manualgen {

namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || c == '{' || c == '}' || c == '.' || c == '-' ||
         c == '\'';
}

bool all_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "14-character" is the number 14 and the word "character".
void push_word(std::string word, std::vector<std::string>& out) {
  while (!word.empty() && std::string(".-'").find(word.back()) != std::string::npos) word.pop_back();
  while (!word.empty() && std::string(".-'").find(word.front()) != std::string::npos) word.erase(0, 1);
  if (word.empty()) return;
  size_t dash = word.find('-');
  if (dash != std::string::npos && all_digits(word.substr(0, dash))) {
    out.push_back(word.substr(0, dash));
    push_word(word.substr(dash + 1), out);
    return;
  }
  out.push_back(std::move(word));
}

void find_delimited(const std::string& line, const std::string& open, const std::string& close, int number,
                    const std::vector<std::string>& actions, std::vector<Emphasis>& out) {
  for (size_t pos = 0; (pos = line.find(open, pos)) != std::string::npos;) {
    size_t end = line.find(close, pos + open.size());
    if (end == std::string::npos) break;
    std::string inner = line.substr(pos + open.size(), end - pos - open.size());
    if (!inner.empty() && inner.find("{{") == std::string::npos) {
      auto before = words_of(ascii_lowercase(line.substr(0, pos)));
      bool after_action = std::any_of(actions.begin(), actions.end(), [&](const std::string& a) {
        auto phrase = words_of(a);
        return before.size() >= phrase.size() && std::equal(phrase.rbegin(), phrase.rend(), before.rbegin());
      });
      out.push_back({number, inner, after_action});
    }
    pos = end + close.size();
  }
}

void find_emphasis(const std::string& line, int number, const std::vector<std::string>& actions,
                   std::vector<Emphasis>& out) {
  find_delimited(line, "**", "**", number, actions, out);
  find_delimited(line, "\xE2\x80\x9C", "\xE2\x80\x9D", number, actions, out);  // “ ”
  find_delimited(line, "\"", "\"", number, actions, out);
}

void find_placeholders(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t pos = 0; (pos = line.find("{{", pos)) != std::string::npos;) {
    size_t end = line.find("}}", pos);
    if (end == std::string::npos) break;
    out.push_back({number, line.substr(pos + 2, end - pos - 2)});
    pos = end + 2;
  }
}

void find_urls(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t pos = 0; (pos = line.find("http", pos)) != std::string::npos;) {
    size_t end = line.find_first_of(" )>\"'", pos);
    std::string url = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!url.empty() && std::string(".,;:!?").find(url.back()) != std::string::npos) url.pop_back();
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) out.push_back({number, url});
    pos += 4;
  }
}

// Phone numbers: 9+ digits with spaces or dashes, not a mobile example (06…, +31 6…).
void find_phones(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(line[i])) != 0; };
  for (size_t pos = 0; pos < line.size();) {
    if (!(digit(pos) || line[pos] == '+') || (pos > 0 && std::isalnum(static_cast<unsigned char>(line[pos - 1])))) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < line.size() &&
           (digit(end) || line[end] == ' ' || line[end] == '-' || (end == pos && line[end] == '+')))
      ++end;
    std::string run = line.substr(pos, end - pos);
    std::string digits = digits_of(run);
    bool mobile_example = digits.rfind("06", 0) == 0 || digits.rfind("316", 0) == 0;
    if (digits.size() >= 9 && !mobile_example) out.push_back({number, run});
    pos = end + 1;
  }
}

void find_emails(const std::string& line, int number, std::vector<std::pair<int, std::string>>& out) {
  for (size_t at = line.find('@'); at != std::string::npos; at = line.find('@', at + 1)) {
    size_t start = line.find_last_of(" (<[\t", at);
    start = start == std::string::npos ? 0 : start + 1;
    size_t end = line.find_first_of(" )>]\t,", at);
    std::string email = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!email.empty() && (email.back() == '.' || email.back() == '*')) email.pop_back();
    if (email.find("{{") == std::string::npos && email.find('.') != std::string::npos) out.push_back({number, email});
  }
}

// The text of a line without its list marker ("1. ", "- "); `item` says whether it had one.
std::string without_list_marker(const std::string& line, bool& item) {
  size_t start = line.find_first_not_of(" \t");
  item = false;
  if (start == std::string::npos) return "";
  size_t digits = start;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  size_t marker_end = std::string::npos;
  if (digits > start && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      line[digits + 1] == ' ')
    marker_end = digits + 2;
  else if (std::string("-*+").find(line[start]) != std::string::npos && start + 1 < line.size() &&
           line[start + 1] == ' ')
    marker_end = start + 2;
  if (marker_end == std::string::npos) return line.substr(start);
  item = true;
  return line.substr(marker_end);
}

// Whether `text` at `i` is a comma before a negation: "your private address, not your work address"
// affirms its first part and denies its second, so they are two clauses.
bool contrast_at(const std::string& text, size_t i, const std::vector<std::string>& negations) {
  if (text[i] != ',' || i + 1 == text.size() || text[i + 1] != ' ') return false;
  size_t start = i + 2;
  size_t end = text.find_first_of(" ,.;:?!", start);
  std::string next = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return std::find(negations.begin(), negations.end(), next) != negations.end();
}

// The clauses of one line: cut after . ? ! (a sentence ends), : ; (a clause ends) before a space, and
// before a negation after a comma.
void cut_clauses(const std::string& text, int line, bool item, const std::vector<std::string>& negations, int& unit,
                 std::vector<Clause>& out) {
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    bool end_of_text = i == text.size();
    char c = end_of_text ? '.' : text[i];
    bool boundary =
        end_of_text ||
        (std::string(".?!:;").find(c) != std::string::npos && (i + 1 == text.size() || text[i + 1] == ' ')) ||
        contrast_at(text, i, negations);
    if (!boundary) continue;
    std::string clause = text.substr(start, i - start);
    if (clause.find_first_not_of(" \t") != std::string::npos)
      out.push_back({line, clause, words_of(clause), false, unit, {}, {}});
    start = i + 1;
    if (!item && std::string(".?!").find(c) != std::string::npos) ++unit;
  }
  if (item) ++unit;
}

int number_value(const std::string& token, const std::vector<std::string>& number_words) {
  if (all_digits(token)) return token.size() > 6 ? -1 : std::stoi(token);
  for (size_t n = 0; n < number_words.size(); ++n) {
    std::istringstream forms(number_words[n]);
    for (std::string form; std::getline(forms, form, '|');)
      if (form == token) return static_cast<int>(n);
  }
  return -1;
}

bool is_any_of(const std::string& word, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The unit of a number: a word of one of the unit lists within four words, passing other numbers
// of a range ("12 tot 256 tekens").
std::string unit_after(const std::vector<std::string>& words, size_t w, const std::string& locale,
                       const Vocabulary& vocab) {
  static const std::vector<std::string> lists = {"characters", "attempts", "times",
                                                 "questions",  "methods",  "verifications"};
  for (size_t k = w + 1; k < words.size() && k <= w + 4; ++k)
    for (const auto& list : lists)
      if (is_any_of(words[k], vocab.words(locale, list))) return list;
  return "";
}

void find_numbers(const Clause& clause, int index, const std::string& locale, const Vocabulary& vocab,
                  std::vector<Number>& out) {
  const auto& words = clause.words;
  const auto& number_words = vocab.words(locale, "number_words");
  for (size_t w = 0; w < words.size(); ++w) {
    const std::string& token = words[w];
    bool placeholder = token.rfind("{{policy.", 0) == 0;
    int value = placeholder ? -1 : number_value(token, number_words);
    if (!placeholder && value < 0) continue;
    std::string unit = unit_after(words, w, locale, vocab);
    if (unit.empty()) continue;
    auto before = [&](const std::string& list) {
      for (size_t k = w >= 2 ? w - 2 : 0; k < w; ++k)
        if (is_any_of(words[k], vocab.words(locale, list))) return true;
      return false;
    };
    out.push_back({clause.line, placeholder ? token.substr(2, token.size() - 4) : token, value, unit, before("maximum"),
                   before("minimum"), index});
  }
}

// Which phrase of each vocabulary list the clause has, once: the same prose serves every
// organisation. Topic lists match a word that starts with the phrase ("hoofdletter" in
// "hoofdlettergevoelig"); the others whole words.
void find_phrases(Clause& clause, const std::string& locale, const Vocabulary& vocab) {
  static const std::vector<std::string> by_prefix = {"letter_case", "lockout", "private"};
  auto lists = vocab.phrases.find(locale);
  if (lists == vocab.phrases.end()) return;
  for (const auto& [list, phrases] : lists->second) {
    bool prefix = std::find(by_prefix.begin(), by_prefix.end(), list) != by_prefix.end();
    for (const auto& phrase : phrases)
      if (has_words(clause.words, phrase.words, prefix)) {
        clause.phrases.emplace(list, phrase.text);
        if (list.rfind("method:", 0) == 0) clause.methods.emplace_back(list, phrase.text);
        break;
      }
  }
}

}  // namespace

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (is_word_char(c)) {
      word += c;
    } else if (!word.empty()) {
      push_word(std::move(word), out);
      word.clear();
    }
  }
  if (!word.empty()) push_word(std::move(word), out);
  return out;
}

std::string digits_of(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool has_phrase(const std::vector<std::string>& words, const std::string& phrase, bool prefix) {
  return has_words(words, words_of(phrase), prefix);
}

bool has_words(const std::vector<std::string>& words, const std::vector<std::string>& parts, bool prefix) {
  if (parts.empty() || parts.size() > words.size()) return false;
  for (size_t i = 0; i + parts.size() <= words.size(); ++i) {
    bool match = true;
    for (size_t k = 0; k < parts.size() && match; ++k) {
      bool last = k + 1 == parts.size();
      match = last && prefix ? words[i + k].rfind(parts[k], 0) == 0 : words[i + k] == parts[k];
    }
    if (match) return true;
  }
  return false;
}

const std::string& Clause::phrase(std::string_view list) const {
  static const std::string none;
  auto it = phrases.find(list);
  return it == phrases.end() ? none : it->second;
}

ProseText read_prose_text(const std::string& text, int first_line, const std::string& locale, const Vocabulary& vocab) {
  ProseText f;
  std::istringstream in(text);
  std::string line;
  int unit = 0;
  const auto& actions = vocab.words(locale, "actions");
  const auto& negations = vocab.words(locale, "negations");
  for (int i = 0; std::getline(in, line); ++i) {
    int number = first_line + i;
    std::string lower = ascii_lowercase(line);
    f.lines.push_back(lower);
    find_emphasis(line, number, actions, f.emphasis);
    find_placeholders(line, number, f.placeholders);
    find_urls(line, number, f.urls);
    find_phones(line, number, f.phones);
    find_emails(line, number, f.emails);
    bool item = false;
    std::string text_of_line = without_list_marker(lower, item);
    size_t first_clause = f.clauses.size();
    cut_clauses(text_of_line, number, item, negations, unit, f.clauses);
    for (size_t c = first_clause; c < f.clauses.size(); ++c) {
      Clause& clause = f.clauses[c];
      clause.negated = std::any_of(clause.words.begin(), clause.words.end(),
                                   [&](const std::string& w) { return is_any_of(w, negations); });
      find_phrases(clause, locale, vocab);
      find_numbers(clause, static_cast<int>(c), locale, vocab, f.numbers);
    }
  }
  return f;
}

namespace {

// Calls `on_marker` with the name of each `{{…}}` of `text` and where it starts and ends.
template <typename F>
void each_placeholder(const std::string& text, F on_marker) {
  for (size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
    size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) return;
    on_marker(std::string_view(text).substr(open + 2, close - open - 2), open, close + 2);
  }
}

}  // namespace

std::vector<std::string_view> span_conditions(const std::string& text) {
  std::vector<std::string_view> out;
  each_placeholder(text, [&](std::string_view name, size_t, size_t) {
    if (is_condition_placeholder(name)) out.push_back(condition_terms(name));
  });
  return out;
}

std::string reader_text(const std::string& text, const std::vector<bool>& shown) {
  std::string out;
  out.reserve(text.size());
  std::vector<bool> open;  // for each span open here, whether it is shown
  size_t span = 0;
  size_t pos = 0;
  auto copy_to = [&](size_t end) {
    bool dropped = std::find(open.begin(), open.end(), false) != open.end();
    for (size_t i = pos; i < end; ++i)
      if (!dropped || text[i] == '\n') out += text[i];
  };
  each_placeholder(text, [&](std::string_view name, size_t start, size_t end) {
    bool condition = is_condition_placeholder(name);
    if (!condition && name != "end") return;
    copy_to(start);
    pos = end;
    if (condition) {
      open.push_back(span >= shown.size() || shown[span]);
      ++span;
    } else if (!open.empty()) {
      open.pop_back();
    }
  });
  copy_to(text.size());
  return out;
}

std::string visible_text(const std::string& html) {
  static const std::vector<std::pair<std::string, std::string>> entities = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&nbsp;", " "}};
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') in_tag = true;
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        out += ' ';
      }
      continue;
    }
    bool entity = false;
    if (c == '&')
      for (const auto& [name, value] : entities)
        if (html.compare(i, name.size(), name) == 0) {
          out += value;
          i += name.size() - 1;
          entity = true;
          break;
        }
    if (!entity) out += c;
  }
  return ascii_lowercase(out);
}

bool clause_shown(const Clause& clause, const std::vector<std::string_view>& shown_words) {
  // The longest run of words between placeholders, which the HTML has filled in.
  std::vector<std::string> best;
  std::vector<std::string> run;
  auto close_run = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (const auto& w : clause.words) {
    if (w.find_first_of("{}") == std::string::npos)
      run.push_back(w);
    else
      close_run();
  }
  close_run();
  if (best.size() < 3) return true;
  for (size_t i = 0; i + best.size() <= shown_words.size(); ++i)
    if (std::equal(best.begin(), best.end(), shown_words.begin() + static_cast<long>(i))) return true;
  return false;
}

std::vector<std::string_view> word_views(const std::string& text) {
  std::vector<std::string_view> out;
  auto push = [&](size_t start, size_t end) {
    // As push_word: marks at the ends dropped, "14-character" as two words.
    while (start < end && std::string_view(".-'").find(text[start]) != std::string_view::npos) ++start;
    while (end > start && std::string_view(".-'").find(text[end - 1]) != std::string_view::npos) --end;
    size_t digits = start;
    while (digits < end && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits > start && digits < end && text[digits] == '-') {
      out.emplace_back(text.data() + start, digits - start);
      start = digits + 1;
    }
    if (start < end) out.emplace_back(text.data() + start, end - start);
  };
  size_t start = std::string::npos;
  for (size_t i = 0; i <= text.size(); ++i) {
    bool word = i < text.size() && is_word_char(text[i]);
    if (word && start == std::string::npos) start = i;
    if (!word && start != std::string::npos) {
      push(start, i);
      start = std::string::npos;
    }
  }
  return out;
}

}  // namespace manualgen
