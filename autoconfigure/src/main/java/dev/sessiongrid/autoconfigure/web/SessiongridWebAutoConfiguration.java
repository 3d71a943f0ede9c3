package dev.sessiongrid.autoconfigure.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Registers {@link SessionStoreUnavailableFilter} in a servlet web application whose
 * sessions Sessiongrid keeps, just before Spring Session's filter
 * ({@code spring.session.servlet.filter-order}, Spring Session's default when unset), so
 * that it wraps it.
 */
@AutoConfiguration(afterName = "dev.sessiongrid.autoconfigure.SessiongridSessionAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class, SessionRepositoryFilter.class })
@ConditionalOnBean(IgniteSessionRepository.class)
public final class SessiongridWebAutoConfiguration {

	@Bean
	FilterRegistrationBean<SessionStoreUnavailableFilter> sessiongridStoreUnavailableFilter(
			ObjectProvider<SessionProperties> sessionProperties) {
		FilterRegistrationBean<SessionStoreUnavailableFilter> registration = new FilterRegistrationBean<>(
				new SessionStoreUnavailableFilter());
		SessionProperties properties = sessionProperties.getIfAvailable();
		int order = (properties != null) ? properties.getServlet().getFilterOrder()
				: SessionRepositoryFilter.DEFAULT_ORDER;
		registration.setOrder(order - 1);
		return registration;
	}

}
