package dev.sessiongrid.ignite.session;

import org.jspecify.annotations.Nullable;

/**
 * Rules for session ids arriving from outside (cookies, headers, an operator's request):
 * what is accepted, and how ids are shown in logs. Public so that every place that takes
 * an id from outside applies the same rule.
 */
public final class SessionIds {

	/**
	 * Longer ids are refused: no generator makes them, and they would only bloat keys and
	 * logs.
	 */
	public static final int MAX_LENGTH = 256;

	private SessionIds() {
	}

	/**
	 * Tells whether an id can be looked up at all: not blank, not too long, printable
	 * ASCII only.
	 * @param id the id, possibly {@code null}
	 * @return whether it is well formed
	 */
	public static boolean isWellFormed(@Nullable String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Shortens an id for log messages so that logs never carry a usable session id.
	 * @param id the id, possibly {@code null}
	 * @return a form safe to log
	 */
	public static String abbreviate(@Nullable String id) {
		if (id == null) {
			return "null";
		}
		return (id.length() <= 8) ? "****" : id.substring(0, 4) + "…" + "(" + id.length() + " chars)";
	}

}
