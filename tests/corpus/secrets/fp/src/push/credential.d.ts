export interface PushCredentialOptions {
    /** The PEM of the signing key, with its line breaks as `\n`. For example, `-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAq7Bz4K1mV9sPf0Wc3Nd8tYh2LrQe5xJvGa6ZbU0oTiMnCw1. -----END RSA PRIVATE KEY-----` */
    privateKey?: string;
    /** Everything between the headers, e.g. `-----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEAq7Bz4K1mV9sPf0Wc3Nd8tYh2LrQe5xJvGa6ZbU0oTiMnCw1\\n.-----END RSA PRIVATE KEY-----` */
    privateKeyBody?: string;
}
