// Precision and recall of the secrets scanner on real-code-like files: the value filters, test
// credentials, other scanners' inline markers, and two corpora written for this project
// (tests/corpus/secrets/fp: no finding at all; tp: each expected rule reports an error).
#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rules/secrets/filters.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/baseline.hpp"
#include "lib/scan/scan.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace rg;
using rules::secrets::Scanner;
namespace fs = std::filesystem;

namespace {

const Scanner& pack() {
  static const Scanner s = Scanner::compile(policy::default_policy().secrets);
  return s;
}

std::vector<core::Finding> scan_with(const Scanner& s, const std::string& path, const std::string& text,
                                rules::secrets::ScanOptions opts = {}) {
  std::vector<core::Finding> out;
  s.scan(path, text, 1, {}, out, opts);
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kCorpus = fs::path(RG_SOURCE_DIR) / "tests/corpus/secrets";

} // namespace

TEST_SUITE("secrets-precision") {
TEST_CASE("value filters") {
  using namespace rules::secrets;
  SUBCASE("password hashes") {
    CHECK(looks_like_password_hash("$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"));
    CHECK(looks_like_password_hash("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"));
    CHECK(looks_like_password_hash("pbkdf2_sha256$260000$q4Xv1bTz8mKp$Wk3s9Lr2Vn7Tq1Yx5Zc8Bd4Fh6Gj0Ae2Ns="));
    CHECK(looks_like_password_hash("pbkdf2:sha256:600000$Xy7Q$4f1c8e2b9a7d40e3b6c5a9d8e7f6a1b2"));
    CHECK(looks_like_password_hash("$6$Z.gvFl3NDUnj6uD2$oQQurjfB6gOVzex2CGAz5Bf26o2GtRX2IMdrTZ"));
    CHECK_FALSE(looks_like_password_hash("$2y$"));
    CHECK_FALSE(looks_like_password_hash("hX3#kP9vQm2LwZ7rT4yB"));
  }
  SUBCASE("names of secrets, templates, validation rules, paths") {
    CHECK(looks_like_secret_name("my-redis-password"));
    CHECK(looks_like_secret_name("db_credentials"));
    CHECK_FALSE(looks_like_secret_name("kq2-x9z-lm4"));
    CHECK(looks_like_validation_or_template("required|string|min:8|confirmed"));
    CHECK(looks_like_validation_or_template("^(?=.*[A-Z]).{8,}$"));
    CHECK(looks_like_validation_or_template("%s"));
    CHECK(looks_like_validation_or_template("$(DB_PASS)"));
    CHECK(looks_like_validation_or_template("{password}"));
    CHECK(looks_like_validation_or_template("YourStrongPassw0rd!"));
    CHECK_FALSE(looks_like_validation_or_template("Zq8#xK2mVb"));
    CHECK(looks_like_file_path("/run/secrets/db_password"));
    CHECK(looks_like_file_path("./secrets/pw.txt"));
    CHECK_FALSE(looks_like_file_path("/Zq8xK2mVb"));
    CHECK(looks_like_stand_in("authpassword"));
    CHECK(looks_like_stand_in("old_pass"));
    CHECK(looks_like_stand_in("psw"));
    CHECK(looks_like_stand_in("mysqlrootpassword"));
    CHECK_FALSE(looks_like_stand_in("Bl4ckPepperMill"));
    CHECK_FALSE(looks_like_stand_in("walnut"));
    CHECK_FALSE(looks_like_stand_in("passw0rd_2"));
    CHECK(looks_like_code_reference("acme_auth.identity.generic:Password"));
    CHECK(looks_like_code_reference("SessionPlugin.TEST_TOKEN"));
    CHECK(looks_like_code_reference("--password"));
    CHECK(looks_like_header_name("X-Amz-Security-Token"));
    CHECK(looks_like_header_name("X-Amz-Security-Token."));  // the end of a sentence
    CHECK_FALSE(looks_like_header_name("X-Amz-Security-Token.."));
    CHECK_FALSE(looks_like_header_name("X-Amz-2"));
    CHECK_FALSE(looks_like_code_reference("Zq8x.K2mVb9"));
    CHECK_FALSE(looks_like_code_reference("Correct.Horse.Battery"));  // a passphrase
    CHECK_FALSE(looks_like_code_reference("q8Vx2LmT9zR4wKp7NcB3"));
    CHECK(looks_like_code_reference("acme.identity.v2:Password"));
    CHECK(looks_like_identifier("table_order-4521"));
    CHECK(looks_like_identifier("checkout_cart-v2"));
    CHECK_FALSE(looks_like_identifier("kq2-x9z-lm4"));
    CHECK_FALSE(looks_like_identifier("tbwxqzr_hjklmnp"));
    CHECK_FALSE(looks_like_identifier("ec7d4088-a5da-07cb-2aa2-e5ef24f36072"));
    CHECK(key_names_a_password("db_password = \""));
    CHECK_FALSE(key_names_a_password("x_token: \""));
    CHECK(key_names_a_reference("existingSecret: "));
    CHECK_FALSE(key_names_a_reference("redisPassword: "));
  }
  SUBCASE("base64 of words") {
    CHECK(decode_printable_base64("cGFzc3dvcmQ=") == "password");
    CHECK(decode_printable_base64("dXNlcjpwYXNz") == "user:pass");
    CHECK(decode_printable_base64("8xX1TvXsPCVvVMz5uKqqWcFbVJgu").empty());  // binary
    CHECK(decode_printable_base64("abc").empty());
  }
  SUBCASE("PEM bodies") {
    const std::string h = "-----BEGIN RSA PRIVATE KEY-----";
    const std::string body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n";
    CHECK(has_pem_body(h, h.size(), body));
    CHECK(has_pem_body(h, h.size(), "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,1A2B\n\n" + body));
    CHECK(has_pem_body("\"" + h + "\\n" + body.substr(0, 64) + "\\n\"", h.size() + 1, ""));
    CHECK_FALSE(has_pem_body(h, h.size(), "-----END RSA PRIVATE KEY-----\n"));
    CHECK_FALSE(has_pem_body(h, h.size(), "...\n"));
    CHECK_FALSE(has_pem_body(h, h.size(), "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n"));
    CHECK_FALSE(has_pem_body(h, h.size(), ""));
    // A body that ends (END line in reach) far short of the length its DER header declares.
    const std::string snippet = " MIIEpAIBAAKCAQEAq7Bz4K1mV9sPf0Wc3Nd8tYh2LrQe5xJvGa6ZbU0oTiMnCw1. -----END RSA PRIVATE KEY-----";
    CHECK_FALSE(has_pem_body(h + snippet, h.size(), ""));
    CHECK_FALSE(has_pem_body(h, h.size(), body + "-----END RSA PRIVATE KEY-----\n"));
    CHECK(has_pem_body(h, h.size(), body + body + "-----END RSA PRIVATE KEY-----\n"));
    // A whole short key (ed25519 in PKCS#8 is one line) is a key.
    const std::string ed = "-----BEGIN PRIVATE KEY-----";
    CHECK(has_pem_body(ed, ed.size(), "MC4CAQAwBQYDK2VwBCIEIJq3sVx8Yk2Lm0Nf4Tz7Qa1Wb9Rc6Ud5Ep3Hg2Js8Kd\n-----END PRIVATE KEY-----\n"));
  }
  SUBCASE("test paths") {
    for (const char* p : {"tests/auth.py", "src/test/java/AuthTest.java", "spec/models/user_spec.rb",
                          "pkg/auth/auth_test.go", "web/src/login.spec.ts", "test_settings.py",
                          "fixtures/users.json", "examples/config.yml", "docs/install.md", "README.md",
                          "src/App.Tests/LoginTests.cs"})
      CHECK_MESSAGE(is_test_path(p), p);
    for (const char* p : {"src/auth.py", "config/app.yml", "contest/app.py", "src/latest.go", "attestation.yml"})
      CHECK_MESSAGE(!is_test_path(p), p);
  }
  SUBCASE("entropy bar follows the alphabet") {
    CHECK(entropy_bar("74bf20f876ffc474c0251908fcdc", 3.6) == doctest::Approx(3.4));
    CHECK(entropy_bar("Zk3Wq8Lr2VmX9Tp4Nc7Bd1Yh6Fj5Gs0Ae", 3.6) == doctest::Approx(3.6));
    CHECK(entropy_bar("abc123", 3.6) == doctest::Approx(3.6));  // short strings keep the bar
  }
}

TEST_CASE("test credentials: warnings for generic rules, errors for live formats") {
  const std::string generic = "db_password = \"2k0HZMvkeL+3!4\"\n";
  const std::string live = "token = \"ghp_R8vTz2Qx9LmK4Wc7Nb3Yd6Hf1Gj5Ps0Ae8Uo\"\n";
  auto in_src = scan_with(pack(), "src/db.py", generic);
  REQUIRE(in_src.size() == 1);
  CHECK(in_src[0].severity == core::Severity::error);
  auto in_test = scan_with(pack(), "tests/test_db.py", generic);
  REQUIRE(in_test.size() == 1);
  CHECK(in_test[0].severity == core::Severity::warning);
  CHECK(in_test[0].message == "Hard-coded password assignment (test-credential: a test, fixture, example or docs path)");
  CHECK(in_test[0].fingerprint == in_src[0].fingerprint.substr(0, 0) + "tests/test_db.py:secrets/generic-password:" +
                                      in_src[0].fingerprint.substr(in_src[0].fingerprint.rfind(':') + 1));
  auto live_in_test = scan_with(pack(), "tests/fixtures/gh.py", live);
  REQUIRE(live_in_test.size() == 1);
  CHECK(live_in_test[0].rule == "secrets/github-pat");
  CHECK(live_in_test[0].severity == core::Severity::error);

  SUBCASE("configurable") {
    auto p = policy::default_policy();
    policy::apply_text(p, "secrets:\n  test_credentials: error\n", "t.yml");
    auto f = scan_with(Scanner::compile(p.secrets), "tests/test_db.py", generic);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == core::Severity::error);
    auto q = policy::default_policy();
    policy::apply_text(q, "secrets:\n  test_credentials: ignore\n", "t.yml");
    CHECK(scan_with(Scanner::compile(q.secrets), "tests/test_db.py", generic).empty());
    CHECK(scan_with(Scanner::compile(q.secrets), "tests/fixtures/gh.py", live).size() == 1);
    auto r = policy::default_policy();
    CHECK_THROWS_WITH_AS(policy::apply_text(r, "secrets:\n  test_credentials: warn\n", "t.yml"),
                         "t.yml:2:21: `test_credentials` must be warning, error or ignore, not `warn`",
                         core::ConfigError);
  }
}

TEST_CASE("other scanners' inline markers: honoured locally, never when markers are off") {
  const std::string key = "aws_access_key_id = AKIAQ3EGRK7VXYZ2WBCD";
  for (const char* m : {" # gitleaks:allow", " # pragma: allowlist secret", " # release-gate:allow"}) {
    CAPTURE(m);
    CHECK(scan_with(pack(), "src/a.py", key + m).empty());
    rules::secrets::ScanOptions server;
    server.honour_inline_markers = false;
    CHECK(scan_with(pack(), "src/a.py", key + m, server).size() == 1);
  }
}

TEST_CASE("paranoid detector runs only when asked") {
  const std::string line = "x = \"Zk3Wq8Lr2VmX9Tp4Nc7Bd1Yh6Fj5Gs0Ae\"\n";
  CHECK(scan_with(pack(), "src/a.py", line).empty());
  rules::secrets::ScanOptions paranoid;
  paranoid.paranoid = true;
  auto f = scan_with(pack(), "src/a.py", line, paranoid);
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "secrets/high-entropy-string");
}

