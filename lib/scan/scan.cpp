#include "lib/scan/scan.hpp"

#include "lib/core/content.hpp"
#include "lib/core/error.hpp"
#include "lib/core/file.hpp"
#include "lib/core/quote.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace rg::scan {

namespace fs = std::filesystem;

IgnoreList IgnoreList::parse(std::string_view text) {
  IgnoreList l;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = core::trim(text.substr(0, nl));
    if (!line.empty() && line.front() != '#') l.set_.insert(std::string(line));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return l;
}

IgnoreList IgnoreList::load(const fs::path& file) {
  // Bounded and non-blocking: the file may come from whoever controls the repository.
  const auto text = core::read_config_file(file, "ignore file");
  return text ? parse(*text) : IgnoreList{};
}

bool blocks(const Result& result) { return core::has_errors(result.findings); }

void apply_ignore(Result& result, const IgnoreList& ignore) {
  if (ignore.size() == 0) return;
  auto& f = result.findings;
  f.erase(std::remove_if(f.begin(), f.end(),
                         [&](const core::Finding& x) { return ignore.contains(x.fingerprint); }),
          f.end());
}

void scan_changes(const rules::secrets::Scanner& scanner, const std::vector<change::FileChange>& files,
                  std::string_view commit, Result& into, const ScanOptions& opts) {
  for (const auto& fc : files) {
    if (fc.deleted || scanner.path_allowed(fc.path)) continue;
    if (fc.binary) {
      into.notices.push_back(fmt::format("{}: skipped: binary file", core::quote_name(fc.path)));
      continue;
    }
    if (fc.too_large) {
      into.notices.push_back(fmt::format("{}: skipped: {} bytes is over the {}-byte limit (limits.max_file_bytes)",
                                         core::quote_name(fc.path), fc.size, scanner.limits().max_file_bytes));
      into.too_large.push_back({fc.path, std::string(commit), fc.size});
      continue;
    }
    ++into.files;
    for (const auto& h : fc.added) {
      into.bytes += h.text.size();
      scanner.scan(fc.path, h.text, h.first_line, commit, into.findings, opts);
    }
  }
}

void scan_text(const rules::secrets::Scanner& scanner, std::string_view name, std::string_view text,
               Result& into, const ScanOptions& opts) {
  const core::TextContent content = core::TextContent::from(text);
  if (content.binary()) {
    into.notices.push_back(fmt::format("{}: skipped: binary file", core::quote_name(name)));
    return;
  }
  ++into.files;
  into.bytes += content.text().size();
  scanner.scan(name, content.text(), 1, {}, into.findings, opts);
}

Result scan_directory(const rules::secrets::Scanner& scanner, const fs::path& root, unsigned threads,
                      const Progress& progress, const ScanOptions& opts) {
  Result result;
  std::vector<std::pair<fs::path, std::string>> files;  // absolute, relative
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    files.emplace_back(root, root.filename().generic_string());
  } else {
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw core::Error(fmt::format("{}: cannot read directory: {}", root.string(), ec.message()));
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      const auto& entry = *it;
      if (entry.is_directory(ec) && entry.path().filename() == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
      std::string rel = fs::relative(entry.path(), root, ec).generic_string();
      if (scanner.path_allowed(rel)) continue;
      files.emplace_back(entry.path(), std::move(rel));
    }
  }
  std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.second < b.second; });

  std::atomic<size_t> next{0}, done{0}, found{0};
  std::atomic<uint64_t> bytes{0};
  std::mutex mu;
  const uint64_t max_bytes = scanner.limits().max_file_bytes;
  auto worker = [&] {
    Result local;
    std::string buf;
    for (size_t i = next++; i < files.size(); i = next++) {
      const auto& [abs, rel] = files[i];
      std::error_code fec;
      const uint64_t size = fs::file_size(abs, fec);
      if (fec) {
        local.notices.push_back(fmt::format("{}: skipped: {}", core::quote_name(rel), fec.message()));
      } else if (size > max_bytes) {
        local.notices.push_back(fmt::format("{}: skipped: {} bytes is over the {}-byte limit (limits.max_file_bytes)",
                                            core::quote_name(rel), size, max_bytes));
      } else {
        // The binary decision needs only the head: a binary file is not read further.
        std::ifstream in(abs, std::ios::binary);
        buf.resize(std::min<uint64_t>(size, core::TextContent::decision_bytes));
        in.read(buf.data(), std::streamsize(buf.size()));
        buf.resize(size_t(in.gcount()));
        if (core::TextContent::from(buf).binary()) {
          local.notices.push_back(fmt::format("{}: skipped: binary file", core::quote_name(rel)));
        } else {
          const size_t head = buf.size();
          if (head < size) {
            buf.resize(size);
            in.read(buf.data() + head, std::streamsize(size - head));
            buf.resize(head + size_t(in.gcount()));
          }
          const core::TextContent content = core::TextContent::from(buf);
          ++local.files;
          local.bytes += content.text().size();
          const size_t before = local.findings.size();
          scanner.scan(rel, content.text(), 1, {}, local.findings, opts);
          found += local.findings.size() - before;
          bytes += content.text().size();
        }
      }
      size_t d = ++done;
      if (progress && (d % 64 == 0 || d == files.size())) {
        std::lock_guard lock(mu);
        progress(ProgressInfo{d, files.size(), bytes.load(), found.load()});
      }
    }
    std::lock_guard lock(mu);
    result.files += local.files;
    result.bytes += local.bytes;
    for (auto& f : local.findings) result.findings.push_back(std::move(f));
    for (auto& n : local.notices) result.notices.push_back(std::move(n));
  };
  threads = std::max(1u, std::min<unsigned>(threads, unsigned(files.size() / 8 + 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::sort(result.findings.begin(), result.findings.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.path, a.where.line, a.where.column, a.rule) <
           std::tie(b.where.path, b.where.line, b.where.column, b.rule);
  });
  std::sort(result.notices.begin(), result.notices.end());
  return result;
}

} // namespace rg::scan
