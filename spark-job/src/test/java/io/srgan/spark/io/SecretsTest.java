package io.srgan.spark.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {
    @ParameterizedTest
    @ValueSource(strings = {"fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.session.token", "fs.s3a.encryption.key",
            "fs.s3a.server-side-encryption.key", "fs.s3a.bucket.photos.secret.key", "fs.azure.account.key.acct.dfs.core.windows.net",
            "fs.azure.account.oauth2.client.secret", "fs.azure.account.oauth2.refresh.token", "fs.azure.sas.fixed.token",
            "fs.gs.auth.service.account.private.key", "fs.gs.auth.service.account.private.key.id", "ssl.client.keystore.password",
            "ssl.client.keystore.keypassword", "ssl.client.truststore.password", "fs.cosn.userinfo.secretKey",
            "fs.oss.accessKeySecret", "fs.swift.service.x.apikey", "fs.ftp.password.host", "custom.api_token",
            "hadoop.security.credential.PASSPHRASE"})
    void keysNamingAKeyTokenSecretPasswordOrCredentialAreSecret(String key) {
        assertTrue(Secrets.isSecretKey(key), key);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secrets.refuse(Map.of(key, "the-value-itself"), "--hadoop"));
        assertTrue(e.getMessage().contains("--hadoop '" + key + "' looks like a credential"), e.getMessage());
        assertFalse(e.getMessage().contains("the-value-itself"), "the message must not repeat the secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fs.s3a.endpoint", "fs.s3a.server-side-encryption-algorithm", "fs.s3a.encryption.algorithm",
            "ssl.client.keystore.type", "ssl.client.keystore.location", "hadoop.security.credential.provider.path",
            "hadoop.security.key.provider.path", "fs.s3a.aws.credentials.provider", "fs.s3a.assumed.role.credentials.provider",
            "fs.azure.account.keyprovider.acct", "fs.azure.sas.token.provider.type", "fs.azure.account.oauth2.client.id",
            "fs.azure.account.oauth2.refresh.token.endpoint", "fs.gs.auth.service.account.json.keyfile",
            "dfs.encrypt.data.transfer.cipher.key.bitlength", "fs.s3a.delegation.token.binding", "fs.s3a.path.style.access",
            "hadoop.security.credstore.java-keystore-provider.password-file", "dfs.replication", "fs.defaultFS"})
    void settingsThatOnlyNameOrDescribeOneAreNot(String key) {
        assertFalse(Secrets.isSecretKey(key), key);
        assertDoesNotThrow(() -> Secrets.refuse(Map.of(key, "value"), "--hadoop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3a://AKIA123:abc%2Fdef@bucket/data", "ftp://user:pw@host/x", "see https://u:p@example.com"})
    void aUriWithAPasswordIsRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secrets.refuse(Map.of("srgan.train.hr", value), "setting"));
        assertTrue(e.getMessage().contains("'srgan.train.hr' holds a URI with a password"), e.getMessage());
        assertFalse(e.getMessage().contains(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3a://bucket/data", "hdfs://namenode:8020/x", "http://127.0.0.1:9000", "hdfs://user@namenode/x"})
    void aUriWithoutPasswordIsNot(String value) {
        assertFalse(Secrets.hasPasswordInUri(value), value);
    }
}