TEST_CASE("false-positive corpus: real-code-like files without a credential report nothing") {
  const fs::path root = kCorpus / "fp";
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), root).generic_string();
    CAPTURE(rel);
    ++files;
    for (const auto& f : scan_with(pack(), rel, read(e.path())))
      FAIL_CHECK(rel << ":" << f.where.line << ": " << f.rule << " " << f.match);
  }
  CHECK(files >= 14);
}

TEST_CASE("true-positive corpus: every expected rule reports an error") {
  const fs::path root = kCorpus / "tp";
  std::map<std::string, std::set<std::string>> found;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().filename() == "expected.txt") continue;
    const std::string rel = fs::relative(e.path(), root).generic_string();
    for (const auto& f : scan_with(pack(), rel, read(e.path()))) {
      CHECK_MESSAGE(f.severity == core::Severity::error, rel << ": " << f.rule);
      found[rel].insert(f.rule.substr(std::string("secrets/").size()));
    }
  }
  std::istringstream expected(read(root / "expected.txt"));
  std::string line;
  size_t n = 0;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    const std::string path = line.substr(0, sp), rule = line.substr(sp + 1);
    ++n;
    CHECK_MESSAGE(found[path].count(rule), path << " should report " << rule);
  }
  CHECK(n >= 12);
}

