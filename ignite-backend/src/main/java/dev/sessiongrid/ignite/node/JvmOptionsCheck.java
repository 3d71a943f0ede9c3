package dev.sessiongrid.ignite.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before Ignite starts, that the JVM was given the {@code --add-opens} flags
 * Ignite needs on Java 17+. Without them Ignite fails deep inside its start-up with a
 * reflective access error that names one package; this check names every missing flag at
 * once.
 */
public final class JvmOptionsCheck {

	private static final String RESOURCE = "/META-INF/sessiongrid/jvm-options.txt";

	/**
	 * Whether this JVM passed once: its flags cannot change while it runs, so every later
	 * call (each node start goes through the check) answers without reading the list
	 * again.
	 */
	private static volatile boolean verified;

	private JvmOptionsCheck() {
	}

	/**
	 * Returns the full list of flags Ignite needs, one
	 * {@code --add-opens=module/package=ALL-UNNAMED} each.
	 * @return the flags, in Ignite's order
	 */
	public static List<String> requiredOptions() {
		try (InputStream in = JvmOptionsCheck.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + RESOURCE + " in sessiongrid-ignite");
			}
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return Arrays.stream(text.trim().split("\\s+")).filter((flag) -> !flag.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Returns the flags of {@link #requiredOptions()} that this JVM was not started with.
	 * @return the missing flags, empty when Ignite can start
	 */
	public static List<String> missingOptions() {
		Module unnamed = JvmOptionsCheck.class.getClassLoader().getUnnamedModule();
		List<String> missing = new ArrayList<>();
		for (String flag : requiredOptions()) {
			String target = flag.substring(flag.indexOf('=') + 1);
			String modulePackage = target.substring(0, target.indexOf('='));
			String moduleName = modulePackage.substring(0, modulePackage.indexOf('/'));
			String packageName = modulePackage.substring(modulePackage.indexOf('/') + 1);
			Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
			// A module absent from this runtime (e.g. a jlink image without
			// jdk.internal.jvmstat) cannot be opened
			// and Ignite copes without it.
			if (module.isPresent() && !module.get().isOpen(packageName, unnamed)) {
				missing.add(flag);
			}
		}
		return missing;
	}

	/**
	 * Throws {@link MissingJvmOptionsException} when any flag is missing. The check runs
	 * once per JVM: after it has passed, this returns at once.
	 */
	public static void verify() {
		if (verified) {
			return;
		}
		List<String> missing = missingOptions();
		if (!missing.isEmpty()) {
			throw new MissingJvmOptionsException(missing, requiredOptions());
		}
		verified = true;
	}

}
