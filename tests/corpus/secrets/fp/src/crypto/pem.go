package crypto

const rsaHeader = "-----BEGIN RSA PRIVATE KEY-----"

func isKey(line string) bool {
	// -----BEGIN PRIVATE KEY-----
	return strings.HasPrefix(line, "-----BEGIN PRIVATE KEY-----") || line == rsaHeader
}

const template = `-----BEGIN EC PRIVATE KEY-----
...
-----END EC PRIVATE KEY-----`
