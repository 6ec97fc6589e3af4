#pragma once
// Reading a configuration file that someone else may control (a server policy, a repository's
// .release-gate.yml, an ignore file): only a regular file, never blocking, never unbounded.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rg::core {

/// The largest configuration file read_config_file() accepts by default.
inline constexpr size_t max_config_bytes = size_t(1) << 20;  // 1 MiB

/// The contents of `file`, read without following it into anything but a regular file: the
/// open never blocks (O_NONBLOCK, so a FIFO cannot hang the caller) and at most `max_bytes`
/// are read (so /dev/zero cannot exhaust memory). Returns std::nullopt when there is no
/// directory entry at all. Throws core::ConfigError("<file>: <what>; <what to do>") for a
/// dangling symbolic link, a directory, a FIFO, a device or a socket, a file over `max_bytes`,
/// or any system error. `what` names the file's role in messages ("policy file").
std::optional<std::string> read_config_file(const std::filesystem::path& file, std::string_view what,
                                            size_t max_bytes = max_config_bytes);

} // namespace rg::core
