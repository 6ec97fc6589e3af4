#include "lib/core/file.hpp"

#include "lib/core/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace rg::core {

namespace {

std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

} // namespace

std::optional<std::string> read_config_file(const std::filesystem::path& file, std::string_view what,
                                            size_t max_bytes) {
  const std::string name = file.string();
  const auto fail = [&](std::string_view why) {
    return ConfigError(fmt::format("{}: {} {}", name, what, why));
  };
  // lstat first: a dangling symbolic link is a configured file that is broken, not an absent one
  // (std::filesystem::exists follows the link and says "no").
  struct stat lst {};
  if (::lstat(name.c_str(), &lst) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw fail(fmt::format("cannot be examined: {}; fix the path's permissions", std::strerror(errno)));
  }
  const int fd = ::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (S_ISLNK(lst.st_mode) && err == ENOENT) {
      std::error_code ec;
      const auto target = std::filesystem::read_symlink(file, ec);
      throw fail(fmt::format("is a symbolic link to {}, which does not exist; point it at the file or remove it",
                             ec ? std::string("a missing file") : target.string()));
    }
    throw fail(fmt::format("cannot be opened: {}; make it readable by the user the hook runs as",
                           std::strerror(err)));
  }
  Fd closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw fail(fmt::format("cannot be examined: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode))
    throw fail(fmt::format("is {}, not a regular file; replace it with a file or remove it", kind_of(st.st_mode)));
  if (st.st_size < 0 || uint64_t(st.st_size) > max_bytes)
    throw fail(fmt::format("is {} bytes, over the {}-byte limit; shorten it", st.st_size, max_bytes));
  // Read at most one byte past the limit, so a file that grows while we read is caught too.
  std::string out(size_t(st.st_size) + 1, '\0');
  size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(fmt::format("cannot be read: {}", std::strerror(errno)));
    if (n == 0) break;
    got += size_t(n);
    if (got > max_bytes)
      throw fail(fmt::format("grew past the {}-byte limit while being read; shorten it", max_bytes));
    if (got == out.size()) out.resize(std::min(out.size() * 2, max_bytes + 1));
  }
  out.resize(got);
  return out;
}

} // namespace rg::core
