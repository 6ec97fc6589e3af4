#include "lib/push/context.hpp"

#include "lib/core/text.hpp"

#include <charconv>
#include <cstdlib>

namespace rg::push {

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::string Identity::display() const {
  if (!known()) return "(unknown)";
  if (login.empty()) return "<" + email + ">";
  if (email.empty()) return login;
  return login + " <" + email + ">";
}

Identity detect_identity(const EnvLookup& env) {
  auto get = [&](std::string_view name) {
    auto v = env(name);
    return v ? std::string(core::trim(*v)) : std::string();
  };
  for (std::string_view var : {"GL_USERNAME", "GITHUB_USER_LOGIN"}) {
    if (auto v = get(var); !v.empty()) return Identity{v, {}, std::string(var)};
  }
  {
    auto name = get("GITEA_PUSHER_NAME");
    auto email = get("GITEA_PUSHER_EMAIL");
    if (!name.empty() || !email.empty())
      return Identity{name, email, name.empty() ? "GITEA_PUSHER_EMAIL" : "GITEA_PUSHER_NAME"};
  }
  for (std::string_view var : {"GL_USER", "REMOTE_USER"}) {
    if (auto v = get(var); !v.empty()) return Identity{v, {}, std::string(var)};
  }
  return {};
}

std::vector<std::string> push_options(const EnvLookup& env) {
  std::vector<std::string> out;
  auto count_text = env("GIT_PUSH_OPTION_COUNT");
  if (!count_text) return out;
  unsigned count = 0;
  const auto* b = count_text->data();
  const auto* e = b + count_text->size();
  if (std::from_chars(b, e, count).ptr != e) return out;
  for (unsigned i = 0; i < count && i < 1000; ++i)
    if (auto v = env("GIT_PUSH_OPTION_" + std::to_string(i))) out.push_back(*v);
  return out;
}

std::optional<std::string> bypass_reason(const std::vector<std::string>& options) {
  std::optional<std::string> reason;
  for (const auto& o : options) {
    if (o == bypass_option) {
      reason = "";
    } else if (o.size() > bypass_option.size() && o.compare(0, bypass_option.size(), bypass_option) == 0 &&
               o[bypass_option.size()] == '=') {
      reason = std::string(core::trim(std::string_view(o).substr(bypass_option.size() + 1)));
    }
  }
  return reason;
}

} // namespace rg::push
