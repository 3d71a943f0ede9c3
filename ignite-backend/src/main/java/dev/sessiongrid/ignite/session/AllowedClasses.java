package dev.sessiongrid.ignite.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The classes an attribute read may instantiate: exact class names
 * ({@code com.example.Cart}, nested classes with {@code $}), the classes of one package
 * ({@code com.example.*}), of a package and all its subpackages ({@code com.example.**}),
 * as in {@code jdk.serialFilter}, or the nested classes of one class
 * ({@code java.util.Collections$*}). Arrays and primitive types are always allowed.
 * Immutable; {@link #and} returns a new list.
 * <p>
 * {@link #defaults()} is the documented default (docs/security-serialization.md): the
 * JDK's value types and collections, the classes Spring Security and Spring MVC keep in a
 * session, and nothing of the application's, which the caller adds (the Boot starter adds
 * the application's packages).
 */
public final class AllowedClasses {

	/** A class name, or a package followed by {@code .*} or {@code .**}. */
	private static final Pattern ENTRY = Pattern
		.compile("\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}$]*(\\.\\p{javaJavaIdentifierStart}"
				+ "[\\p{javaJavaIdentifierPart}$]*)*(\\.\\*\\*?|\\$\\*)?");

	private static final List<String> DEFAULTS = List.of(
			// JDK value types
			"java.lang.String", "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Enum", "java.lang.String$CaseInsensitiveComparator", "java.math.BigInteger",
			"java.math.BigDecimal", "java.time.*", "java.util.UUID", "java.util.Date", "java.util.Locale",
			"java.util.Currency", "java.util.TimeZone", "java.util.SimpleTimeZone", "sun.util.calendar.ZoneInfo",
			"java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
			// JDK collections (List.of and friends write a java.util.CollSer)
			"java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap",
			"java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
			"java.util.TreeSet", "java.util.EnumMap", "java.util.EnumSet", "java.util.EnumSet$SerializationProxy",
			"java.util.Arrays$ArrayList", "java.util.CollSer", "java.util.ImmutableCollections$*",
			"java.util.Collections$*", "java.util.concurrent.ConcurrentHashMap",
			"java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.CopyOnWriteArrayList",
			// what Spring Security keeps in a session: the context, authentication
			// tokens,
			// authorities, users, details, the saved request, the CSRF token
			"org.springframework.security.core.context.SecurityContextImpl",
			"org.springframework.security.authentication.*", "org.springframework.security.core.authority.*",
			"org.springframework.security.core.userdetails.User",
			"org.springframework.security.core.userdetails.User$AuthorityComparator",
			"org.springframework.security.web.authentication.WebAuthenticationDetails",
			"org.springframework.security.web.savedrequest.DefaultSavedRequest",
			"org.springframework.security.web.savedrequest.SavedCookie",
			"org.springframework.security.web.csrf.DefaultCsrfToken",
			// Spring MVC's flash attributes
			"org.springframework.web.servlet.FlashMap", "org.springframework.util.LinkedMultiValueMap",
			"org.springframework.util.MultiValueMapAdapter");

	private static final AllowedClasses DEFAULT = new AllowedClasses(DEFAULTS);

	private final List<String> entries;

	private final Set<String> exact = new LinkedHashSet<>();

	private final List<String> packages = new ArrayList<>();

	private final List<String> prefixes = new ArrayList<>();

	private AllowedClasses(Collection<String> entries) {
		this.entries = List.copyOf(new LinkedHashSet<>(entries));
		for (String entry : this.entries) {
			if (entry.endsWith(".**")) {
				this.prefixes.add(entry.substring(0, entry.length() - 2));
			}
			else if (entry.endsWith("$*")) {
				this.prefixes.add(entry.substring(0, entry.length() - 1));
			}
			else if (entry.endsWith(".*")) {
				this.packages.add(entry.substring(0, entry.length() - 1));
			}
			else {
				this.exact.add(entry);
			}
		}
	}

	/**
	 * Returns the default list (see the class description).
	 * @return the defaults
	 */
	public static AllowedClasses defaults() {
		return DEFAULT;
	}

	/**
	 * Returns a list that allows nothing, to build one from scratch.
	 * @return the empty list
	 */
	public static AllowedClasses none() {
		return new AllowedClasses(List.of());
	}

	/**
	 * Returns this list with more entries.
	 * @param more class names or package patterns
	 * @return the combined list
	 * @throws IllegalArgumentException naming an entry that is neither
	 */
	public AllowedClasses and(Collection<String> more) {
		for (String entry : more) {
			if (!isValidEntry(entry)) {
				throw new IllegalArgumentException("'" + entry
						+ "' is neither a class name (com.example.Cart) nor a pattern (com.example.*, com.example.** or com.example.Outer$*)");
			}
		}
		List<String> combined = new ArrayList<>(this.entries);
		combined.addAll(more);
		return new AllowedClasses(combined);
	}

	/**
	 * Tells whether an entry has the syntax of a class name or a package pattern.
	 * @param entry the entry
	 * @return whether it is valid
	 */
	public static boolean isValidEntry(String entry) {
		return entry != null && ENTRY.matcher(entry).matches();
	}

	/**
	 * Tells whether a class may be instantiated. Arrays always may: an array creates no
	 * object of its component type, and each of its elements is checked on its own.
	 * @param type the class
	 * @return whether it is allowed
	 */
	public boolean allows(Class<?> type) {
		return type.isArray() || type.isPrimitive() || allows(type.getName());
	}

	/**
	 * Tells whether a class, by name, may be instantiated. Array names
	 * ({@code [Ljava.lang.String;}) are not resolved here: use {@link #allows(Class)}.
	 * @param className the binary name of the class
	 * @return whether it is allowed
	 */
	public boolean allows(String className) {
		if (this.exact.contains(className)) {
			return true;
		}
		int lastDot = className.lastIndexOf('.');
		String packagePrefix = (lastDot >= 0) ? className.substring(0, lastDot + 1) : "";
		if (this.packages.contains(packagePrefix)) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns a regular expression that matches exactly the allowed class names (arrays
	 * aside), for checks that must happen before a class is loaded.
	 * @return the pattern
	 */
	public Pattern asPattern() {
		StringJoiner alternatives = new StringJoiner("|");
		this.exact.forEach((name) -> alternatives.add(Pattern.quote(name)));
		this.packages.forEach((prefix) -> alternatives.add(Pattern.quote(prefix) + "[^.]+"));
		this.prefixes.forEach((prefix) -> alternatives.add(Pattern.quote(prefix) + ".+"));
		return (alternatives.length() > 0) ? Pattern.compile(alternatives.toString()) : Pattern.compile("(?!)");
	}

	/**
	 * Returns the entries, in the order given.
	 * @return class names and package patterns
	 */
	public List<String> entries() {
		return this.entries;
	}

	@Override
	public String toString() {
		return this.entries.toString();
	}

}
