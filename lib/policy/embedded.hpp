#pragma once
// The files of rules/ compiled into the binaries (cmake/Embed.cmake).

#include <string_view>

namespace rg::embedded {

/// Bytes of rules/<name> as built; empty if there is no such file.
std::string_view file(std::string_view name);

} // namespace rg::embedded
