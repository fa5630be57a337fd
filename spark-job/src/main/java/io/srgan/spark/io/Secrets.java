package io.srgan.spark.io;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets: the one rule for every way settings reach a job (a config's
 * {@code hadoop} block, {@code --set}, {@code --hadoop}, {@code spark.hadoop.*} properties, the retrain
 * config) and for what Spark's UI and event logs redact.
 *
 * <p>A key is secret when one of its words (split at {@code . - _}) ends with key, secret, password,
 * passwd, passphrase, token or credential(s) — {@code fs.s3a.secret.key}, {@code fs.s3a.encryption.key},
 * {@code fs.azure.account.key.<account>}, {@code fs.gs.auth.service.account.private.key},
 * {@code fs.azure.account.oauth2.refresh.token}, {@code ssl.client.keystore.keypassword} — unless the
 * next word says the setting only names or describes one: {@code hadoop.security.credential.provider.path},
 * {@code fs.s3a.aws.credentials.provider}, {@code fs.azure.sas.token.provider.type},
 * {@code dfs.encrypt.data.transfer.cipher.key.bitlength}. Words such as {@code keystore} or
 * {@code encryption} are not secret ({@code ssl.client.keystore.type},
 * {@code fs.s3a.server-side-encryption-algorithm}). The rule errs towards secret: a key it wrongly
 * flags can still be given where secrets may go ({@code core-site.xml}, {@code spark.hadoop.*}).
 */
public final class Secrets {
    private static final String SECRET_WORD = "(?:key|secret|password|passwd|passphrase|token|credentials?)";
    private static final String DESCRIBING_WORD = "(?:provider|providers|path|file|type|algorithm|class|endpoint|url|uri"
            + "|location|bitlength|length|size|enable|enabled|binding)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?<![a-z0-9])[a-z0-9]*" + SECRET_WORD + "(?![a-z0-9])"
            + "(?![._-]" + DESCRIBING_WORD + "(?![a-z0-9]))", Pattern.CASE_INSENSITIVE);
    // scheme://user:password@host: a location that carries its own password
    private static final Pattern PASSWORD_IN_URI = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@",
            Pattern.CASE_INSENSITIVE);

    /** The rule as a regular expression for {@code spark.redaction.regex} (Spark matches it in keys and values). */
    public static final String REDACTION_REGEX = "(?i)" + SECRET_KEY.pattern();

    private Secrets() {
    }

    /** Whether {@code key} names a secret (see the class comment for the rule). */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).find();
    }

    /** Whether {@code value} holds a URI with a password in it ({@code s3a://id:secret@bucket/}). */
    public static boolean hasPasswordInUri(String value) {
        return PASSWORD_IN_URI.matcher(value).find();
    }

    /**
     * Refuses settings that would carry a secret into files, command lines or logs: a secret key, or a
     * value with a password in a URI. {@code where} says where the settings came from
     * ({@code srgan.hadoop}, {@code --hadoop}); the message names the key, never the value.
     */
    public static void refuse(Map<String, String> settings, String where) {
        settings.forEach((key, value) -> {
            if (isSecretKey(key)) {
                throw new IllegalArgumentException(where + " '" + key + "' looks like a credential: credentials never go into"
                        + " config files or command lines (config files are copied into every run's config.json and"
                        + " checkpoints); use the environment, an instance role, a Hadoop credential provider, core-site.xml"
                        + " or a spark.hadoop.* property, see deploy/README.md");
            }
            if (value != null && hasPasswordInUri(value)) {
                throw new IllegalArgumentException(where + " '" + key + "' holds a URI with a password (user:password@):"
                        + " give the credentials as described in deploy/README.md, not inside a URI");
            }
        });
    }
}
