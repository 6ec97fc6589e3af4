#pragma once
// What a match looks like once found: the precision filters of the secrets scanner. Each is a
// pure function of the matched text (and where it sits), so each can be tested on its own.
// They answer "is this a credential value?" for the generic rules; provider rules are exact and
// skip them (see Scanner).

#include <string>
#include <string_view>

namespace rg::rules::secrets {

/// True for the stored form of a password rather than the password: bcrypt ($2a$/$2b$/$2y$),
/// argon2, scrypt, yescrypt, SHA-crypt ($5$/$6$), MD5-crypt ($1$/$apr1$), PBKDF2 (Django's
/// `pbkdf2_sha256$…`, Werkzeug's `pbkdf2:sha256:…`), Django's `sha1$…`/`md5$…`, LDAP `{SSHA}…`.
bool looks_like_password_hash(std::string_view value);

/// True when `value` names a secret instead of being one: a lower-case kebab/snake/dotted name
/// with several parts, one of them a credential word (`my-redis-password`, `db_credentials`).
bool looks_like_secret_name(std::string_view value);

/// True for a stand-in that only says what goes there: lower-case words, at most one `_`/`-`
/// between them, ending in a credential word (`authpassword`, `old_pass`, `dbpwd`, `psw`,
/// `app-secret`). A chosen value has a digit, a capital or a symbol (`Bl4ckPepperMill`).
bool looks_like_stand_in(std::string_view value);

/// True when `value` is code rather than data: a Python entry point (`pkg.module:Class`), a
/// dotted reference without digits (`Plugin.TEST_TOKEN`), or a command-line option (`--password`). Dotted words without
/// a code-shaped part (`Correct.Horse.Battery`) may be a passphrase and are not references.
bool looks_like_code_reference(std::string_view value);

/// True for an HTTP header name (`X-Amz-Security-Token`: capitalised words and hyphens). Like
/// looks_like_identifier, for values not under a password's key (`Correct-Horse-Battery`).
bool looks_like_header_name(std::string_view value);

/// True for an identifier: two or more lower-case words joined by `_`/`-`, optionally with a
/// short number (`table_order-4521`, `session-cache-v2`). Tokens and keys are never made of
/// words; a passphrase is, so callers apply this only where the key is not a password's.
bool looks_like_identifier(std::string_view value);

/// True for validation rules and format strings that sit under `password` keys in forms and
/// i18n files: `required|min:8`, `^(?=.*\d).{8,}$`, `%s`, `{password}`, `$(VAR)`.
bool looks_like_validation_or_template(std::string_view value);

/// True when the key written before the value names a password (`pass`, `pwd`, `passphrase`…),
/// where a value of words may be a passphrase.
bool key_names_a_password(std::string_view key_text);

/// True when `value` is a file path (`/run/secrets/db`, `./pw.txt`, `~/.pgpass`, `C:\…`): what
/// `--password-file`-style settings take.
bool looks_like_file_path(std::string_view value);

/// The text `value` decodes to when it is canonical base64 of printable ASCII; empty otherwise.
std::string decode_printable_base64(std::string_view value);

/// True when the key written before the value (the text of the match before the secret) says
/// the value is a reference: `existingSecret`, `secretName`-like prefixes.
bool key_names_a_reference(std::string_view key_text);

/// True when the secret at [pos, pos+len) of `line` lies inside a base64 data URI
/// (`data:image/png;base64,…`): bytes of an image, not a token.
bool inside_base64_data(std::string_view line, size_t pos);

/// True when a PEM header (which ends `line` at `header_end`) is followed by a plausible base64
/// body: on the same line after `\n` escapes (JSON, .env), or on the next lines of `following`
/// (indent, quotes, comment leaders and RFC 1421 `Proc-Type:`/`DEK-Info:` lines skipped). A header
/// followed directly by its END line, `...`, `XXXX` or prose is not a key, nor is a one-line DER
/// body followed by its END line well short of the length its own header declares.
bool has_pem_body(std::string_view line, size_t header_end, std::string_view following);

/// True for paths of tests, fixtures, examples and docs: a `test/`, `tests/`, `spec/`,
/// `fixtures/`, `examples/`, `testdata/`, `docs/`… directory, a `*_test.*`, `*.test.*`,
/// `*.spec.*`, `test_*.py` file, or a Markdown / reStructuredText / AsciiDoc document.
bool is_test_path(std::string_view path);

/// The entropy bar for `secret` given a rule's `min_entropy`: lowered for a small alphabet or a
/// short string, whose Shannon entropy cannot reach a bar set for long mixed-case tokens (a
/// random 32-digit hex string has about 3.8 bits/char at most 4). Never above `min_entropy`.
double entropy_bar(std::string_view secret, double min_entropy);

} // namespace rg::rules::secrets
