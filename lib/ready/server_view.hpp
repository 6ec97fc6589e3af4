#pragma once
// `release-gate check-push` outside a server: the server's evaluation needs a repository whose
// refs are the server's *before* the push. A ServerView is a temporary bare repository that
// borrows the local object store (objects/info/alternates, nothing copied) and holds the local
// branches — and origin's remote-tracking branches as branches, where no local one exists —
// with the pushed ref put back at its old value. Removed on destruction.

#include "lib/git/handles.hpp"

#include <filesystem>
#include <string>

namespace rg::ready {

class ServerView {
public:
  /// Build the view of `repo` with `ref` at `old_id` (absent when old_id is the zero id).
  /// Throws git::GitError / core::Error.
  static ServerView create(git_repository* repo, const std::string& ref, const std::string& old_id);
  ~ServerView();
  ServerView(ServerView&&) noexcept;
  ServerView& operator=(ServerView&&) = delete;
  ServerView(const ServerView&) = delete;
  ServerView& operator=(const ServerView&) = delete;

  git_repository* get() const { return repo_.get(); }
  const std::filesystem::path& dir() const { return dir_; }

private:
  ServerView(std::filesystem::path dir, git::Repository repo) : dir_(std::move(dir)), repo_(std::move(repo)) {}
  std::filesystem::path dir_;
  git::Repository repo_;
};

} // namespace rg::ready
