package dev.sessiongrid.autoconfigure;

import java.util.List;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.util.unit.DataSize;

import dev.sessiongrid.ignite.node.SessiongridNode;
import dev.sessiongrid.ignite.session.AttributeSerializer;
import dev.sessiongrid.ignite.session.IgniteSessionRepository;

/**
 * Auto-configuration that backs Spring Session with the embedded grid in servlet web
 * applications: an {@link IgniteSessionRepository} over the {@link SessiongridNode} bean
 * (the node started here, which heals, or the application's own {@link Ignite}), and
 * Spring Session's filter. Backs off when the application defines its own
 * {@link SessionRepository} and when {@code sessiongrid.enabled} is {@code false}.
 * <p>
 * Properties reach the repository through a {@link SessionRepositoryCustomizer} at
 * {@link Ordered#HIGHEST_PRECEDENCE}, applied before the application's own customizers,
 * so theirs win. The default session timeout is Boot's: {@code spring.session.timeout},
 * else {@code server.servlet.session.timeout}. Attribute values are stored by the
 * application's {@link AttributeSerializer} bean if it has one, else by the serializer
 * {@code sessiongrid.serializer} names, reading through the filter
 * {@code sessiongrid.serialization.*} describes, which allows the application's own
 * packages.
 * <p>
 * The customizers run inside the bean method, as in Boot's own session
 * auto-configurations; the repository starts (creates its caches and listens to expiry)
 * only afterwards, when the container calls its {@code afterPropertiesSet()}, so every
 * expiry it hears goes to the configured publisher and observers.
 */
@AutoConfiguration(before = SessionAutoConfiguration.class, after = SessiongridIgniteAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Session.class, IgniteSessionRepository.class })
@ConditionalOnMissingBean(SessionRepository.class)
@ConditionalOnBean(SessiongridNode.class)
@ConditionalOnBooleanProperty(name = "sessiongrid.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessiongridProperties.class)
@Import(SpringHttpSessionConfiguration.class)
public final class SessiongridSessionAutoConfiguration {

	/** Name of the node bean {@link SessiongridIgniteAutoConfiguration} starts. */
	private static final String SESSIONGRID_IGNITE = "sessiongridIgnite";

	@Bean
	IgniteSessionRepository sessionRepository(SessiongridNode node, SessiongridProperties properties,
			ApplicationEventPublisher eventPublisher,
			ObjectProvider<SessionRepositoryCustomizer<IgniteSessionRepository>> customizers) {
		SessiongridPropertiesValidator.validateRepository(properties);
		IgniteSessionRepository repository = new IgniteSessionRepository(node, properties.getCacheName(),
				properties.getBackups());
		repository.setApplicationEventPublisher(eventPublisher);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(repository));
		// not started here: the container calls afterPropertiesSet() once this method
		// returns
		return repository;
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SessionRepositoryCustomizer<IgniteSessionRepository> sessiongridSessionRepositoryCustomizer(
			SessiongridProperties properties, ObjectProvider<SessionTimeout> sessionTimeout,
			ObjectProvider<AttributeSerializer> attributeSerializer, BeanFactory beanFactory) {
		return (repository) -> {
			repository.setSerializer(attributeSerializer.getIfAvailable(() -> AttributeSerializers
				.fromProperties(properties, applicationPackages(beanFactory), beanClassLoader(beanFactory))));
			PropertyMapper map = PropertyMapper.get();
			// Absent only when Boot's SessionAutoConfiguration is excluded; the
			// repository's default then stays.
			sessionTimeout
				.ifAvailable((timeout) -> map.from(timeout::getTimeout).to(repository::setDefaultMaxInactiveInterval));
			map.from(properties::getFlushMode).to(repository::setFlushMode);
			map.from(properties::getSaveMode).to(repository::setSaveMode);
			map.from(properties::getMaxSessionSize).as(DataSize::toBytes).to(repository::setMaxSessionSize);
			map.from(properties::getUnreadableAttribute).to(repository::setUnreadableAttributePolicy);
			map.from(properties::getTouchInterval).to(repository::setTouchInterval);
			// The backend's messages name limits, not properties: say here which property
			// sets them. The memory property only sizes a node started by this
			// auto-configuration, not an application's own Ignite.
			repository.setLimitHints("sessiongrid.max-session-size",
					beanFactory.containsBean(SESSIONGRID_IGNITE) ? "sessiongrid.node.max-memory" : null);
		};
	}

	private static List<String> applicationPackages(BeanFactory beanFactory) {
		return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
	}

	private static @Nullable ClassLoader beanClassLoader(BeanFactory beanFactory) {
		return (beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable.getBeanClassLoader() : null;
	}

}
