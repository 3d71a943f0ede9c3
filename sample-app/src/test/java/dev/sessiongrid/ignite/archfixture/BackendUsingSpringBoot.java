package dev.sessiongrid.ignite.archfixture;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * Breaks a layer rule on purpose, for {@code LayerRulesTests}: a backend class that binds
 * Spring Boot properties.
 */
public class BackendUsingSpringBoot {

	Binder binder;

}
