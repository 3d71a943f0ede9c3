package dev.sessiongrid.ignite.session;

import java.util.List;

import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Spring Security's Jackson modules, in a class of their own so that
 * {@link JsonAttributeSerializer} loads without Spring Security; only called when it is
 * on the class path.
 */
final class SpringSecurityJackson {

	private SpringSecurityJackson() {
	}

	static List<JacksonModule> modules(ClassLoader classLoader, BasicPolymorphicTypeValidator.Builder types) {
		return SecurityJacksonModules.getModules(classLoader, types);
	}

}
