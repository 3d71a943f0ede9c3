package dev.sessiongrid.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for the shop: signing in is optional, so every page, the cart and its
 * API stay open to anonymous visitors; form login of two demo users (alice and bob, with
 * the passwords {@value #ALICE_PASSWORD} and {@value #BOB_PASSWORD}) puts a principal
 * into the session, which Spring Session indexes so that Actuator's {@code sessions}
 * endpoint finds a user's sessions. Signing in gives the session a new id (Spring
 * Security's session fixation protection); signing out ends the session and its cart.
 */
@Configuration(proxyBeanMethods = false)
class ShopSecurity {

	/** Demo password of alice, shown on the page. */
	static final String ALICE_PASSWORD = "alice-demo";

	/** Demo password of bob, shown on the page. */
	static final String BOB_PASSWORD = "bob-demo";

	@Bean
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			// the sign-in form is on the shop's page; a wrong password comes back to it
			.formLogin((form) -> form.loginPage("/").loginProcessingUrl("/login").failureUrl("/?login-error"))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/"))
			// The page's forms carry a CSRF token. The JSON API is for curl and scripts
			// (the failover drill among them), which have none, and Actuator is on its
			// own loopback-only port for the operator. A cross-site form post to the API
			// carries no session: Spring Session's cookie is SameSite=Lax.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**"));
		return http.build();
	}

	@Bean
	UserDetailsService shopUsers() {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password(encoder.encode(ALICE_PASSWORD)).roles("USER").build(),
				User.withUsername("bob").password(encoder.encode(BOB_PASSWORD)).roles("USER").build());
	}

}
