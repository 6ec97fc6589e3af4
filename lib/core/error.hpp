#pragma once
// The one small exception hierarchy; caught only in hooks/.

#include <stdexcept>
#include <string>

namespace rg::core {

/// Base of every exception release-gate throws on purpose.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad configuration or policy input; what() is "<file>:<line>:<col>: <what>".
class ConfigError : public Error {
public:
  using Error::Error;
};

/// Bad command-line usage (exit code 2).
class UsageError : public Error {
public:
  using Error::Error;
};

} // namespace rg::core
