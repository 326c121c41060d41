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
  std::string best;
  std::size_t best_distance = 4;  // farther than this is not a typo
  for (const FlagGroup& g : groups) {
    for (const BoundFlag& f : g.flags) {
      const std::size_t d = EditDistance(name, f.name);
      if (d < best_distance) {
        best_distance = d;
        best = f.name;
      }
    }
  }
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
    if (flag == nullptr)
      return Invalid("unknown option --" + name + Suggestion(name, groups) + "; see --help");
    if (!flag->repeatable && !seen.insert(name).second) {
      return Invalid("--" + name + " is given more than once; give it once");
    }
    switch (flag->kind) {
      case ValueKind::kNone:
        if (value) return Invalid("--" + name + " takes no value (got '" + *value + "')");
        value = "";
        break;
      case ValueKind::kOptionalBool:
        if (!value) value = (i + 1 < args.size() && ParseBool(args[i + 1]).ok()) ? args[++i] : "true";
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
