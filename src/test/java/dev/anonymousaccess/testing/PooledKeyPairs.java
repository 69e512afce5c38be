package dev.anonymousaccess.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKeys;

/**
 * Key pairs generated once per build and handed out in turn under new kids, in the plain tests and (replacing
 * {@link SigningKeys#GENERATED}) in the function tests: an RSA pair costs a second or more to generate in the tests'
 * JVMs (C1 only), and the rules do not care whether a pair was used before. Three of each, so that two rotations never
 * meet a pair twice. Every test JVM of a build (surefire's forks, failsafe's) reads the same pairs from
 * {@code target/test-key-pairs.json}; the first to need them writes it, under a file lock. They are test keys: they
 * sign nothing outside the build directory.
 */
@Singleton
public final class PooledKeyPairs implements SigningKeys.KeyPairs {

    public static final PooledKeyPairs INSTANCE = new PooledKeyPairs();
    private static final int SIZE = 3;
    private static final String STRANGER = "stranger";
    private static final Path FILE = Path.of("target", "test-key-pairs.json");

    private record Pool(List<RSAKey> rsa, List<ECKey> ec, RSAKey stranger) {
    }

    private static Pool pool;

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public JWK generate(SigningAlgorithm algorithm, String kid) {
        int turn = Math.floorMod(next.getAndIncrement(), SIZE);
        return switch (algorithm) {
            case RS256 -> new RSAKey.Builder(pool().rsa().get(turn)).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).build();
            case ES256 -> new ECKey.Builder(pool().ec().get(turn)).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).build();
        };
    }

    /** An RSA pair that is none of the pool's: a stranger's key. */
    public static RSAKey stranger() {
        return pool().stranger();
    }

    private static synchronized Pool pool() {
        if (pool == null) {
            pool = readOrGenerate(FILE);
        }
        return pool;
    }

    private static Pool readOrGenerate(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (Files.exists(file)) {
                    try {
                        return parse(Files.readString(file));
                    } catch (ParseException | RuntimeException e) {
                        // Cut short by a killed run, or of an older layout of this class: written again below.
                    }
                }
                Pool generated = generate();
                Files.writeString(file, serialize(generated));
                return generated;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the tests' key pairs in " + file, e);
        }
    }

    private static Pool generate() {
        try {
            List<JWK> keys = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                keys.add(new RSAKeyGenerator(2048).keyID("rsa-" + i).generate());
                keys.add(new ECKeyGenerator(Curve.P_256).keyID("ec-" + i).generate());
            }
            keys.add(new RSAKeyGenerator(2048).keyID(STRANGER).generate());
            return poolOf(keys);
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK generates RSA and EC keys", e);
        }
    }

    private static String serialize(Pool pool) {
        List<JWK> keys = new ArrayList<>();
        keys.addAll(pool.rsa());
        keys.addAll(pool.ec());
        keys.add(pool.stranger());
        return new JWKSet(keys).toString(false);
    }

    private static Pool parse(String json) throws ParseException {
        return poolOf(JWKSet.parse(json).getKeys());
    }

    private static Pool poolOf(List<JWK> keys) {
        List<RSAKey> rsa = new ArrayList<>();
        List<ECKey> ec = new ArrayList<>();
        RSAKey stranger = null;
        for (JWK key : keys) {
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("a pool key without its private half");
            }
            if (STRANGER.equals(key.getKeyID())) {
                stranger = key.toRSAKey();
            } else if (key instanceof RSAKey pair) {
                rsa.add(pair);
            } else {
                ec.add(key.toECKey());
            }
        }
        if (rsa.size() != SIZE || ec.size() != SIZE || stranger == null) {
            throw new IllegalArgumentException("a pool of another size");
        }
        return new Pool(List.copyOf(rsa), List.copyOf(ec), stranger);
    }
}
