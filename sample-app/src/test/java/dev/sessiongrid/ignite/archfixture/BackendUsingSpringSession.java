package dev.sessiongrid.ignite.archfixture;

import org.springframework.session.Session;

/**
 * Keeps to the layers, for {@code LayerRulesTests}: Spring Session is not Spring Boot.
 */
public class BackendUsingSpringSession {

	Session session;

}
