#pragma once
// The files of rules/ compiled into the binaries (cmake/Embed.cmake, tools/embed_pack.cpp).

#include "lib/policy/secrets.hpp"

#include <string_view>

namespace rg::embedded {

/// Bytes of rules/<name> as built; empty if there is no such file.
std::string_view file(std::string_view name);

/// rules/secrets.yml as parsed at build time (no examples; every rule marked prevalidated).
policy::SecretsPolicy secrets_pack();

} // namespace rg::embedded
