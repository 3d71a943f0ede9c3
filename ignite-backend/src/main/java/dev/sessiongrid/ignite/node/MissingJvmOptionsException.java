package dev.sessiongrid.ignite.node;

import java.util.List;

/**
 * Thrown before Ignite starts when the JVM lacks {@code --add-opens} flags that Ignite
 * needs on Java 17+.
 */
public class MissingJvmOptionsException extends IllegalStateException {

	private final List<String> missingOptions;

	private final List<String> requiredOptions;

	public MissingJvmOptionsException(List<String> missingOptions, List<String> requiredOptions) {
		super("Apache Ignite needs JVM flags this JVM was not started with (" + missingOptions.size() + " of "
				+ requiredOptions.size() + " missing): " + String.join(" ", missingOptions)
				+ ". Add the whole list to the JVM options: " + String.join(" ", requiredOptions));
		this.missingOptions = List.copyOf(missingOptions);
		this.requiredOptions = List.copyOf(requiredOptions);
	}

	/**
	 * Returns the flags this JVM lacks.
	 * @return the missing flags
	 */
	public List<String> getMissingOptions() {
		return this.missingOptions;
	}

	/**
	 * Returns every flag Ignite needs.
	 * @return the required flags
	 */
	public List<String> getRequiredOptions() {
		return this.requiredOptions;
	}

}
