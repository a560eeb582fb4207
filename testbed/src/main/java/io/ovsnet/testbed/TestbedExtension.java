package io.ovsnet.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts a {@link Testbed} or {@link Store} and closes it, also when
 * a test fails. Registered on a {@code static} field it lives for the whole test class; on an
 * instance field, for each test. Test methods may also take the fixture as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestbedExtension<Testbed> HOSTS =
 *         TestbedExtension.of(() -> Testbed.builder().hosts(2).start());
 * @RegisterExtension
 * static final TestbedExtension<Store> STORE =
 *         TestbedExtension.of(() -> Store.cluster(3, Path.of("src/main/resources/x.ovsschema")));
 *
 * @Test
 * void test(Testbed testbed) { ... HOSTS.get() is the same object ... }
 * }</pre>
 *
 * @param <T> the fixture type
 */
public final class TestbedExtension<T extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {

    /** Creates and starts a fixture. */
    @FunctionalInterface
    public interface Starter<T> {
        T start() throws Exception;
    }

    private final Starter<T> starter;
    private T fixture;
    /** Class contexts entered (above 1 for @Nested classes); 0 means one fixture per test. */
    private int classDepth;

    private TestbedExtension(Starter<T> starter) {
        this.starter = starter;
    }

    /** An extension that calls {@code starter} before the class (static field) or each test. */
    public static <T extends AutoCloseable> TestbedExtension<T> of(Starter<T> starter) {
        return new TestbedExtension<>(starter);
    }

    /**
     * The running fixture.
     *
     * @throws IllegalStateException outside a test's lifetime
     */
    public T get() {
        if (fixture == null) {
            throw new IllegalStateException("the fixture is not running: use it only inside tests");
        }
        return fixture;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classDepth++;
        if (classDepth == 1) {
            fixture = starter.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (classDepth == 0) {
            fixture = starter.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (classDepth == 0) {
            closeFixture();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        classDepth--;
        if (classDepth == 0) {
            closeFixture();
        }
    }

    private void closeFixture() throws Exception {
        T running = fixture;
        fixture = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return fixture != null && parameter.getParameter().getType().isInstance(fixture);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
