// The command line machinery of fal-ltx: flags are rows of tables (name, value placeholder, help, setter),
// and one parser applies every table a command uses. Endpoint fields, request options and the options of
// the job and file commands are all declared this way, so there is no hand-written parser per command.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fal/result.hpp"

namespace fal::cli {

// How a flag takes its value.
enum class ValueKind {
  kRequired,      // --name VALUE or --name=VALUE
  kOptionalBool,  // --name, --name true|false, --name=false (the next word is taken only if it is a bool)
  kNone,          // --name (a switch; the setter gets an empty value)
};

// One flag that sets something on a `Target`: a field of an endpoint's input, or an option of a command.
template <class Target>
struct Flag {
  std::string name;         // without the leading dashes: "num-frames"
  std::string placeholder;  // shown in --help: "N", "true|false", "480p|720p"
  std::string help;         // one line
  ValueKind kind = ValueKind::kRequired;
  bool repeatable = false;
  // Parses `value` and applies it. An error is an invalid argument; its message names the value.
  std::function<fal::Result<void>(Target&, std::string_view value)> set;
};

// A Flag bound to the object it sets: what the parser works with.
struct BoundFlag {
  std::string name, placeholder, help;
  ValueKind kind = ValueKind::kRequired;
  bool repeatable = false;
  std::function<fal::Result<void>(std::string_view value)> set;
};

// A titled group of bound flags, for --help.
struct FlagGroup {
  std::string title;
  std::vector<BoundFlag> flags;
};

template <class Target>
FlagGroup Bind(std::string title, const std::vector<Flag<Target>>& table, Target& target) {
  FlagGroup group{std::move(title), {}};
  for (const Flag<Target>& f : table) {
    auto set = f.set;
    group.flags.push_back(BoundFlag{f.name, f.placeholder, f.help, f.kind, f.repeatable,
                                    [set, &target](std::string_view v) { return set(target, v); }});
  }
  return group;
}

// The name in `names` closest to `name` (a typo: at most 3 edits away), or "" when none is.
std::string ClosestName(std::string_view name, const std::vector<std::string>& names);

// Applies `args` to the groups' flags in order. Words that are not flags go to `positional` (after "--",
// every word does). Errors (kInvalidArgument): an unknown flag (with the closest known name), a missing
// value, a non-repeatable flag given twice, or the setter's own error prefixed with the flag's name.
fal::Result<void> ParseFlags(const std::vector<std::string>& args, const std::vector<FlagGroup>& groups,
                             std::vector<std::string>& positional);

// The flags of `groups` formatted for --help, one per line, aligned.
std::string FormatFlags(const std::vector<FlagGroup>& groups);

}  // namespace fal::cli
