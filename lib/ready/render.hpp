#pragma once
// `release-gate ready`'s outputs: text for a terminal, Markdown a CDO can read and sign, JSON
// (`items` with id, gate, status, evidence, next), SARIF 2.1.0 for code-scanning UIs.

#include "lib/ready/readiness.hpp"

#include <string>

namespace rg::ready {

std::string to_text(const Report& r);
std::string to_markdown(const Report& r);
std::string to_json(const Report& r);
std::string to_sarif(const Report& r);

} // namespace rg::ready