TEST_CASE("baseline: round trip and errors") {
  scan::Result r;
  r.findings.resize(3);
  r.findings[0].fingerprint = "b.py:secrets/jwt:2222";
  r.findings[1].fingerprint = "a.py:secrets/jwt:1111";
  r.findings[2].fingerprint = "a.py:secrets/jwt:1111";
  const std::string json = scan::baseline_json(r);
  CHECK(json == "{\n  \"version\": 1,\n  \"tool\": \"release-gate\",\n  \"fingerprints\": [\n"
                "    \"a.py:secrets/jwt:1111\",\n    \"b.py:secrets/jwt:2222\"\n  ]\n}\n");
  const auto list = scan::parse_baseline(json, "base.json");
  CHECK(list.size() == 2);
  CHECK(list.contains("a.py:secrets/jwt:1111"));
  CHECK(scan::parse_baseline(scan::baseline_json({}), "e.json").size() == 0);
  CHECK_THROWS_WITH_AS(scan::parse_baseline("[]", "base.json"), "base.json: not a baseline: no \"fingerprints\" list",
                       core::ConfigError);
  CHECK_THROWS_WITH_AS(scan::parse_baseline("{\"fingerprints\": [1]}", "base.json"),
                       "base.json: not a baseline: fingerprint 1 is not a string", core::ConfigError);
  CHECK_THROWS_AS(scan::parse_baseline("{", "base.json"), core::ConfigError);
}
}
