package dev.sessiongrid.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded node on a thread of its own once the context's bean definitions are
 * known, so that its start (~2-3 s of class loading and cold code, most of what the node
 * adds to an application's start-up) runs while the rest of the context starts; the
 * {@code sessiongridNode} bean then takes the started node, waiting for it if need be.
 * <p>
 * Used only when the node's configuration needs no bean of the context: not with
 * {@code sessiongrid.ssl.bundle} (an {@code SslBundles} bean), a
 * {@link SessiongridIgniteConfigurationCustomizer} bean, lazy initialization (where the
 * node starts when first used), or {@code sessiongrid.node.background-start=false}.
 * Properties that do not bind or validate are left to the bean, which reports them as
 * usual. A node started here that no bean took (the context failed first) is stopped with
 * the context.
 */
final class BackgroundNodeStart implements BeanFactoryPostProcessor, DisposableBean, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundNodeStart.class);

	private final Environment environment;

	private final Function<SessiongridProperties, Supplier<Ignite>> starters;

	private @Nullable CompletableFuture<Ignite> start;

	private boolean taken;

	/**
	 * @param environment where the {@code sessiongrid.*} properties are read from
	 * @param starters makes the first node's starter from the bound properties, as the
	 * {@code sessiongridNode} bean does without customizers
	 */
	BackgroundNodeStart(Environment environment, Function<SessiongridProperties, Supplier<Ignite>> starters) {
		this.environment = environment;
		this.starters = starters;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		Binder binder = Binder.get(this.environment);
		if (binder.bind("spring.main.lazy-initialization", Boolean.class).orElse(false) || beanFactory
			.getBeanNamesForType(SessiongridIgniteConfigurationCustomizer.class, true, false).length > 0) {
			return;
		}
		Supplier<Ignite> starter;
		try {
			SessiongridProperties properties = binder.bind("sessiongrid", Bindable.of(SessiongridProperties.class))
				.orElseGet(SessiongridProperties::new);
			if (!properties.getNode().isBackgroundStart() || properties.getSsl().getBundle() != null) {
				return;
			}
			starter = this.starters.apply(properties);
		}
		catch (RuntimeException ex) {
			// the bean binds and validates them again, and reports the problem as usual
			logger.debug("Starting the node with the context's beans: {}", ex.toString());
			return;
		}
		CompletableFuture<Ignite> future = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				future.complete(starter.get());
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		}, "sessiongrid-node-start");
		thread.setDaemon(true);
		thread.start();
		this.start = future;
	}

	/**
	 * Takes the node started here, waiting for its start to end.
	 * @return the node, or {@code null} when none was started here (the caller starts it)
	 * @throws RuntimeException the exception the start failed with, as thrown there
	 */
	synchronized @Nullable Ignite take() {
		CompletableFuture<Ignite> future = this.start;
		if (future == null || this.taken) {
			return null;
		}
		this.taken = true;
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * Stops a node no bean took, e.g. because another bean failed the context first.
	 */
	@Override
	public synchronized void destroy() {
		CompletableFuture<Ignite> future = this.start;
		if (future == null || this.taken) {
			return;
		}
		this.taken = true;
		try {
			future.join().close();
		}
		catch (RuntimeException ex) {
			// its start failed: nothing runs
			logger.debug("The node started in the background did not start", ex);
		}
	}

	@Override
	public int getOrder() {
		// after the other post-processors, so that the definitions it looks at are final
		return Ordered.LOWEST_PRECEDENCE;
	}

}
