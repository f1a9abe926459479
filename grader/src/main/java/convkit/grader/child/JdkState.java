package convkit.grader.child;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The JVM-wide settings a test could change for the tests after it, taken before a test and put
 * back after it: System properties, the default locales and time zone, the default uncaught
 * exception handler, {@code System.in/out/err}. (Class statics need nothing: each test loads the
 * student's classes in a fresh class loader.)
 */
public final class JdkState {

    private final Properties properties;
    private final Locale locale;
    private final Locale display;
    private final Locale format;
    private final TimeZone zone;
    private final Thread.UncaughtExceptionHandler handler;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    private JdkState() {
        Properties copy = new Properties();
        copy.putAll(System.getProperties());
        this.properties = copy;
        this.locale = Locale.getDefault();
        this.display = Locale.getDefault(Locale.Category.DISPLAY);
        this.format = Locale.getDefault(Locale.Category.FORMAT);
        this.zone = TimeZone.getDefault();
        this.handler = Thread.getDefaultUncaughtExceptionHandler();
        this.in = System.in;
        this.out = System.out;
        this.err = System.err;
    }

    /** The settings as they are now. */
    public static JdkState take() {
        return new JdkState();
    }

    /** Puts every setting back as it was when this snapshot was taken. */
    public void restore() {
        Properties copy = new Properties();
        copy.putAll(properties);
        System.setProperties(copy);
        Locale.setDefault(locale);
        Locale.setDefault(Locale.Category.DISPLAY, display);
        Locale.setDefault(Locale.Category.FORMAT, format);
        TimeZone.setDefault(zone);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        System.setIn(in);
        System.setOut(out);
        System.setErr(err);
    }
}
