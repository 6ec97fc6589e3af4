#pragma once
// Secrets in objects a ref names directly (a tag of a blob or of a tree): every clone receives
// them, so the server scans them whole, as files.

#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"

#include <git2.h>

#include <string>

namespace rg::scan {

/// Scan blob `id` (or every blob under tree `id` when `tree`) as whole files named
/// `<label>/<path>` (`<label>` for a blob). Blobs over limits.max_file_bytes are judged by their
/// size from the object header and not read; files with a NUL byte in their first 8,000 bytes
/// are binary, as git decides (scan_text). Throws git::GitError when an object is missing.
Result scan_object(const rules::secrets::Scanner& scanner, git_repository* repo, const git_oid& id, bool tree,
                   const std::string& label, const ScanOptions& opts = {});

} // namespace rg::scan
