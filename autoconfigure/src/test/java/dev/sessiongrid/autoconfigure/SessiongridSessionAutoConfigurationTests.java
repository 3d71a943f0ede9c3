package dev.sessiongrid.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SaveMode;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.web.http.SessionRepositoryFilter;

import dev.sessiongrid.ignite.TestPorts;
import dev.sessiongrid.ignite.session.IgniteSession;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;
import dev.sessiongrid.ignite.session.SessionTooLargeException;
import dev.sessiongrid.ignite.session.UnreadableAttributePolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessiongridSessionAutoConfiguration}, on real nodes: one test per
 * property that reaches the repository, per back-off condition, and for the order of
 * customizers.
 */
class SessiongridSessionAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		// an embedded web server, not a war: Boot then takes the timeout from
		// server.servlet.session.timeout
		.withInitializer((context) -> context.setServletContext(null))
		.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
				SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class))
		.withPropertyValues(TestPorts.AUTOCONFIGURE.properties());

	@Test
	void backsSpringSessionWithTheGridByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IgniteSessionRepository.class)
				.hasSingleBean(SessionRepositoryFilter.class);
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			assertThat(context.getBean(SessionRepository.class)).isSameAs(repository);
			assertThat(repository).isInstanceOf(FindByIndexNameSessionRepository.class);
			assertThat(repository.getSessionCache().getName()).isEqualTo("sessiongrid-sessions");
			assertThat(cacheConfiguration(repository).getBackups()).isEqualTo(1);
			assertThat(repository.getFlushMode()).isEqualTo(FlushMode.ON_SAVE);
			assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ON_SET_ATTRIBUTE);
			assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
			// the session lives in the cluster: what one save wrote, the node's cache
			// holds
			IgniteSession session = repository.createSession();
			session.setAttribute("cart", "3 apples");
			repository.save(session);
			assertThat(context.getBean(Ignite.class).cache("sessiongrid-sessions").containsKey(session.getId()))
				.isTrue();
		});
	}

	@Test
	void cacheNameNamesTheSessionsCache() {
		this.contextRunner.withPropertyValues("sessiongrid.cache-name=shop-sessions").run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			assertThat(repository.getSessionCache().getName()).isEqualTo("shop-sessions");
			assertThat(context.getBean(Ignite.class).cacheNames()).contains("shop-sessions");
		});
	}

	@Test
	void backupsIsTheNumberOfBackupCopies() {
		this.contextRunner.withPropertyValues("sessiongrid.backups=2")
			.run((context) -> assertThat(
					cacheConfiguration(context.getBean(IgniteSessionRepository.class)).getBackups())
				.isEqualTo(2));
	}

	@Test
	void flushModeReachesTheRepository() {
		this.contextRunner.withPropertyValues("sessiongrid.flush-mode=immediate").run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			assertThat(repository.getFlushMode()).isEqualTo(FlushMode.IMMEDIATE);
			// immediate: a new session is in the grid before anyone saves it
			IgniteSession session = repository.createSession();
			assertThat(repository.getSessionCache().containsKey(session.getId())).isTrue();
		});
	}

	@Test
	void saveModeReachesTheRepository() {
		this.contextRunner.withPropertyValues("sessiongrid.save-mode=always")
			.run((context) -> assertThat(context.getBean(IgniteSessionRepository.class).getSaveMode())
				.isEqualTo(SaveMode.ALWAYS));
	}

	@Test
	void maxSessionSizeLimitsWhatASaveMayWrite() {
		this.contextRunner.withPropertyValues("sessiongrid.max-session-size=1KB").run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			IgniteSession session = repository.createSession();
			session.setAttribute("photo", new byte[2048]);
			assertThatExceptionOfType(SessionTooLargeException.class).isThrownBy(() -> repository.save(session))
				.withMessageContaining("photo")
				.withMessageContaining("maximum session size of 1024 bytes (sessiongrid.max-session-size)");
		});
	}

	@Test
	void repositoryStartsOnlyAfterEveryCustomizerRan() {
		this.contextRunner.withUserConfiguration(StartObservingCustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean(StartObservingCustomizerConfiguration.class).startedWhenCustomized)
				.containsExactly(false);
			// and it is started once the context is up
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			assertThat(repository.getSessionCache().getName()).isEqualTo("sessiongrid-sessions");
		});
	}

	@Test
	void unreadableAttributeReachesTheRepository() {
		this.contextRunner.withPropertyValues("sessiongrid.unreadable-attribute=remove")
			.run((context) -> assertThat(context.getBean(IgniteSessionRepository.class))
				.hasFieldOrPropertyWithValue("unreadableAttributePolicy", UnreadableAttributePolicy.REMOVE));
	}

	@Test
	void touchIntervalReachesTheRepository() {
		this.contextRunner.withPropertyValues("sessiongrid.touch-interval=30s")
			.run((context) -> assertThat(context.getBean(IgniteSessionRepository.class).getTouchInterval())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void touchIntervalDefaultsToTheRepositorysDefault() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(IgniteSessionRepository.class).getTouchInterval())
				.isEqualTo(IgniteSessionRepository.DEFAULT_TOUCH_INTERVAL));
	}

	@Test
	void springSessionTimeoutIsTheDefaultMaxInactiveInterval() {
		this.contextRunner.withPropertyValues("spring.session.timeout=7m", "server.servlet.session.timeout=9m")
			.run((context) -> assertThat(context.getBean(IgniteSessionRepository.class).getDefaultMaxInactiveInterval())
				.isEqualTo(Duration.ofMinutes(7)));
	}

	@Test
	void serverServletSessionTimeoutIsUsedWhenSpringSessionTimeoutIsUnset() {
		this.contextRunner.withPropertyValues("server.servlet.session.timeout=9m").run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(9));
			assertThat(repository.createSession().getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(9));
		});
	}

	@Test
	void sessionEventsArePublishedToTheApplication() {
		this.contextRunner.withUserConfiguration(EventsConfiguration.class).run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			IgniteSession session = repository.createSession();
			repository.save(session);
			assertThat(context.getBean(EventsConfiguration.class).created).containsExactly(session.getId());
		});
	}

	@Test
	void userCustomizerWinsOverTheProperties() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("sessiongrid.save-mode=on-get-attribute", "spring.session.timeout=7m")
			.run((context) -> {
				IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
				assertThat(repository.getSaveMode()).isEqualTo(SaveMode.ALWAYS);
				assertThat(repository.getDefaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(3));
			});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnSessionRepository() {
		this.contextRunner.withUserConfiguration(UserSessionRepositoryConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(IgniteSessionRepository.class);
			assertThat(context.getBean(SessionRepository.class)).isInstanceOf(MapSessionRepository.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("sessiongrid.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IgniteSessionRepository.class).doesNotHaveBean(Ignite.class);
		});
	}

	@Test
	void backsOffInANonWebApplicationButStillStartsTheNode() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SessiongridIgniteAutoConfiguration.class,
					SessiongridSessionAutoConfiguration.class, SessionAutoConfiguration.class))
			.withPropertyValues(TestPorts.AUTOCONFIGURE.properties())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IgniteSessionRepository.class);
				// a storage-only node: it holds its share of the other nodes' sessions
				assertThat(context).hasSingleBean(Ignite.class);
			});
	}

	@Test
	void usesTheApplicationsOwnIgnite() {
		this.contextRunner.withUserConfiguration(UserIgniteConfiguration.class).run((context) -> {
			Ignite ignite = context.getBean(Ignite.class);
			assertThat(ignite.name()).isEqualTo("users-own");
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			IgniteSession session = repository.createSession();
			repository.save(session);
			assertThat(ignite.cache("sessiongrid-sessions").containsKey(session.getId())).isTrue();
		});
	}

	@Test
	void aSessionSavedThroughOneContextIsFoundThroughAnother() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			IgniteSessionRepository one = first.getBean(IgniteSessionRepository.class);
			IgniteSession session = one.createSession();
			session.setAttribute("cart", "3 apples");
			one.save(session);
			IgniteSession found = second.getBean(IgniteSessionRepository.class).findById(session.getId());
			assertThat(found).isNotNull();
			assertThat((String) found.getAttribute("cart")).isEqualTo("3 apples");
		}));
	}

	@Test
	void findByPrincipalNameFindsALoggedInUsersSessions() {
		this.contextRunner.run((context) -> {
			IgniteSessionRepository repository = context.getBean(IgniteSessionRepository.class);
			IgniteSession session = repository.createSession();
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
			repository.save(session);
			Map<String, IgniteSession> found = repository.findByPrincipalName("alice");
			assertThat(found).containsOnlyKeys(session.getId());
		});
	}

	@Test
	void negativeBackupsFailNamingThePropertyAndTheAllowedValues() {
		this.contextRunner.withPropertyValues("sessiongrid.backups=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.backups")
				.hasMessageContaining("0 to 10"));
	}

	@Test
	void blankCacheNameFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("sessiongrid.cache-name= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("sessiongrid.cache-name"));
	}

	private static CacheConfiguration<?, ?> cacheConfiguration(IgniteSessionRepository repository) {
		return repository.getSessionCache().getConfiguration(CacheConfiguration.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class StartObservingCustomizerConfiguration {

		final List<Boolean> startedWhenCustomized = new CopyOnWriteArrayList<>();

		@Bean
		SessionRepositoryCustomizer<IgniteSessionRepository> startObservingCustomizer() {
			return (repository) -> {
				boolean started;
				try {
					repository.getSessionCache();
					started = true;
				}
				catch (IllegalStateException ex) {
					started = false;
				}
				this.startedWhenCustomized.add(started);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		SessionRepositoryCustomizer<IgniteSessionRepository> usersCustomizer() {
			return (repository) -> {
				repository.setSaveMode(SaveMode.ALWAYS);
				repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(3));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSessionRepositoryConfiguration {

		@Bean
		MapSessionRepository usersSessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		final List<String> created = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<SessionCreatedEvent> createdListener() {
			return (event) -> this.created.add(event.getSessionId());
		}

	}

}
