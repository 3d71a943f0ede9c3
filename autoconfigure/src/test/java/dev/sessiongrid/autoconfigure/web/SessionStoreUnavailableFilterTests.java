package dev.sessiongrid.autoconfigure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;

import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionDataLostException;
import dev.sessiongrid.ignite.session.SessionStoreFullException;
import dev.sessiongrid.ignite.session.SessionStoreUnavailableException;
import dev.sessiongrid.ignite.session.SessionTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

class SessionStoreUnavailableFilterTests {

	private final SessionStoreUnavailableFilter filter = new SessionStoreUnavailableFilter();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cart");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void aNodeBeingReplacedIsAnswered503WithRetryAfter() throws Exception {
		this.filter.doFilter(this.request, this.response, throwing(new SessionStoreUnavailableException(
				"IgniteSessionRepository of cache 'sessions' is unavailable: the node of this instance stopped")));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo(SessionStoreUnavailableFilter.RETRY_AFTER_SECONDS);
		assertThat(this.response.getErrorMessage()).contains("rejoining the cluster");
	}

	@Test
	void aFailureWrappedByTheDispatcherIsFoundAmongTheCauses() throws Exception {
		// what FrameworkServlet throws for a handler's runtime exception
		ServletException wrapped = new ServletException("Request processing failed",
				new SessionDataLostException("0123456789abcdef", "sessions", 7, new IllegalStateException("lost")));
		this.filter.doFilter(this.request, this.response, throwing(wrapped));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getErrorMessage()).contains("lost").doesNotContain("0123456789abcdef");
	}

	@Test
	void aFullNodeIsAnswered503SoThatAnotherInstanceMayTakeTheNewSession() throws Exception {
		this.filter.doFilter(this.request, this.response, throwing(new SessionStoreFullException(95, 100)));
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getErrorMessage()).contains("memory is full");
	}

	@Test
	void otherFailuresPassUnchanged() {
		SessionTooLargeException tooLarge = new SessionTooLargeException("0123456789abcdef", 5000, 4000, "cart=5000",
				null);
		assertThatExceptionOfType(SessionTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, throwing(tooLarge)))
			.isSameAs(tooLarge);
		IllegalArgumentException other = new IllegalArgumentException("not the store");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, new MockHttpServletResponse(), throwing(other)))
			.isSameAs(other);
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	@Test
	void aCommittedResponseCannotChangeItsStatusSoTheFailurePasses() {
		SessionStoreUnavailableException unavailable = new SessionStoreUnavailableException("unavailable");
		FilterChain chain = (request, response) -> {
			response.getWriter().write("partial");
			response.flushBuffer();
			throw unavailable;
		};
		assertThatExceptionOfType(SessionStoreUnavailableException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, chain))
			.isSameAs(unavailable);
	}

	@Test
	void theFilterWrapsSpringSessionsFilterWhateverItsOrder() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridWebAutoConfiguration.class))
			.withBean(IgniteSessionRepository.class, () -> mock(IgniteSessionRepository.class));
		runner.run((context) -> assertThat(registration(context.getBean(FilterRegistrationBean.class)).getOrder())
			.isEqualTo(SessionRepositoryFilter.DEFAULT_ORDER - 1));
		runner.withConfiguration(AutoConfigurations.of(SessionAutoConfiguration.class))
			.withPropertyValues("spring.session.servlet.filter-order=100")
			.run((context) -> assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
				.anySatisfy((bean) -> {
					assertThat(bean.getFilter()).isInstanceOf(SessionStoreUnavailableFilter.class);
					assertThat(bean.getOrder()).isEqualTo(99);
				}));
	}

	@Test
	void noFilterOutsideAServletApplicationOrWithoutTheRepository() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SessiongridWebAutoConfiguration.class))
			.withBean(IgniteSessionRepository.class, () -> mock(IgniteSessionRepository.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	private static FilterRegistrationBean<?> registration(FilterRegistrationBean<?> bean) {
		assertThat(bean.getFilter()).isInstanceOf(SessionStoreUnavailableFilter.class);
		return bean;
	}

	private static FilterChain throwing(Exception ex) {
		return (request, response) -> {
			if (ex instanceof ServletException servlet) {
				throw servlet;
			}
			throw (RuntimeException) ex;
		};
	}

}
