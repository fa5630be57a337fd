package io.srgan.spark.testing;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;

/**
 * One instance of a started fixture per test JVM, kept in the root store so that every test class
 * shares it and JUnit closes it after the last test. A failed start is kept too: every test that
 * needs the fixture fails with the same reason, and the start is not retried test after test.
 */
final class Shared {
    private Shared() {
    }

    static <T extends AutoCloseable> T get(ExtensionContext context, Class<?> owner, Class<T> type, Callable<T> starter) {
        Outcome outcome = context.getRoot()
                .getStore(ExtensionContext.Namespace.create(Shared.class, owner))
                .getOrComputeIfAbsent(type.getName(), key -> Outcome.of(owner, starter), Outcome.class);
        return type.cast(outcome.get());
    }

    private static final class Outcome implements CloseableResource {
        private final Object value;
        private final RuntimeException failure;

        private Outcome(Object value, RuntimeException failure) {
            this.value = value;
            this.failure = failure;
        }

        static Outcome of(Class<?> owner, Callable<?> starter) {
            try {
                return new Outcome(starter.call(), null);
            } catch (Exception e) {
                return new Outcome(null, new IllegalStateException(
                        owner.getSimpleName() + " could not start: " + e.getMessage(), e));
            }
        }

        Object get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        @Override
        public void close() throws Exception {
            if (value instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
