#include "lib/rules/release_message.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"
#include "lib/rules/authorization.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::rules {

namespace trailer = policy::trailer;

std::vector<core::Finding> check_release_message(std::string_view message, const ReleaseContext& ctx,
                                                 const policy::ReleasePolicy& policy) {
  ReleaseRecord rec = read_record(message, policy);
  auto out = check_release_record(rec, ctx, policy);
  auto auth = check_authorization(rec, ctx, policy);
  out.insert(out.end(), std::make_move_iterator(auth.begin()), std::make_move_iterator(auth.end()));
  // Errors first, then by line, keeping the evaluators' order otherwise.
  std::stable_sort(out.begin(), out.end(), [](const core::Finding& a, const core::Finding& b) {
    return a.severity > b.severity;
  });
  return out;
}

std::string trailer_template(const policy::ReleaseType& type, const policy::ReleasePolicy& policy) {
  std::string out = suggested_line(trailer::release_type, type, policy) + "\n";
  auto has = [&](std::string_view key) {
    return std::any_of(type.require.begin(), type.require.end(),
                       [&](const std::string& k) { return message::key_equals(k, key); });
  };
  // The canonical order, whatever order the policy lists them in.
  std::vector<std::string> order = policy::known_trailer_keys();
  order.push_back(policy.rca_trailer);
  for (const auto& key : order) {
    if (message::key_equals(key, trailer::release_type)) continue;
    if (message::key_equals(key, trailer::authorized_by)) {
      for (const auto& role : type.authorize) out += suggested_line(key, type, policy, role) + "\n";
      if (type.authorize.empty() && has(key)) out += suggested_line(key, type, policy) + "\n";
      continue;
    }
    if (message::key_equals(key, trailer::confirmed_by)) {
      for (const auto& role : type.confirm) out += suggested_line(key, type, policy, role) + "\n";
      if (type.confirm.empty() && has(key)) out += suggested_line(key, type, policy) + "\n";
      continue;
    }
    if (has(key)) out += suggested_line(key, type, policy) + "\n";
  }
  return out;
}

std::string message_template(std::string_view type_name, const policy::ReleasePolicy& policy) {
  const policy::ReleaseType* type = policy.find_type(type_name);
  if (!type) {
    std::string msg = fmt::format("unknown release type `{}`; valid types: {}", core::printable(type_name),
                                  fmt::join(policy.type_names(), ", "));
    if (auto hint = core::did_you_mean(type_name, policy.type_names()))
      msg += fmt::format(" (did you mean `{}`?)", *hint);
    throw core::UsageError(msg);
  }
  return fmt::format("<one-line summary of the release>\n\n"
                     "<what ships and why; {}>\n\n{}",
                     type->description.empty() ? type->name : type->description,
                     trailer_template(*type, policy));
}

std::string release_help(std::string_view message, const policy::ReleasePolicy& policy) {
  if (policy.types.empty()) return "the release policy defines no release types\n";
  ReleaseRecord rec = read_record(message, policy);
  const policy::ReleaseType* type = rec.type;
  std::string intro;
  if (!type && !rec.declared_type.empty())
    if (auto hint = core::did_you_mean(core::trim(rec.declared_type), policy.type_names()))
      type = policy.find_type(*hint);
  // A plain `git revert` without a type is a rollback in the making.
  if (!type && rec.declared_type.empty() && message.find("\nThis reverts commit ") != std::string_view::npos)
    type = policy.find_type("rollback");
  if (!type) {
    type = &policy.types.front();
    intro = fmt::format("Release lines for a `{}` release (choose the type that fits; valid types: {}):",
                        type->name, fmt::join(policy.type_names(), ", "));
  } else {
    intro = fmt::format("Release lines for a `{}` release (paste them as the last paragraph of the message):",
                        type->name);
  }
  std::string out = intro + "\n\n";
  std::string block = trailer_template(*type, policy);
  for (std::string_view rest = block; !rest.empty();) {
    auto nl = rest.find('\n');
    out += "    ";
    out += rest.substr(0, nl);
    out += "\n";
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  out += fmt::format("\n`release-gate template {}` prints a whole message; `<...>` parts must be filled in.\n",
                     type->name);
  return out;
}

} // namespace rg::rules
