#include "flags.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "values.hpp"

namespace fal::cli {
namespace {

fal::Error Invalid(std::string message) {
  return fal::Error(fal::ErrorCode::kInvalidArgument, std::move(message));
}

// Levenshtein distance, to suggest the flag the user probably meant.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string Suggestion(std::string_view name, const std::vector<FlagGroup>& groups) {
  std::vector<std::string> names;
  for (const FlagGroup& g : groups) {
    for (const BoundFlag& f : g.flags) names.push_back(f.name);
  }
  const std::string best = ClosestName(name, names);
  return best.empty() ? "" : " (did you mean --" + best + "?)";
}

const BoundFlag* Find(std::string_view name, const std::vector<FlagGroup>& groups) {
  for (const FlagGroup& g : groups) {
    for (const BoundFlag& f : g.flags) {
      if (f.name == name) return &f;
    }
  }
  return nullptr;
}

}  // namespace

std::string ClosestName(std::string_view name, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = 4;  // farther than this is not a typo
  for (const std::string& candidate : names) {
    const std::size_t d = EditDistance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

fal::Result<void> ParseFlags(const std::vector<std::string>& args, const std::vector<FlagGroup>& groups,
                             std::vector<std::string>& positional) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") {
      positional.insert(positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (word.size() < 3 || word.compare(0, 2, "--") != 0) {
      positional.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const BoundFlag* flag = Find(name, groups);
    if (flag == nullptr) return Invalid("unknown option --" + name + Suggestion(name, groups));
    if (!flag->repeatable && !seen.insert(name).second) {
      return Invalid("--" + name + " is given more than once; give it once");
    }
    switch (flag->kind) {
      case ValueKind::kNone:
        if (value) return Invalid("--" + name + " takes no value (got '" + *value + "')");
        value = "";
        break;
      case ValueKind::kOptionalBool:
        if (!value) {
          // The next word is the value when it is not another flag: "--generate-audio maybe" is a bad value
          // of this flag, not a stray argument.
          const bool next_is_value = i + 1 < args.size() && args[i + 1].compare(0, 2, "--") != 0;
          value = next_is_value ? args[++i] : "true";
        }
        break;
      case ValueKind::kRequired:
        if (!value) {
          if (i + 1 >= args.size())
            return Invalid("--" + name + " needs a value: --" + name + " " + flag->placeholder);
          value = args[++i];
        }
        break;
    }
    if (fal::Result<void> ok = flag->set(*value); !ok)
      return Invalid("--" + name + ": " + ok.error().message());
  }
  return {};
}

std::string FormatFlags(const std::vector<FlagGroup>& groups) {
  std::size_t width = 0;
  auto left = [](const BoundFlag& f) {
    std::string s = "--" + f.name;
    if (!f.placeholder.empty())
      s += f.kind == ValueKind::kOptionalBool ? " [" + f.placeholder + "]" : " " + f.placeholder;
    return s;
  };
  for (const FlagGroup& g : groups) {
    for (const BoundFlag& f : g.flags) width = std::max(width, left(f).size());
  }
  width = std::min<std::size_t>(width, 36);
  std::string out;
  for (const FlagGroup& g : groups) {
    if (g.flags.empty()) continue;
    out += "\n" + g.title + ":\n";
    for (const BoundFlag& f : g.flags) {
      std::string l = "  " + left(f);
      if (l.size() > width + 2) {
        out += l + "\n" + std::string(width + 4, ' ');
      } else {
        out += l + std::string(width + 4 - l.size(), ' ');
      }
      out += f.help + (f.repeatable ? " (repeatable)" : "") + "\n";
    }
  }
  return out;
}

}  // namespace fal::cli
