// No CA bundle at start-up. Linked into every binary (CMake option RG_NO_TLS_CA, default ON).
//
// libgit2 is used here on local repositories only: it never speaks TLS for us (HTTPS to issue
// trackers goes through libcurl, built on OpenSSL or GnuTLS with its own CA handling, which
// this does not touch). Yet Debian's libgit2 1.5 (built with mbedTLS) parses the whole system
// CA bundle inside git_libgit2_init():
// ~56 M of the ~83 M instructions of a pre-commit run (callgrind), ~8 ms per commit. libgit2
// reaches these two mbedTLS functions through the dynamic linker, and a definition in the
// executable comes first in symbol lookup, so the ones below are what it calls: they load no
// certificate and report success, and libgit2 starts with an empty trust store. Should libgit2
// ever be asked for HTTPS by these binaries, every certificate would fail verification (no trust
// anchor): the failure is closed, never an accepted connection. With a libgit2 built on OpenSSL,
// or without HTTPS, nothing calls them and they are inert. A libcurl built on mbedTLS would call
// them too: build with -DRG_NO_TLS_CA=OFF there.
//
// tests/integration/pre_commit.cpp checks the binaries export them (so the override is live).

extern "C" {

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(mbedtls_x509_crt* /*chain*/, const char* /*path*/) { return 0; }
int mbedtls_x509_crt_parse_path(mbedtls_x509_crt* /*chain*/, const char* /*path*/) { return 0; }

} // extern "C"
